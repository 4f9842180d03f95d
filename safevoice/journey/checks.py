"""Deployment checks for the journey (`manage.py check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

PRINTING_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


@register(Tags.security, deploy=True)
def client_address_comes_from_the_proxy(app_configs: Any, **kwargs: Any) -> list[Error]:
    if settings.PRODUCTION and settings.SAFEVOICE_CLIENT_ADDRESS_HEADER == "REMOTE_ADDR":
        return [
            Error(
                "In production the site runs behind the reverse proxy, so REMOTE_ADDR is the proxy's address: "
                "every resident would share one rate-limit bucket, and one script could lock everyone out.",
                hint="Set SAFEVOICE_CLIENT_ADDRESS_HEADER=HTTP_X_FORWARDED_FOR, the header the proxy sets "
                "(docs/deployment.md).",
                id="safevoice.E002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def resume_email_goes_to_a_mail_server(app_configs: Any, **kwargs: Any) -> list[Error]:
    if settings.SAFEVOICE_EMAIL_RESUME_LINKS and settings.EMAIL_BACKEND in PRINTING_BACKENDS:
        return [
            Error(
                "Resume emails are switched on, but EMAIL_URL writes messages to the console or a file, which "
                "would keep residents' email addresses in the logs.",
                hint="Set EMAIL_URL to your mail server (smtp+tls://...) or SAFEVOICE_EMAIL_RESUME_LINKS=false.",
                id="safevoice.E001",
            )
        ]
    return []
