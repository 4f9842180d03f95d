"""The pages that say answers are not (or no longer) accepted; each says what the resident can do instead."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safevoice.consultations.models import Consultation, ConsultationState
from safevoice.consultations.timing import closes_at_midnight, last_open_day
from safevoice.responses.closing import Window, grace_period

WINDOW_TEMPLATES = {
    Window.NOT_OPEN_YET: "journey/not_open_yet.html",
    Window.CLOSED: "journey/closed.html",
    Window.TIME_RAN_OUT: "journey/time_ran_out.html",
}


def window_page(
    request: HttpRequest, *, consultation: Consultation, window: Window, status: int = 200
) -> HttpResponse:
    return render(
        request,
        WINDOW_TEMPLATES.get(window, "journey/closed.html"),
        {
            "consultation": consultation,
            "grace_minutes": int(grace_period().total_seconds() // 60),
            # What consultations/includes/closing_line.html needs to say "closes at midnight at the end of ...".
            "state": consultation.state,
            "states": ConsultationState,
            "closes_at_midnight": closes_at_midnight(consultation.closes_at),
            "last_open_day": last_open_day(consultation.closes_at),
        },
        status=status,
    )
