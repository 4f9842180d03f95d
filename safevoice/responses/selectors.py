"""Reads for analysis: a consultation's stored responses as the analysis core's table of answers, and its codebook.

The table layout and the codebook are defined once, in ``safevoice.analysis.layout`` (the synthetic-response
generator writes the same layout). Every questionnaire version a consultation has had, in every language, shares
one layout: option ids are the codes, so the same answer lands in the same column whichever wording was shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl
from django.conf import settings
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast, TruncDate

from safevoice.analysis.layout import (
    DEFAULT_BREAKDOWNS,
    codebook_document,
    merged_questions,
    questionnaire_codebook,
    table_from_json,
)
from safevoice.analysis.tables.codebook import Codebook
from safevoice.consultations.models import Consultation
from safevoice.consultations.timing import UK
from safevoice.questionnaire_engine import Question, Questionnaire
from safevoice.questionnaires.models import QuestionnaireVersion
from safevoice.questionnaires.selectors import questionnaire_for_version
from safevoice.responses.models import Response

#: Columns about the response rather than its answers, after the answer columns.
RESPONSE_COLUMNS = ("language", "channel", "questionnaire_version", "submitted_at", "flagged_for_review")
#: The column ``include_excluded`` adds: true for a response staff excluded from analysis.
EXCLUDED_COLUMN = "excluded_from_analysis"
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


def answers_frame(*, consultation: Consultation, include_excluded: bool = False) -> pl.DataFrame:
    """One row per submitted response, oldest first: the answer columns of ``safevoice.analysis.layout`` (hidden
    and skipped questions null, multiple choice false), then ``language``, ``channel``, ``questionnaire_version``
    (its version string), ``submitted_at`` (UTC) and ``flagged_for_review`` (identical answers sent close
    together; kept, for a person to judge).

    Responses staff excluded from analysis are left out; ``include_excluded`` keeps them and adds a last column,
    ``excluded_from_analysis``."""
    return pl.concat(
        list(answer_chunks(consultation=consultation, include_excluded=include_excluded)), how="vertical"
    )


def responses_for_analysis(
    *, consultation: Consultation, include_excluded: bool = False
) -> QuerySet[Response]:
    """The responses analysis and exports read: those not excluded, unless ``include_excluded``."""
    responses = Response.objects.filter(consultation=consultation)
    return responses if include_excluded else responses.filter(excluded_from_analysis=False)


def answer_chunks(
    *,
    consultation: Consultation,
    include_excluded: bool = False,
    chunk_size: int = CHUNK_SIZE,
    keep_time_order: bool = True,
) -> Iterator[pl.DataFrame]:
    """``answers_frame`` a chunk of at most ``chunk_size`` responses at a time (always at least one frame, empty
    when there are no responses), so an export of any size holds one chunk in memory.

    ``keep_time_order=False`` orders the rows by their UK submission date and, within a day, by something
    unrelated to time (the answers' digest): for files that give the date only, where the order of the rows
    would otherwise tell the order, and so roughly the time, people answered in."""
    questionnaires = analysis_questionnaires(consultation=consultation)
    questions = merged_questions(questionnaires)
    clashes = sorted({q.id for q in questions} & {*RESPONSE_COLUMNS, EXCLUDED_COLUMN})
    if clashes:
        raise ValueError(
            f"question id {clashes[0]!r} is also the name of a column about the response; rename the question"
        )
    version_names = dict(
        QuestionnaireVersion.objects.filter(consultation=consultation).values_list("pk", "version")
    )
    responses = responses_for_analysis(consultation=consultation, include_excluded=include_excluded)
    if keep_time_order:
        responses = responses.order_by("submitted_at", "pk")
    else:
        responses = responses.annotate(submitted_on=TruncDate("submitted_at", tzinfo=UK)).order_by(
            "submitted_on", "answers_digest", "pk"
        )
    # The answers come as JSON text and polars decodes them column by column: no Python object per answer.
    rows = responses.annotate(answers_json=Cast("answers", output_field=TextField())).values_list(
        "answers_json",
        "language",
        "channel",
        "questionnaire_version_id",
        "submitted_at",
        "flagged_for_review",
        "excluded_from_analysis",
    )
    chunk: list[tuple[Any, ...]] = []
    yielded = False
    for row in rows.iterator(chunk_size=chunk_size):
        chunk.append(row)
        if len(chunk) == chunk_size:
            yield _chunk_frame(questions, chunk, version_names, include_excluded=include_excluded)
            yielded = True
            chunk = []
    if chunk or not yielded:
        yield _chunk_frame(questions, chunk, version_names, include_excluded=include_excluded)


def _chunk_frame(
    questions: list[Question],
    rows: list[tuple[Any, ...]],
    version_names: dict[int, str],
    *,
    include_excluded: bool,
) -> pl.DataFrame:
    columns = list(zip(*rows, strict=True)) if rows else [()] * 7
    texts, language, channel, version_ids, submitted_at, flagged, excluded = (list(c) for c in columns)
    try:
        table = table_from_json(questions, pl.Series("answers", texts, dtype=pl.String))
    except pl.exceptions.ComputeError as exc:
        # The engine stores one type per question, so this means answers were written by something else.
        raise ValueError(
            "a stored answer does not have the type its question gives it "
            f"({str(exc).splitlines()[0]}); check answers imported from outside the web journey"
        ) from None
    about = [
        pl.Series("language", language, dtype=pl.String),
        pl.Series("channel", channel, dtype=pl.String),
        pl.Series("questionnaire_version", [version_names[v] for v in version_ids], dtype=pl.String),
        pl.Series("submitted_at", submitted_at, dtype=pl.Datetime("us", "UTC")),
        pl.Series("flagged_for_review", flagged, dtype=pl.Boolean),
    ]
    if include_excluded:
        about.append(pl.Series(EXCLUDED_COLUMN, excluded, dtype=pl.Boolean))
    return table.with_columns(about)


def analysis_codebook(
    *, consultation: Consultation, breakdowns: tuple[str, ...] = DEFAULT_BREAKDOWNS
) -> Codebook:
    """The tables' codebook for ``answers_frame``: grids one question per row, areas one per level, options the
    union across versions with labels from the preferred version (``analysis_questionnaires``)."""
    return questionnaire_codebook(analysis_questionnaires(consultation=consultation), breakdowns=breakdowns)


def codebook_for(*, consultation: Consultation) -> dict[str, Any]:
    """``analysis_codebook`` in the format of ``safevoice/analysis/tables/codebook.schema.json``."""
    return codebook_document(analysis_codebook(consultation=consultation))
