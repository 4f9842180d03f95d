"""The demonstration's staff login, new each run: a password, an authenticator secret and a recovery code, printed
as plain "name: value" lines that a person can read and a script can parse. Refused in production."""

from __future__ import annotations

import secrets
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from safevoice.audit.services import record_event
from safevoice.backoffice import two_factor
from safevoice.backoffice.models import RoleGrant, StaffProfile
from safevoice.backoffice.roles import Role

USERNAME = "demo-staff"


class Command(BaseCommand):
    help = (
        "Create or reset the demonstration staff login (every role, for every consultation) with a new password, "
        "authenticator secret and recovery code, and print them. Refused with SAFEVOICE_ENV=production."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "demo_staff_login makes a known staff login: it does not run with SAFEVOICE_ENV=production"
            )
        password = secrets.token_urlsafe(15)
        with transaction.atomic():
            user, _ = get_user_model().objects.get_or_create(username=USERNAME)
            user.first_name, user.last_name = "Demonstration", "staff"
            user.is_active = True
            user.is_staff = False
            user.is_superuser = False
            user.set_password(password)
            user.save()
            StaffProfile.objects.update_or_create(user=user, defaults={"must_change_password": False})
            for role in Role:
                RoleGrant.objects.get_or_create(
                    user=user,
                    role=role,
                    consultation=None,
                    defaults={"granted_at": timezone.now(), "granted_by": "load_demo"},
                )
            two_factor.remove_second_factor(user)
            device = TOTPDevice.objects.create(user=user, name=two_factor.TOTP_NAME, confirmed=True)
            recovery = two_factor.new_recovery_codes(user, count=1)[0]
            record_event(actor="", action="staff.demo_login_reset", target=f"user:{USERNAME}")
        AxesProxyHandler.reset_attempts(username=USERNAME)
        address = settings.SAFEVOICE_PUBLIC_URL.rstrip("/") + "/staff/"
        self.stdout.write("")
        self.stdout.write(
            self.style.WARNING("Staff demo login (new each run; the code comes from any authenticator app):")
        )
        self.stdout.write(f"address: {address}")
        self.stdout.write(f"username: {USERNAME}")
        self.stdout.write(f"password: {password}")
        self.stdout.write(f"two-factor secret: {two_factor.secret_base32(device)}")
        self.stdout.write(f"recovery code: {two_factor.readable_recovery_code(recovery)}")
