"""The second factor: a TOTP authenticator app, enrolled with a QR code drawn here, and one-time recovery codes.

Built on django-otp's TOTP and static devices (each throttles wrong codes itself). The QR code is an SVG that this
server draws (segno) and serves from its own address: no image service sees the secret.
"""

from __future__ import annotations

import io
import re
from base64 import b32decode, b32encode
from dataclasses import dataclass
from datetime import datetime

import segno
from django.contrib.auth.models import User
from django.db import transaction
from django_otp.models import Device, VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
_NOT_CODE_CHARACTERS = re.compile(r"[\s\-]")


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def enrolment_device(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up: the same one (same secret) until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it typed in (and as the QR code carries it)."""
    return b32encode(device.bin_key).decode("ascii")


def spaced_secret(device: TOTPDevice) -> str:
    """The secret in groups of four, easier to type by hand."""
    secret = secret_base32(device)
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> bytes:
    """The enrolment QR code as a standalone SVG (no inline style, so it needs nothing from the CSP)."""
    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(
        buffer, kind="svg", scale=6, border=4, dark="#0b0c0c", light="#ffffff", xmldecl=True, svgns=True
    )
    return buffer.getvalue()


def normalise_code(typed: str) -> str:
    """What was typed, without spaces or hyphens, lower case: '123 456' and 'ABCD-EFGH' both work."""
    return _NOT_CODE_CHARACTERS.sub("", typed).lower()


def looks_like_authenticator_code(code: str) -> bool:
    return code.isdigit() and len(code) == 6


@dataclass(frozen=True)
class CodeCheck:
    device: Device | None
    #: Set when the devices refuse to check any code for a while after wrong ones (django-otp's throttling).
    wait_until: datetime | None = None
    used_recovery_code: bool = False


def check_code(user: User, typed: str) -> CodeCheck:
    """Try a typed code against the user's authenticator, then their recovery codes (each works once)."""
    code = normalise_code(typed)
    if not code:
        return CodeCheck(device=None)
    devices: list[Device] = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    if not looks_like_authenticator_code(code):
        devices = list(StaticDevice.objects.filter(user=user, confirmed=True))
    wait_until = None
    for device in devices:
        with transaction.atomic():
            # Locked row: two requests with the same recovery code cannot both use it.
            locked = type(device).objects.select_for_update().get(pk=device.pk)
            allowed, why = locked.verify_is_allowed()
            if not allowed:
                if why and why.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
                    wait_until = why.get("locked_until")
                continue
            if locked.verify_token(code):
                return CodeCheck(device=locked, used_recovery_code=isinstance(locked, StaticDevice))
    return CodeCheck(device=None, wait_until=wait_until)


def confirm_enrolment(device: TOTPDevice, typed: str) -> bool:
    """Confirm the authenticator being set up if the typed code is right; any older one is replaced."""
    code = normalise_code(typed)
    if not looks_like_authenticator_code(code):
        return False
    with transaction.atomic():
        if not device.verify_token(code):
            return False
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return True


def new_recovery_codes(user: User, *, count: int = RECOVERY_CODE_COUNT) -> list[str]:
    """Replace the user's recovery codes with ``count`` new ones; returns them to show once."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(count)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def remove_second_factor(user: User) -> None:
    """For an administrator helping someone who lost their phone: they set up a new one at next sign-in."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def readable_recovery_code(code: str) -> str:
    """'abcd2efg' as 'abcd-2efg': read aloud or copied in halves more easily (the hyphen is ignored when typed)."""
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


def key_from_base32(secret: str) -> str:
    """A base32 secret (as printed by the demo) as the hex key TOTPDevice stores."""
    return b32decode(secret.upper()).hex()
