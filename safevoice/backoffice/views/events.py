"""A consultation's events: add, change, cancel. The public page and each event's .ics file follow."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from safevoice.backoffice.access import kept_form, staff_page
from safevoice.backoffice.forms import ConfirmForm, EventForm
from safevoice.backoffice.roles import Capability
from safevoice.consultations import services as consultation_services
from safevoice.consultations.models import Consultation, Event
from safevoice.consultations.timing import UK


def _event(consultation: Consultation, event_id: int) -> Event:
    event = consultation.events.filter(pk=event_id).first()
    if event is None:
        raise Http404("No such event")
    return event


def _details(data: dict[str, Any]) -> consultation_services.EventDetails:
    return consultation_services.EventDetails(
        title=data["title"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        venue_name=data["venue_name"],
        address=data["address"],
        access_information=data.get("access_information", ""),
        is_published=data.get("is_published", False),
    )


def _initial(event: Event) -> dict[str, Any]:
    starts, ends = event.starts_at.astimezone(UK), event.ends_at.astimezone(UK)
    return {
        "title": event.title,
        "day": starts.date(),
        "starts": f"{starts:%H:%M}",
        "ends": f"{ends:%H:%M}",
        "venue_name": event.venue_name,
        "address": event.address,
        "access_information": event.access_information,
        "is_published": event.is_published,
    }


@require_safe
@staff_page(Capability.RUN_CONSULTATION)
def events(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    now = timezone.now()
    listed = [
        {"event": e, "past": e.ends_at <= now} for e in consultation.events.order_by("-starts_at", "pk")
    ]
    return render(request, "backoffice/events/list.html", {"consultation": consultation, "events": listed})


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.RUN_CONSULTATION)
def add_event(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    form = EventForm(
        request.POST if request.method == "POST" else kept_form(request), initial={"is_published": True}
    )
    if request.method == "POST" and form.is_valid():
        event = consultation_services.add_event(
            consultation=consultation, actor=request.user.get_username(), details=_details(form.cleaned_data)
        )
        messages.success(
            request,
            _("%(title)s was added%(where)s.")
            % {
                "title": event.title,
                "where": _(" and is on the public page") if event.is_published else _(" as a draft"),
            },
        )
        return redirect("backoffice:events", slug=consultation.slug)
    return render(
        request, "backoffice/events/form.html", {"consultation": consultation, "form": form, "event": None}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.RUN_CONSULTATION)
def change_event(request: HttpRequest, consultation: Consultation, event_id: int) -> HttpResponse:
    event = _event(consultation, event_id)
    if event.cancelled_at is not None:
        messages.warning(
            request, _("%(title)s is cancelled, so it cannot be changed.") % {"title": event.title}
        )
        return redirect("backoffice:events", slug=consultation.slug)
    form = EventForm(
        request.POST if request.method == "POST" else kept_form(request), initial=_initial(event)
    )
    if request.method == "POST" and form.is_valid():
        changed = consultation_services.change_event(
            event=event, actor=request.user.get_username(), details=_details(form.cleaned_data)
        )
        if changed:
            messages.success(
                request,
                _("%(title)s was changed. Calendars that imported it get the new details from its .ics file.")
                % {"title": event.title},
            )
        else:
            messages.success(request, _("Nothing was changed in %(title)s.") % {"title": event.title})
        return redirect("backoffice:events", slug=consultation.slug)
    return render(
        request, "backoffice/events/form.html", {"consultation": consultation, "form": form, "event": event}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.RUN_CONSULTATION)
def cancel_event(request: HttpRequest, consultation: Consultation, event_id: int) -> HttpResponse:
    event = _event(consultation, event_id)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            consultation_services.cancel_event(
                event=event, actor=request.user.get_username(), now=timezone.now()
            )
        except consultation_services.ChangeRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("%(title)s is cancelled. The public page now says so.") % {"title": event.title}
            )
            return redirect("backoffice:events", slug=consultation.slug)
    return render(
        request, "backoffice/events/cancel.html", {"consultation": consultation, "event": event, "form": form}
    )
