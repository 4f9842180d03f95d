"""A consultation's staff page, and opening, closing and extending it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from safevoice.backoffice import running, selectors
from safevoice.backoffice.access import access_of, kept_form, staff_page
from safevoice.backoffice.forms import ClosingDateForm, ConfirmForm
from safevoice.backoffice.roles import Capability
from safevoice.consultations import services as consultation_services
from safevoice.consultations.models import Consultation, ConsultationState
from safevoice.consultations.timing import end_of_local_day, last_open_day
from safevoice.questionnaires.models import QuestionnaireVersion

#: Days shown in the table of responses by day; older days are added up in one line.
DAYS_SHOWN = 60


@require_safe
@staff_page()
def consultation(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    access = access_of(request)
    pk = consultation.pk
    now = timezone.now()
    context: dict[str, object] = {
        "consultation": consultation,
        "state": consultation.state_at(now),
        "last_open_day": last_open_day(consultation.closes_at),
        "current_version": QuestionnaireVersion.objects.filter(consultation=consultation, is_current=True)
        .defer("definition")
        .first(),
        "can_run": access.can(Capability.RUN_CONSULTATION, consultation_id=pk),
        "can_read_responses": access.can(Capability.READ_RESPONSES, consultation_id=pk),
        "can_export": access.can(Capability.EXPORT_RESPONSES, consultation_id=pk),
        "can_enter_paper": access.can(Capability.ENTER_PAPER_RESPONSES, consultation_id=pk),
        "can_see_results": access.can(Capability.SEE_PUBLISHED_RESULTS, consultation_id=pk),
    }
    if access.can(Capability.SEE_COUNTS, consultation_id=pk):
        days = selectors.count_by_day(consultation=consultation)
        context.update(
            {
                "shows_counts": True,
                "by_channel": selectors.count_by_channel(consultation=consultation),
                "total": sum(day.count for day in days),
                "days": days[:DAYS_SHOWN],
                "older_days": len(days) - DAYS_SHOWN if len(days) > DAYS_SHOWN else 0,
                "older_total": sum(day.count for day in days[DAYS_SHOWN:]),
            }
        )
    return render(request, "backoffice/consultations/consultation.html", context)


@require_safe
@staff_page(Capability.RUN_CONSULTATION)
def dates(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    context = {
        "consultation": consultation,
        "state": consultation.state_at(timezone.now()),
        "last_open_day": last_open_day(consultation.closes_at),
        "states": ConsultationState,
    }
    return render(request, "backoffice/consultations/dates.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.RUN_CONSULTATION)
def open_now(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            consultation_services.open_now(
                consultation=consultation, actor=request.user.get_username(), now=timezone.now()
            )
        except consultation_services.ChangeRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The consultation is open: people can respond now."))
            return redirect("backoffice:dates", slug=consultation.slug)
    return render(
        request, "backoffice/consultations/open_now.html", {"consultation": consultation, "form": form}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.RUN_CONSULTATION)
def close_now(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            running.close_now(
                consultation=consultation, actor=request.user.get_username(), now=timezone.now()
            )
        except consultation_services.ChangeRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _(
                    "The consultation is closed. Anyone part-way through has the usual grace period to finish."
                ),
            )
            return redirect("backoffice:dates", slug=consultation.slug)
    return render(
        request, "backoffice/consultations/close_now.html", {"consultation": consultation, "form": form}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.RUN_CONSULTATION)
def change_closing_date(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    if request.method == "POST":
        form = ClosingDateForm(request.POST)
    else:
        form = ClosingDateForm(
            kept_form(request), initial={"closes_on": last_open_day(consultation.closes_at)}
        )
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["closes_on"]
        try:
            running.change_closing_time(
                consultation=consultation,
                actor=request.user.get_username(),
                closes_at=end_of_local_day(day),
                now=timezone.now(),
            )
        except consultation_services.ChangeRefused as exc:
            form.add_error("closes_on", str(exc))
        else:
            messages.success(
                request,
                _("The consultation now closes at midnight at the end of %(day)s.")
                % {"day": f"{day:%A %-d %B %Y}"},
            )
            return redirect("backoffice:dates", slug=consultation.slug)
    return render(
        request,
        "backoffice/consultations/change_closing_date.html",
        {"consultation": consultation, "form": form},
    )
