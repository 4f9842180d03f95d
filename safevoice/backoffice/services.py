"""Writes about staff: accounts, roles, second factors. Each records what it did in the audit log."""

from __future__ import annotations

import secrets
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from safevoice.audit.services import record_event
from safevoice.backoffice import two_factor
from safevoice.backoffice.models import RoleGrant, StaffProfile
from safevoice.backoffice.roles import Role
from safevoice.consultations.models import Consultation


def user_target(user: User) -> str:
    return f"user:{user.get_username()}"


def temporary_password() -> str:
    """A password an administrator passes on once; the person must replace it at their first sign-in."""
    return secrets.token_urlsafe(12)


def create_staff_member(
    *, actor: str, username: str, full_name: str, role: Role, consultation: Consultation | None
) -> tuple[User, str]:
    """A new account with one role and a temporary password (returned, to show once)."""
    password = temporary_password()
    first, _, last = full_name.strip().partition(" ")
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=username, password=password)
        user.first_name, user.last_name = first[:150], last[:150]
        user.save(update_fields=["first_name", "last_name"])
        StaffProfile.objects.create(user=user, must_change_password=True)
        record_event(
            actor=actor, action="staff.created", target=user_target(user), details={"name": full_name}
        )
        grant_role(actor=actor, user=user, role=role, consultation=consultation)
    return user, password


def grant_role(*, actor: str, user: User, role: Role, consultation: Consultation | None) -> bool:
    """Give ``role`` (for one consultation, or all); False when the person already holds it."""
    with transaction.atomic():
        _, created = RoleGrant.objects.get_or_create(
            user=user,
            role=role,
            consultation=consultation,
            defaults={"granted_at": timezone.now(), "granted_by": actor},
        )
        if created:
            record_event(
                actor=actor,
                action="role.granted",
                target=user_target(user),
                details=_role(role, consultation),
            )
    return created


def revoke_role(*, actor: str, grant: RoleGrant) -> None:
    with transaction.atomic():
        details = _role(Role(grant.role), grant.consultation)
        user = grant.user
        grant.delete()
        record_event(actor=actor, action="role.removed", target=user_target(user), details=details)


def _role(role: Role, consultation: Consultation | None) -> dict[str, Any]:
    return {"role": role.value, "consultation": consultation.slug if consultation else "every consultation"}


def set_active(*, actor: str, user: User, active: bool) -> None:
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        record_event(
            actor=actor,
            action="staff.reactivated" if active else "staff.deactivated",
            target=user_target(user),
        )


def reset_password(*, actor: str, user: User) -> str:
    password = temporary_password()
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        StaffProfile.objects.update_or_create(user=user, defaults={"must_change_password": True})
        record_event(actor=actor, action="staff.password_reset", target=user_target(user))
    return password


def reset_second_factor(*, actor: str, user: User) -> None:
    with transaction.atomic():
        two_factor.remove_second_factor(user)
        record_event(actor=actor, action="staff.two_factor_reset", target=user_target(user))


def unlock(*, actor: str, user: User) -> int:
    """Clear failed sign-ins, so a locked-out person can try again at once."""
    cleared = AxesProxyHandler.reset_attempts(username=user.get_username())
    record_event(actor=actor, action="staff.unlocked", target=user_target(user), details={"cleared": cleared})
    return cleared


def change_own_password(*, user: User, password: str) -> None:
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        StaffProfile.objects.update_or_create(user=user, defaults={"must_change_password": False})
        record_event(actor=user.get_username(), action="staff.password_changed", target=user_target(user))


def make_recovery_codes(*, user: User) -> list[str]:
    codes = two_factor.new_recovery_codes(user)
    record_event(actor=user.get_username(), action="two_factor.recovery_codes_made", target=user_target(user))
    return codes
