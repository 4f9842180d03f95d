"""The consultation page's sections and privacy notice addresses, and the support services every page points to."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from safevoice.backoffice.access import kept_form, staff_page
from safevoice.backoffice.forms import PrivacyNoticeForm, SectionForm, SupportServiceCheckForm
from safevoice.backoffice.roles import Capability
from safevoice.consultations import services as consultation_services
from safevoice.consultations.markdown import render_markdown
from safevoice.consultations.models import Consultation, SupportService


@require_safe
@staff_page(Capability.RUN_CONSULTATION)
def sections(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    context = {
        "consultation": consultation,
        "sections": consultation.sections.order_by("position"),
        "privacy_notices": consultation.privacy_notices.order_by("position"),
    }
    return render(request, "backoffice/content/sections.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.RUN_CONSULTATION)
def change_section(request: HttpRequest, consultation: Consultation, key: str) -> HttpResponse:
    section = consultation.sections.filter(key=key).first()
    if section is None:
        raise Http404("No such section")
    initial = {"heading": section.heading, "body_markdown": section.body_markdown}
    form = SectionForm(request.POST if request.method == "POST" else kept_form(request), initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "preview":
            preview = render_markdown(form.cleaned_data["body_markdown"])
        else:
            changed = consultation_services.change_section(
                section=section,
                actor=request.user.get_username(),
                heading=form.cleaned_data["heading"],
                body_markdown=form.cleaned_data["body_markdown"],
            )
            messages.success(
                request,
                (
                    _("%(heading)s was saved. The public page shows it within a minute.")
                    if changed
                    else _("Nothing was changed in %(heading)s.")
                )
                % {"heading": form.cleaned_data["heading"]},
            )
            return redirect("backoffice:sections", slug=consultation.slug)
    context = {"consultation": consultation, "section": section, "form": form, "preview": preview}
    return render(request, "backoffice/content/change_section.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.RUN_CONSULTATION)
def change_privacy_notice(request: HttpRequest, consultation: Consultation, notice_id: int) -> HttpResponse:
    notice = consultation.privacy_notices.filter(pk=notice_id).first()
    if notice is None:
        raise Http404("No such privacy notice")
    form = PrivacyNoticeForm(
        request.POST if request.method == "POST" else kept_form(request), initial={"url": notice.url}
    )
    if request.method == "POST" and form.is_valid():
        consultation_services.set_privacy_notice_address(
            notice=notice, actor=request.user.get_username(), url=form.cleaned_data["url"]
        )
        messages.success(request, _("The address of %(title)s was saved.") % {"title": notice.title})
        return redirect("backoffice:sections", slug=consultation.slug)
    context = {"consultation": consultation, "notice": notice, "form": form}
    return render(request, "backoffice/content/change_privacy_notice.html", context)


@require_safe
@staff_page(Capability.CHECK_SUPPORT_SERVICES)
def support_services(request: HttpRequest) -> HttpResponse:
    services = SupportService.objects.order_by("is_verified", "position", "name")
    return render(request, "backoffice/content/support_services.html", {"services": services})


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.CHECK_SUPPORT_SERVICES)
def check_support_service(request: HttpRequest, service_id: int) -> HttpResponse:
    service = SupportService.objects.filter(pk=service_id).first()
    if service is None:
        raise Http404("No such support service")
    initial = {"verified": "yes" if service.is_verified else "no", "note": service.verification_note}
    form = SupportServiceCheckForm(
        request.POST if request.method == "POST" else kept_form(request), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        consultation_services.set_support_service_checked(
            service=service,
            actor=request.user.get_username(),
            verified=form.cleaned_data["verified"],
            note=form.cleaned_data["note"].strip(),
        )
        messages.success(
            request,
            (
                _("%(name)s is checked and shown on the support page.")
                if form.cleaned_data["verified"]
                else _("%(name)s is hidden from the support page until it is checked.")
            )
            % {"name": service.name},
        )
        return redirect("backoffice:support_services")
    return render(
        request, "backoffice/content/check_support_service.html", {"service": service, "form": form}
    )
