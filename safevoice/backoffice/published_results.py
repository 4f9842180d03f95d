"""The protected tables of a consultation's choice questions, by the analysis core (imported only by the results
page, when it is first opened: scipy's statistics take seconds to import, which every worker would otherwise pay
at start-up)."""

from __future__ import annotations

from dataclasses import dataclass

from safevoice.analysis.tables.answers import encode
from safevoice.analysis.tables.frequencies import question_table
from safevoice.consultations.models import Consultation
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
