"""Email to residents. An address is used for one message and kept nowhere: not in the database, the session,
or any log. SMTP servers quote the address in their refusals, so a failure is logged as its kind alone."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from safevoice.consultations.models import Consultation

logger = logging.getLogger(__name__)


def resume_email_enabled() -> bool:
    """Whether "email yourself a link" is offered: only where a deployment has switched it on."""
    return bool(settings.SAFEVOICE_EMAIL_RESUME_LINKS)


def send_resume_email(*, consultation: Consultation, code: str, address: str) -> bool:
    """Send the resident their resume code; False (and nothing about the address logged) when sending fails.

    The code is in the message, never in a link: an address with the code in it would sit in browser history and
    in any proxy's log, and anyone with it could open the answers.
    """
    path = reverse("journey:resume", kwargs={"slug": consultation.slug})
    url = f"{settings.SAFEVOICE_PUBLIC_URL.rstrip('/')}{path}"
    message = _(
        "To carry on with your answers to “%(title)s”, go to\n\n%(url)s\n\n"
        "and enter this code: %(code)s\n\nIt works until the consultation closes. "
        "If you did not ask for this email, you can ignore it."
    ) % {"title": consultation.title, "url": url, "code": code}
    try:
        send_mail(
            subject=_("Your code to finish the survey"),
            message=message,
            from_email=None,
            recipient_list=[address],
        )
    except (smtplib.SMTPException, OSError) as exc:
        # The exception's text (an SMTP refusal) names the recipient: log its type only.
        logger.warning("A resume email could not be sent (%s)", type(exc).__name__)
        return False
    return True
