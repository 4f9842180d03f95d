"""Leaving a response out of analysis with a reason, and putting it back: kept, reversible, audited
(``responses.services.exclude_response`` / ``include_response``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from safevoice.backoffice import selectors
from safevoice.backoffice.access import kept_form, staff_page
from safevoice.backoffice.forms import ConfirmForm, ExclusionForm
from safevoice.backoffice.roles import Capability
from safevoice.consultations.models import Consultation
from safevoice.responses.models import Response
from safevoice.responses.services import ExclusionRefused, exclude_response, include_response


def _response(consultation: Consultation, response_id: int) -> Response:
    response = selectors.get_response(consultation=consultation, response_id=response_id)
    if response is None:
        raise Http404("No such response")
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.EXCLUDE_RESPONSES)
def exclude(request: HttpRequest, consultation: Consultation, response_id: int) -> HttpResponse:
    response = _response(consultation, response_id)
    form = ExclusionForm(request.POST if request.method == "POST" else kept_form(request))
    if request.method == "POST" and form.is_valid():
        try:
            exclude_response(
                response=response, reason=form.cleaned_data["reason"], actor=request.user.get_username()
            )
        except ExclusionRefused as exc:
            form.add_error("reason", str(exc))
        else:
            messages.success(
                request, _("Response %(ref)s is left out of analysis and exports.") % {"ref": response.pk}
            )
            return redirect("backoffice:response", slug=consultation.slug, response_id=response.pk)
    context = {"consultation": consultation, "response": response, "form": form}
    return render(request, "backoffice/responses/exclude.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.EXCLUDE_RESPONSES)
def include(request: HttpRequest, consultation: Consultation, response_id: int) -> HttpResponse:
    response = _response(consultation, response_id)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            include_response(response=response, actor=request.user.get_username())
        except ExclusionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Response %(ref)s is back in analysis and exports.") % {"ref": response.pk}
            )
            return redirect("backoffice:response", slug=consultation.slug, response_id=response.pk)
    context = {"consultation": consultation, "response": response, "form": form}
    return render(request, "backoffice/responses/include.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.EXCLUDE_RESPONSES)
def exclude_repeats(request: HttpRequest, consultation: Consultation, response_id: int) -> HttpResponse:
    """Leave out every later copy in a group of identical answers, keeping the first one sent."""
    first = _response(consultation, response_id)
    group = next(
        (g for g in selectors.flagged_repeats(consultation=consultation) if g.responses[0].pk == first.pk),
        None,
    )
    if group is None:
        raise Http404("No group of possible repeats starts with this response")
    later = [r for r in group.responses[1:] if not getattr(r, "excluded_from_analysis", False)]
    initial = {"reason": _("The same answers as response %(ref)s, sent soon after it") % {"ref": first.pk}}
    form = ExclusionForm(request.POST if request.method == "POST" else kept_form(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        actor = request.user.get_username()
        for response in later:
            try:
                exclude_response(response=response, reason=form.cleaned_data["reason"], actor=actor)
            except ExclusionRefused:
                continue  # excluded meanwhile by someone else: nothing to do
        messages.success(
            request,
            _("%(count)s later copies of response %(ref)s are left out of analysis.")
            % {"count": len(later), "ref": first.pk},
        )
        return redirect("backoffice:repeats", slug=consultation.slug)
    context = {"consultation": consultation, "first": first, "later": later, "form": form}
    return render(request, "backoffice/responses/exclude_repeats.html", context)
