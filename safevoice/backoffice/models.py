"""Staff roles and what the back office keeps about a member of staff. Accounts are Django's users; they are
deactivated, never deleted, so the audit log's names always point at someone."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safevoice.backoffice.roles import Role
from safevoice.consultations.models import Consultation


class RoleGrant(models.Model):
    """One role held by one member of staff, for one consultation or (consultation empty) for all of them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=30, choices=Role.choices)
    consultation = models.ForeignKey(
        Consultation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_grants",
        help_text=_("Empty: the role holds for every consultation."),
    )
    granted_at = models.DateTimeField()
    granted_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["user", "role", "consultation"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "consultation"], name="role_grant_unique_per_consultation"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(consultation__isnull=True),
                name="role_grant_unique_for_all_consultations",
            ),
        ]

    def __str__(self) -> str:
        where = self.consultation.title if self.consultation else "every consultation"
        return f"{self.user} {self.role} for {where}"


class StaffProfile(models.Model):
    """What an account needs beyond Django's user: whether its password was set by an administrator and must be
    replaced at the next sign-in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    must_change_password = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"Staff profile of {self.user}"
