"""The state of a sign-in between its steps, kept in the server-side session, and how django-axes sees a request.

Step one (password) leaves only ``pending``: the user id and when the password was right. Step two (a code, or
setting up the authenticator at first sign-in) turns it into a real login. Nothing here reads or keeps the
client's address or browser: the privacy middleware has blanked them, and axes is told there is none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

PENDING_KEY = "backoffice.pending_sign_in"
LAST_SEEN_KEY = "backoffice.last_seen"
KEPT_FORM_KEY = "backoffice.kept_form"
SIGNED_OUT_KEY = "backoffice.signed_out_because"
#: How long the second step may wait after a right password.
PENDING_FOR = timedelta(minutes=10)


def no_client_address(request: HttpRequest) -> None:
    """AXES_CLIENT_IP_CALLABLE: lockout is by username; no address is looked for or kept."""
    return None


def client_description(
    username: str | None, ip_address: Any, user_agent: Any, path_info: Any, request: HttpRequest
) -> str:
    """AXES_CLIENT_STR_CALLABLE: what axes writes in its log lines (the username tried, nothing else)."""
    return f"username {username!r}"


@dataclass(frozen=True)
class Pending:
    user: User
    next_url: str


def begin(request: HttpRequest, *, user: User, next_url: str) -> None:
    """The password was right: remember who, until the second step (in a new session key)."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user_id": user.pk,
        "at": timezone.now().isoformat(),
        "next": next_url,
    }


def pending(request: HttpRequest) -> Pending | None:
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict):
        return None
    try:
        at = datetime.fromisoformat(data["at"])
        user = get_user_model().objects.get(pk=data["user_id"], is_active=True)
    except (KeyError, TypeError, ValueError, get_user_model().DoesNotExist):
        return None
    if timezone.now() - at > PENDING_FOR:
        return None
    return Pending(user=user, next_url=str(data.get("next", "")))


def finish(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)


def safe_next_url(request: HttpRequest, candidate: str, *, default: str) -> str:
    """Only a path on this site under /staff/ is followed after signing in."""
    if (
        candidate
        and candidate.startswith("/staff/")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=False
        )
    ):
        return candidate
    return default


def count_failure(request: HttpRequest, *, username: str) -> None:
    """A wrong second-factor code counts towards the lockout as a wrong password does (django-axes listens)."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
