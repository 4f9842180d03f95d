"""Signing in: a password, then a code from an authenticator app (set up at the first sign-in) or a one-time
recovery code. Both steps count towards django-axes' lockout; every outcome is in the audit log."""

from __future__ import annotations

from typing import Any

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safevoice.audit.services import record_event
from safevoice.backoffice import signin, two_factor
from safevoice.backoffice.access import is_signed_in, start_staff_session
from safevoice.backoffice.forms import CodeForm, EnrolmentCodeForm, SignInForm
from safevoice.backoffice.services import make_recovery_codes, user_target
from safevoice.consultations.timing import UK

NEW_CODES_KEY = "backoffice.new_recovery_codes"


def locked_out(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE, and what either step shows a locked-out username."""
    username = (credentials or {}).get("username", "") or request.POST.get("username", "")
    cool_off = get_cool_off(request)
    until = timezone.localtime(timezone.now() + cool_off, UK) if cool_off else None
    record_event(actor=str(username)[:150], action="sign_in.locked_out")
    return render(request, "backoffice/sign_in/locked_out.html", {"until": until}, status=429)


def _home_or_next(request: HttpRequest, next_url: str) -> str:
    return signin.safe_next_url(request, next_url, default=reverse("backoffice:home"))


@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if is_signed_in(request) and request.method != "POST":
        return redirect(_home_or_next(request, next_url))
    signed_out_because = request.session.pop(signin.SIGNED_OUT_KEY, "")
    kept = request.session.get(signin.KEPT_FORM_KEY)
    form = SignInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if getattr(request, "axes_locked_out", False):
            return locked_out(request, credentials={"username": username})
        if user is None:
            record_event(actor=username[:150], action="sign_in.failed", details={"step": "password"})
            form.add_error(None, _("The username or password is not right"))
        else:
            signin.begin(request, user=user, next_url=next_url)
            if two_factor.has_second_factor(user):
                return redirect("backoffice:sign_in_code")
            return redirect("backoffice:set_up_two_factor")
    context = {
        "form": form,
        "next": next_url,
        "signed_out_because": signed_out_because,
        "form_kept": isinstance(kept, dict),
        "idle_minutes": settings.SAFEVOICE_STAFF_IDLE_MINUTES,
    }
    return render(request, "backoffice/sign_in/password.html", context)


def _complete(request: HttpRequest, pending: signin.Pending, device: Any) -> str:
    user = pending.user
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    django_otp.login(request, device)
    start_staff_session(request)
    signin.finish(request)
    return _home_or_next(request, pending.next_url)


def _start_again(request: HttpRequest) -> HttpResponse:
    messages.warning(
        request, _("Sign-in took more than 10 minutes, so it started again. Enter your password.")
    )
    return redirect("backoffice:sign_in")


@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    pending = signin.pending(request)
    if pending is None:
        return _start_again(request)
    if not two_factor.has_second_factor(pending.user):
        return redirect("backoffice:set_up_two_factor")
    username = pending.user.get_username()
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if AxesProxyHandler.is_locked(request, credentials={"username": username}):
            return locked_out(request, credentials={"username": username})
        check = two_factor.check_code(pending.user, form.cleaned_data["code"])
        if check.device is not None:
            next_url = _complete(request, pending, check.device)
            record_event(
                actor=username,
                action="sign_in.succeeded",
                details={
                    "second_factor": "recovery code" if check.used_recovery_code else "authenticator app"
                },
            )
            if check.used_recovery_code:
                left = two_factor.recovery_codes_left(pending.user)
                messages.warning(
                    request,
                    _("You used a recovery code. You have %(left)s left: make new ones on Your account.")
                    % {"left": left},
                )
            return redirect(next_url)
        signin.count_failure(request, username=username)
        record_event(actor=username, action="sign_in.failed", details={"step": "code"})
        if getattr(request, "axes_locked_out", False):
            return locked_out(request, credentials={"username": username})
        if check.wait_until is not None:
            form.add_error(
                "code",
                _("Too many wrong codes. Wait until %(time)s, then enter the code your app shows then")
                % {"time": timezone.localtime(check.wait_until, UK).strftime("%H:%M:%S")},
            )
        else:
            form.add_error(
                "code",
                _(
                    "The code is not right. Enter the code your authenticator app shows now, or a recovery code"
                ),
            )
    return render(request, "backoffice/sign_in/code.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def set_up_two_factor(request: HttpRequest) -> HttpResponse:
    pending = signin.pending(request)
    if pending is None:
        return _start_again(request)
    if two_factor.has_second_factor(pending.user):
        return redirect("backoffice:sign_in_code")
    device = two_factor.enrolment_device(pending.user)
    form = EnrolmentCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        username = pending.user.get_username()
        if AxesProxyHandler.is_locked(request, credentials={"username": username}):
            return locked_out(request, credentials={"username": username})
        if two_factor.confirm_enrolment(device, form.cleaned_data["code"]):
            record_event(actor=username, action="two_factor.set_up", target=user_target(pending.user))
            next_url = _complete(request, pending, device)
            record_event(
                actor=username, action="sign_in.succeeded", details={"second_factor": "new authenticator app"}
            )
            request.session[NEW_CODES_KEY] = {
                "codes": make_recovery_codes(user=pending.user),
                "next": next_url,
            }
            return redirect("backoffice:recovery_codes")
        signin.count_failure(request, username=username)
        record_event(
            actor=username, action="sign_in.failed", details={"step": "setting up the authenticator app"}
        )
        if getattr(request, "axes_locked_out", False):
            return locked_out(request, credentials={"username": username})
        form.add_error(
            "code",
            _(
                "The code is not right. Check the app shows SafeVoice for %(username)s, then enter the 6 digits "
                "it shows now"
            )
            % {"username": username},
        )
    context = {
        "form": form,
        "secret": two_factor.spaced_secret(device),
        "username": pending.user.get_username(),
    }
    return render(request, "backoffice/sign_in/set_up.html", context)


@require_safe
def qr_code(request: HttpRequest) -> HttpResponse:
    """The enrolment QR code, drawn here; only while an enrolment is under way in this session."""
    pending = signin.pending(request)
    if pending is None or two_factor.has_second_factor(pending.user):
        return HttpResponse(status=404)
    svg = two_factor.qr_code_svg(two_factor.enrolment_device(pending.user))
    return HttpResponse(svg, content_type="image/svg+xml")


@require_safe
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes just made, shown once: the page is gone when left."""
    shown = request.session.pop(NEW_CODES_KEY, None)
    if not isinstance(shown, dict) or not is_signed_in(request):
        return redirect("backoffice:home")
    context = {
        "codes": [two_factor.readable_recovery_code(c) for c in shown.get("codes", [])],
        "next": signin.safe_next_url(request, str(shown.get("next", "")), default=reverse("backoffice:home")),
    }
    return render(request, "backoffice/sign_in/recovery_codes.html", context)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        record_event(actor=request.user.get_username(), action="sign_out")
    logout(request)
    messages.success(request, _("You have signed out."))
    return redirect("backoffice:sign_in")
