"""Who may do what in the back office.

A member of staff holds roles, each either for every consultation or for one. What a role allows is a fixed set of
capabilities, written here once; every view names the capability it needs and ``StaffAccess.can`` decides.
Administrators look after accounts and the audit log, not consultations: reading responses is an analyst's role,
and someone who needs both is given both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    MANAGER = "manager", _("Consultation manager")
    ANALYST = "analyst", _("Analyst")
    DATA_ENTRY = "data_entry", _("Data entry")
    PARTNER_VIEWER = "partner_viewer", _("Partner viewer")


ROLE_DESCRIPTIONS = {
    Role.ADMINISTRATOR: _(
        "Adds staff, gives and takes away roles, unlocks accounts and reads the audit log."
    ),
    Role.MANAGER: _(
        "Runs a consultation: its page, questionnaire versions, events, opening and closing; with every "
        "consultation, also creates consultations and checks support services."
    ),
    Role.ANALYST: _("Reads responses, excludes them from analysis with a reason, and exports them."),
    Role.DATA_ENTRY: _("Types in paper responses. Sees no other response."),
    Role.PARTNER_VIEWER: _(
        "Sees the published results of a consultation: tables only, never one response or free text."
    ),
}

#: Roles that only make sense for the whole service, never for one consultation.
GLOBAL_ONLY_ROLES = frozenset({Role.ADMINISTRATOR})


class Capability(StrEnum):
    # For the whole service (a role held for every consultation).
    MANAGE_STAFF = "manage_staff"
    READ_AUDIT_LOG = "read_audit_log"
    CREATE_CONSULTATIONS = "create_consultations"
    CHECK_SUPPORT_SERVICES = "check_support_services"
    # For one consultation (a role held for it, or for every consultation).
    SEE_CONSULTATION = "see_consultation"
    SEE_COUNTS = "see_counts"
    RUN_CONSULTATION = "run_consultation"
    READ_RESPONSES = "read_responses"
    EXCLUDE_RESPONSES = "exclude_responses"
    EXPORT_RESPONSES = "export_responses"
    ENTER_PAPER_RESPONSES = "enter_paper_responses"
    SEE_PUBLISHED_RESULTS = "see_published_results"


GLOBAL_CAPABILITIES = frozenset(
    {
        Capability.MANAGE_STAFF,
        Capability.READ_AUDIT_LOG,
        Capability.CREATE_CONSULTATIONS,
        Capability.CHECK_SUPPORT_SERVICES,
    }
)

CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.ADMINISTRATOR: frozenset({Capability.MANAGE_STAFF, Capability.READ_AUDIT_LOG}),
    Role.MANAGER: frozenset(
        {
            Capability.CREATE_CONSULTATIONS,
            Capability.CHECK_SUPPORT_SERVICES,
            Capability.SEE_CONSULTATION,
            Capability.SEE_COUNTS,
            Capability.RUN_CONSULTATION,
            Capability.SEE_PUBLISHED_RESULTS,
        }
    ),
    Role.ANALYST: frozenset(
        {
            Capability.SEE_CONSULTATION,
            Capability.SEE_COUNTS,
            Capability.READ_RESPONSES,
            Capability.EXCLUDE_RESPONSES,
            Capability.EXPORT_RESPONSES,
            Capability.SEE_PUBLISHED_RESULTS,
        }
    ),
    Role.DATA_ENTRY: frozenset({Capability.SEE_CONSULTATION, Capability.ENTER_PAPER_RESPONSES}),
    Role.PARTNER_VIEWER: frozenset({Capability.SEE_CONSULTATION, Capability.SEE_PUBLISHED_RESULTS}),
}


@dataclass(frozen=True)
class Grant:
    role: str
    #: None: for every consultation.
    consultation_id: int | None


@dataclass(frozen=True)
class StaffAccess:
    """What one member of staff may do, from the roles they hold."""

    grants: frozenset[Grant]

    @classmethod
    def of(cls, grants: Iterable[Grant]) -> StaffAccess:
        return cls(frozenset(grants))

    def can(self, capability: Capability, *, consultation_id: int | None = None) -> bool:
        """Whether any role allows ``capability``: for the whole service, or for this consultation."""
        for grant in self.grants:
            if capability not in CAPABILITIES.get(grant.role, frozenset()):
                continue
            if grant.consultation_id is None:
                return True
            if capability not in GLOBAL_CAPABILITIES and grant.consultation_id == consultation_id:
                return True
        return False

    def can_anywhere(self, capability: Capability) -> bool:
        """Whether ``capability`` is allowed for at least one consultation (for showing a link to a list)."""
        return any(capability in CAPABILITIES.get(grant.role, frozenset()) for grant in self.grants)

    @property
    def sees_every_consultation(self) -> bool:
        return any(
            g.consultation_id is None and Capability.SEE_CONSULTATION in CAPABILITIES.get(g.role, frozenset())
            for g in self.grants
        )

    @property
    def consultation_ids(self) -> frozenset[int]:
        """The consultations named in this person's roles (those held for every consultation aside)."""
        return frozenset(
            g.consultation_id
            for g in self.grants
            if g.consultation_id is not None
            and Capability.SEE_CONSULTATION in CAPABILITIES.get(g.role, frozenset())
        )

    @property
    def is_staff(self) -> bool:
        return bool(self.grants)
