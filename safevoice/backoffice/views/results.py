"""Published results: the protected tables of every choice question, once the consultation's results date has
come. What partner viewers see, and all they see: counts rounded and small ones hidden by the analysis core's
disclosure control, never one response, never free text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from safevoice.backoffice.access import staff_page
from safevoice.backoffice.roles import Capability
from safevoice.consultations.models import Consultation, ConsultationState

if TYPE_CHECKING:
    from safevoice.backoffice.published_results import ResultTable


@require_safe
@staff_page(Capability.SEE_PUBLISHED_RESULTS)
def results(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    published = consultation.state_at(timezone.now()) == ConsultationState.RESULTS_PUBLISHED
    context = {
        "consultation": consultation,
        "published": published,
        "tables": _tables(consultation) if published else [],
    }
    return render(request, "backoffice/results/results.html", context)


def _tables(consultation: Consultation) -> list[ResultTable]:
    # Imported here, on the first published results page, not when the URLs load (see published_results).
    from safevoice.backoffice.published_results import protected_tables

    return protected_tables(consultation)
