"""Reads for analysis: a consultation's stored responses as the analysis core's table of answers, and its codebook.

The table layout and the codebook are defined once, in ``safevoice.analysis.layout`` (the synthetic-response
generator writes the same layout). Every questionnaire version a consultation has had, in every language, shares
one layout: option ids are the codes, so the same answer lands in the same column whichever wording was shown.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from django.conf import settings
from django.db.models import TextField
from django.db.models.functions import Cast

from safevoice.analysis.layout import (
    DEFAULT_BREAKDOWNS,
    codebook_document,
    merged_questions,
    questionnaire_codebook,
    table_from_json,
)
from safevoice.analysis.tables.codebook import Codebook
from safevoice.consultations.models import Consultation
from safevoice.questionnaire_engine import Questionnaire
from safevoice.questionnaires.models import QuestionnaireVersion
from safevoice.questionnaires.selectors import questionnaire_for_version
from safevoice.responses.models import Response

#: Columns about the response rather than its answers, after the answer columns.
RESPONSE_COLUMNS = ("language", "channel", "questionnaire_version", "submitted_at", "flagged_for_review")
#: Responses read from the database at a time: bounds memory on a large consultation.
CHUNK_SIZE = 5_000


def analysis_questionnaires(*, consultation: Consultation) -> list[Questionnaire]:
    """Every version of the consultation's questionnaire, the one whose wording analysis uses first: the current
    version in the site's default language, then other versions in that language (newest first), then the rest.
    """
    default_language = settings.LANGUAGE_CODE.split("-")[0].lower()
    versions = list(QuestionnaireVersion.objects.filter(consultation=consultation).defer("definition"))

    def preference(version: QuestionnaireVersion) -> tuple[bool, bool, float]:
        in_default = version.language.split("-")[0].lower() == default_language
        return (not in_default, not version.is_current, -version.created_at.timestamp())

    return [questionnaire_for_version(version=v) for v in sorted(versions, key=preference)]


def answers_frame(*, consultation: Consultation) -> pl.DataFrame:
    """One row per submitted response, oldest first: the answer columns of ``safevoice.analysis.layout`` (hidden
    and skipped questions null, multiple choice false), then ``language``, ``channel``, ``questionnaire_version``
    (its version string), ``submitted_at`` (UTC) and ``flagged_for_review`` (identical answers sent close
    together; kept, for a person to judge)."""
    questionnaires = analysis_questionnaires(consultation=consultation)
    questions = merged_questions(questionnaires)
    clashes = sorted({q.id for q in questions} & set(RESPONSE_COLUMNS))
    if clashes:
        raise ValueError(
            f"question id {clashes[0]!r} is also the name of a column about the response; rename the question"
        )
    version_names = dict(
        QuestionnaireVersion.objects.filter(consultation=consultation).values_list("pk", "version")
    )
    # The answers come as JSON text and polars decodes them column by column: no Python object per answer.
    rows = (
        Response.objects.filter(consultation=consultation)
        .order_by("submitted_at", "pk")
        .annotate(answers_json=Cast("answers", output_field=TextField()))
        .values_list(
            "answers_json",
            "language",
            "channel",
            "questionnaire_version_id",
            "submitted_at",
            "flagged_for_review",
        )
    )
    answers_json: list[pl.Series] = []
    chunk: list[str] = []
    columns: list[list[Any]] = [[] for _ in range(5)]
    for text, *about in rows.iterator(chunk_size=CHUNK_SIZE):
        chunk.append(text)
        if len(chunk) == CHUNK_SIZE:  # Python strings held for one chunk at a time, polars' copy kept
            answers_json.append(pl.Series("answers", chunk, dtype=pl.String))
            chunk = []
        for column, value in zip(columns, about, strict=True):
            column.append(value)
    answers_json.append(pl.Series("answers", chunk, dtype=pl.String))
    language, channel, version_ids, submitted_at, flagged = columns
    try:
        table = table_from_json(questions, pl.concat(answers_json))
    except pl.exceptions.ComputeError as exc:
        # The engine stores one type per question, so this means answers were written by something else.
        raise ValueError(
            "a stored answer does not have the type its question gives it "
            f"({str(exc).splitlines()[0]}); check answers imported from outside the web journey"
        ) from None
    return table.with_columns(
        pl.Series("language", language, dtype=pl.String),
        pl.Series("channel", channel, dtype=pl.String),
        pl.Series("questionnaire_version", [version_names[v] for v in version_ids], dtype=pl.String),
        pl.Series("submitted_at", submitted_at, dtype=pl.Datetime("us", "UTC")),
        pl.Series("flagged_for_review", flagged, dtype=pl.Boolean),
    )


def analysis_codebook(
    *, consultation: Consultation, breakdowns: tuple[str, ...] = DEFAULT_BREAKDOWNS
) -> Codebook:
    """The tables' codebook for ``answers_frame``: grids one question per row, areas one per level, options the
    union across versions with labels from the preferred version (``analysis_questionnaires``)."""
    return questionnaire_codebook(analysis_questionnaires(consultation=consultation), breakdowns=breakdowns)


def codebook_for(*, consultation: Consultation) -> dict[str, Any]:
    """``analysis_codebook`` in the format of ``safevoice/analysis/tables/codebook.schema.json``."""
    return codebook_document(analysis_codebook(consultation=consultation))
