"""One's own account: roles held, the second factor, recovery codes, the password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from safevoice.backoffice import two_factor
from safevoice.backoffice.access import password_change_page, signed_in_page
from safevoice.backoffice.forms import ConfirmForm, NewPasswordForm
from safevoice.backoffice.roles import ROLE_DESCRIPTIONS, Role
from safevoice.backoffice.selectors import grants_of
from safevoice.backoffice.services import change_own_password, make_recovery_codes
from safevoice.backoffice.views.signin import NEW_CODES_KEY


@require_safe
@signed_in_page
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    grants = [
        {"grant": g, "label": Role(g.role).label, "description": ROLE_DESCRIPTIONS[Role(g.role)]}
        for g in grants_of(user)  # type: ignore[arg-type]
    ]
    context = {"grants": grants, "recovery_codes_left": two_factor.recovery_codes_left(user)}  # type: ignore[arg-type]
    return render(request, "backoffice/account/account.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@signed_in_page
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        codes = make_recovery_codes(user=request.user)  # type: ignore[arg-type]
        request.session[NEW_CODES_KEY] = {"codes": codes, "next": "/staff/account/"}
        return redirect("backoffice:recovery_codes")
    return render(request, "backoffice/account/new_recovery_codes.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@password_change_page
def change_password(request: HttpRequest) -> HttpResponse:
    user = request.user
    profile = getattr(user, "staff_profile", None)
    must_change = bool(profile and profile.must_change_password)
    form = NewPasswordForm(
        request.POST if request.method == "POST" else None, user=user, needs_current=not must_change
    )
    if request.method == "POST" and form.is_valid():
        change_own_password(user=user, password=form.cleaned_data["new_password1"])  # type: ignore[arg-type]
        update_session_auth_hash(request, user)  # type: ignore[arg-type]
        messages.success(request, _("Your password has been changed."))
        return redirect("backoffice:home" if must_change else "backoffice:account")
    return render(
        request, "backoffice/account/change_password.html", {"form": form, "must_change": must_change}
    )
