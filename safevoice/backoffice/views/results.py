"""Published results: the protected tables of every choice question, once the consultation's results date has
come. What partner viewers see, and all they see: counts rounded and small ones hidden by the analysis core's
disclosure control, never one response, never free text."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from safevoice.analysis.tables.answers import encode
from safevoice.analysis.tables.frequencies import question_table
from safevoice.backoffice.access import staff_page
from safevoice.backoffice.roles import Capability
from safevoice.consultations.models import Consultation, ConsultationState
from safevoice.responses.selectors import analysis_codebook, answers_frame


@dataclass(frozen=True)
class ResultRow:
    option: str
    count: str
    percent: str


@dataclass(frozen=True)
class ResultTable:
    question_id: str
    question: str
    base: str
    rows: list[ResultRow]


def _shown(value: object, *, suffix: str = "") -> str:
    return "[c]" if value is None else f"{value:,}{suffix}" if isinstance(value, int) else f"{value}{suffix}"


def protected_tables(consultation: Consultation) -> list[ResultTable]:
    codebook = analysis_codebook(consultation=consultation, breakdowns=())
    frame = answers_frame(consultation=consultation)
    if frame.height == 0:
        return []
    encoded = encode(frame, codebook)
    tables = []
    for question in codebook.questions:
        table = question_table(encoded[question.id])
        rows = [
            ResultRow(
                option=row["option"], count=_shown(row["count"]), percent=_shown(row["percent"], suffix="%")
            )
            for row in table.iter_rows(named=True)
        ]
        base = table["base"][0] if table.height else None
        tables.append(
            ResultTable(question_id=question.id, question=question.label, base=_shown(base), rows=rows)
        )
    return tables


@require_safe
@staff_page(Capability.SEE_PUBLISHED_RESULTS)
def results(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    published = consultation.state_at(timezone.now()) == ConsultationState.RESULTS_PUBLISHED
    context = {
        "consultation": consultation,
        "published": published,
        "tables": protected_tables(consultation) if published else [],
    }
    return render(request, "backoffice/results/results.html", context)
