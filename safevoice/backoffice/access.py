"""Every staff page goes through ``staff_page``: signed in with both factors, not idle for too long, holding a role
that allows what the page does. A form sent after the session ran out is kept and offered again after signing in.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Concatenate, ParamSpec
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from safevoice.backoffice import signin
from safevoice.backoffice.roles import Capability, Grant, StaffAccess
from safevoice.consultations.models import Consultation

P = ParamSpec("P")
#: Fields never kept across a sign-in: secrets, and the CSRF token of the old session.
NOT_KEPT = frozenset({"csrfmiddlewaretoken", "password", "code", "new_password1", "new_password2"})


def idle_limit() -> timedelta:
    return timedelta(minutes=settings.SAFEVOICE_STAFF_IDLE_MINUTES)


def access_of(request: HttpRequest) -> StaffAccess:
    """The roles of the signed-in member of staff (read once per request)."""
    cached = getattr(request, "_staff_access", None)
    if cached is None:
        user = request.user
        grants = (
            [Grant(role=g.role, consultation_id=g.consultation_id) for g in user.role_grants.all()]
            if user.is_authenticated and user.is_active
            else []
        )
        cached = StaffAccess.of(grants)
        request._staff_access = cached  # type: ignore[attr-defined]
    return cached


def is_signed_in(request: HttpRequest) -> bool:
    user = request.user
    # django-otp's middleware adds is_verified() to every user object it hands on.
    return bool(user.is_authenticated and user.is_active and user.is_verified())  # type: ignore[attr-defined]


def start_staff_session(request: HttpRequest) -> None:
    request.session[signin.LAST_SEEN_KEY] = timezone.now().isoformat()


def _idle_too_long(request: HttpRequest) -> bool:
    raw = request.session.get(signin.LAST_SEEN_KEY)
    try:
        last_seen = datetime.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        last_seen = None
    return last_seen is None or timezone.now() - last_seen > idle_limit()


def _keep_form(request: HttpRequest) -> None:
    if request.method != "POST":
        return
    data = {key: request.POST.getlist(key) for key in request.POST if key not in NOT_KEPT}
    request.session[signin.KEPT_FORM_KEY] = {
        "path": request.path,
        "data": data,
        "had_files": bool(request.FILES),
    }


def kept_form(request: HttpRequest) -> QueryDict | None:
    """What was typed into this page's form before the session ran out, once, after signing in again."""
    return getattr(request, "kept_form_data", None)


def _take_kept_form(request: HttpRequest) -> None:
    kept = request.session.get(signin.KEPT_FORM_KEY)
    if request.method == "GET" and isinstance(kept, dict) and kept.get("path") == request.path:
        del request.session[signin.KEPT_FORM_KEY]
        data = QueryDict(mutable=True)
        for key, values in dict(kept.get("data", {})).items():
            data.setlist(key, [str(v) for v in values])
        request.kept_form_data = data  # type: ignore[attr-defined]
        request.kept_form_had_files = bool(kept.get("had_files"))  # type: ignore[attr-defined]


def _to_sign_in(request: HttpRequest) -> HttpResponse:
    _keep_form(request)
    return redirect(reverse("backoffice:sign_in") + "?" + urlencode({"next": request.get_full_path()}))


def refused(request: HttpRequest) -> HttpResponse:
    return render(request, "backoffice/refused.html", status=403)


def _check_session(request: HttpRequest) -> HttpResponse | None:
    """A response sending the visitor to sign in, or None when their session may go on."""
    if not is_signed_in(request):
        return _to_sign_in(request)
    if _idle_too_long(request):
        logout(request)
        request.session[signin.SIGNED_OUT_KEY] = "idle"
        return _to_sign_in(request)
    request.session[signin.LAST_SEEN_KEY] = timezone.now().isoformat()
    profile = getattr(request.user, "staff_profile", None)
    if profile is not None and profile.must_change_password:
        return redirect("backoffice:change_password")
    _take_kept_form(request)
    return None


def signed_in_page(view: Callable[Concatenate[HttpRequest, P], HttpResponse]) -> Callable[..., HttpResponse]:
    """For pages about one's own account: signed in with both factors, whatever roles (even none)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if (response := _check_session(request)) is not None:
            return response
        return view(request, *args, **kwargs)

    wrapped.staff_capability = None  # type: ignore[attr-defined]
    return wrapped


def password_change_page(view: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    """The one page open while a password set by an administrator waits to be replaced."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest) -> HttpResponse:
        if not is_signed_in(request):
            return _to_sign_in(request)
        if _idle_too_long(request):
            logout(request)
            request.session[signin.SIGNED_OUT_KEY] = "idle"
            return _to_sign_in(request)
        request.session[signin.LAST_SEEN_KEY] = timezone.now().isoformat()
        return view(request)

    wrapped.staff_capability = None  # type: ignore[attr-defined]
    return wrapped


def staff_page(
    capability: Capability | None = None,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """A back-office page needing ``capability`` (for the whole service, or for the consultation in the URL).

    With a ``slug`` in the URL the view receives ``consultation`` instead, and the capability is checked for it.
    ``None``: any member of staff with at least one role.
    """

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if (response := _check_session(request)) is not None:
                return response
            access = access_of(request)
            if not access.is_staff:
                return refused(request)
            if "slug" in kwargs:
                consultation = Consultation.objects.filter(slug=kwargs.pop("slug")).first()
                if consultation is None:
                    raise Http404("No such consultation")
                if capability is not None and not access.can(capability, consultation_id=consultation.pk):
                    return refused(request)
                if not access.can(Capability.SEE_CONSULTATION, consultation_id=consultation.pk):
                    return refused(request)
                kwargs["consultation"] = consultation
            elif capability is not None and not access.can(capability):
                return refused(request)
            request.staff_access = access  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        wrapped.staff_capability = capability  # type: ignore[attr-defined]
        return wrapped

    return decorate
