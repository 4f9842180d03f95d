"""Staff accounts and roles, for administrators. Accounts are deactivated, never deleted."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from safevoice.backoffice import selectors, services, two_factor
from safevoice.backoffice.access import kept_form, staff_page
from safevoice.backoffice.forms import ConfirmForm, NewStaffForm, RoleForm
from safevoice.backoffice.models import RoleGrant
from safevoice.backoffice.roles import ROLE_DESCRIPTIONS, Capability, Role

TEMPORARY_PASSWORD_KEY = "backoffice.temporary_password"  # noqa: S105 (a session key, not a password)


def _member(user_id: int) -> User:
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise Http404("No such member of staff")
    return user


@require_safe
@staff_page(Capability.MANAGE_STAFF)
def staff_list(request: HttpRequest) -> HttpResponse:
    members = [
        {"user": user, "grants": list(user.role_grants.all()), "locked": selectors.is_locked_out(user)}
        for user in selectors.list_staff()
    ]
    return render(request, "backoffice/staff/list.html", {"members": members})


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.MANAGE_STAFF)
def add_staff(request: HttpRequest) -> HttpResponse:
    form = NewStaffForm(request.POST if request.method == "POST" else kept_form(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user, password = services.create_staff_member(
            actor=request.user.get_username(),
            username=data["username"],
            full_name=data["full_name"],
            role=data["role"],
            consultation=data["consultation"],
        )
        request.session[TEMPORARY_PASSWORD_KEY] = {"user_id": user.pk, "password": password}
        return redirect("backoffice:staff_member", user_id=user.pk)
    roles = [(role, ROLE_DESCRIPTIONS[role]) for role in Role]
    return render(request, "backoffice/staff/add.html", {"form": form, "roles": roles})


@require_safe
@staff_page(Capability.MANAGE_STAFF)
def staff_member(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _member(user_id)
    shown = request.session.pop(TEMPORARY_PASSWORD_KEY, None)
    password = shown["password"] if isinstance(shown, dict) and shown.get("user_id") == user.pk else ""
    context = {
        "member": user,
        "grants": selectors.grants_of(user),
        "has_second_factor": two_factor.has_second_factor(user),
        "recovery_codes_left": two_factor.recovery_codes_left(user),
        "locked": selectors.is_locked_out(user),
        "temporary_password": password,
        "is_self": user.pk == request.user.pk,
    }
    return render(request, "backoffice/staff/member.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.MANAGE_STAFF)
def add_role(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _member(user_id)
    form = RoleForm(request.POST if request.method == "POST" else kept_form(request))
    if request.method == "POST" and form.is_valid():
        role, consultation = form.cleaned_data["role"], form.cleaned_data["consultation"]
        created = services.grant_role(
            actor=request.user.get_username(), user=user, role=role, consultation=consultation
        )
        where = consultation.title if consultation else _("every consultation")
        if created:
            messages.success(
                request,
                _("%(user)s is now %(role)s for %(where)s.")
                % {"user": user.username, "role": role.label, "where": where},
            )
        else:
            messages.success(request, _("%(user)s already had that role.") % {"user": user.username})
        return redirect("backoffice:staff_member", user_id=user.pk)
    roles = [(role, ROLE_DESCRIPTIONS[role]) for role in Role]
    return render(request, "backoffice/staff/add_role.html", {"member": user, "form": form, "roles": roles})


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.MANAGE_STAFF)
def remove_role(request: HttpRequest, user_id: int, grant_id: int) -> HttpResponse:
    user = _member(user_id)
    grant = RoleGrant.objects.filter(pk=grant_id, user=user).select_related("consultation").first()
    if grant is None:
        raise Http404("No such role")
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if user.pk == request.user.pk and grant.role == Role.ADMINISTRATOR:
            form.add_error(
                None, _("You cannot take away your own administrator role: ask another administrator")
            )
        else:
            services.revoke_role(actor=request.user.get_username(), grant=grant)
            messages.success(request, _("The role was taken away from %(user)s.") % {"user": user.username})
            return redirect("backoffice:staff_member", user_id=user.pk)
    context = {"member": user, "grant": grant, "role_label": Role(grant.role).label, "form": form}
    return render(request, "backoffice/staff/remove_role.html", context)


def _account_action(
    request: HttpRequest,
    user_id: int,
    *,
    title: str,
    explanation: str,
    button: str,
    act: Callable[[User], str],
    refuse_self: bool = True,
) -> HttpResponse:
    user = _member(user_id)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if refuse_self and user.pk == request.user.pk:
            form.add_error(None, _("You cannot do this to your own account: ask another administrator"))
        else:
            messages.success(request, act(user))
            return redirect("backoffice:staff_member", user_id=user.pk)
    context = {"member": user, "form": form, "title": title, "explanation": explanation, "button": button}
    return render(request, "backoffice/staff/confirm.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.MANAGE_STAFF)
def deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = request.user.get_username()

    def act(user: User) -> str:
        services.set_active(actor=actor, user=user, active=False)
        return _("%(user)s can no longer sign in. Their name stays in the audit log.") % {
            "user": user.username
        }

    return _account_action(
        request,
        user_id,
        title=_("Deactivate this account?"),
        explanation=_(
            "They will be signed out and cannot sign in again unless an administrator reactivates the account."
        ),
        button=_("Deactivate account"),
        act=act,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.MANAGE_STAFF)
def reactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = request.user.get_username()

    def act(user: User) -> str:
        services.set_active(actor=actor, user=user, active=True)
        return _("%(user)s can sign in again.") % {"user": user.username}

    return _account_action(
        request,
        user_id,
        title=_("Reactivate this account?"),
        explanation=_(
            "They can sign in again with their password and authenticator app, with the roles they still hold."
        ),
        button=_("Reactivate account"),
        act=act,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.MANAGE_STAFF)
def reset_password(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = request.user.get_username()

    def act(user: User) -> str:
        request.session[TEMPORARY_PASSWORD_KEY] = {
            "user_id": user.pk,
            "password": services.reset_password(actor=actor, user=user),
        }
        return _("%(user)s has a new temporary password.") % {"user": user.username}

    return _account_action(
        request,
        user_id,
        title=_("Give this person a new password?"),
        explanation=_(
            "Their old password stops working. You will see a temporary password to pass on; they choose their own when they next sign in."
        ),
        button=_("Make a temporary password"),
        act=act,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.MANAGE_STAFF)
def reset_two_factor(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = request.user.get_username()

    def act(user: User) -> str:
        services.reset_second_factor(actor=actor, user=user)
        return _("%(user)s will set up an authenticator app again when they next sign in.") % {
            "user": user.username
        }

    return _account_action(
        request,
        user_id,
        title=_("Let this person set up their authenticator app again?"),
        explanation=_(
            "For someone who lost their phone. Their app and recovery codes stop working. Only do this once you are sure who asked: anyone with their password could then set up an app."
        ),
        button=_("Reset the authenticator app"),
        act=act,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.MANAGE_STAFF)
def unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = request.user.get_username()

    def act(user: User) -> str:
        services.unlock(actor=actor, user=user)
        return _("%(user)s can try to sign in again now.") % {"user": user.username}

    return _account_action(
        request,
        user_id,
        title=_("Unlock this account?"),
        explanation=_(
            "Signing in was paused after several wrong passwords or codes. Check with the person that it was them before unlocking."
        ),
        button=_("Unlock account"),
        act=act,
        refuse_self=False,
    )
