"""How well redaction, themes and assignment do against human labels."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from safevoice.analysis.text.recognisers import ENTITY_TYPES
from safevoice.analysis.text.redaction import FoundEntity, Redaction


@dataclass(frozen=True)
class LabelledText:
    text: str
    entities: tuple[FoundEntity, ...]


@dataclass(frozen=True)
class DetectionScore:
    """Span counts for one entity type. A found span is right when it overlaps a labelled span of its type."""

    entity_type: str
    labelled: int
    found: int
    labelled_found: int
    found_right: int

    @property
    def recall(self) -> float:
        return self.labelled_found / self.labelled if self.labelled else 1.0

    @property
    def precision(self) -> float:
        return self.found_right / self.found if self.found else 1.0


def load_redaction_set(name: str = "redaction_labelled.jsonl") -> list[LabelledText]:
    """The labelled redaction set kept in data/redaction_labelled.jsonl (text, spans with start, end, type)."""
    raw = resources.files("safevoice.analysis.text").joinpath("data/" + name).read_text("utf-8")
    examples = []
    for line in raw.splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        examples.append(
            LabelledText(
                text=record["text"],
                entities=tuple(
                    FoundEntity(entity_type=s["type"], start=s["start"], end=s["end"])
                    for s in record["spans"]
                ),
            )
        )
    return examples


def _overlaps(a: FoundEntity, b: FoundEntity) -> bool:
    return a.entity_type == b.entity_type and a.start < b.end and b.start < a.end


def score_redaction(
    examples: Sequence[LabelledText | ForeignLabelledText], redactions: Sequence[Redaction]
) -> dict[str, DetectionScore]:
    """Recall and precision per entity type, matching spans by overlap (a redaction only has to cover them)."""
    scores = {}
    for entity_type in ENTITY_TYPES:
        labelled = found = labelled_found = found_right = 0
        for example, redaction in zip(examples, redactions, strict=True):
            gold = [e for e in example.entities if e.entity_type == entity_type]
            predicted = [e for e in redaction.entities if e.entity_type == entity_type]
            labelled += len(gold)
            found += len(predicted)
            labelled_found += sum(any(_overlaps(g, p) for p in predicted) for g in gold)
            found_right += sum(any(_overlaps(p, g) for g in gold) for p in predicted)
        scores[entity_type] = DetectionScore(entity_type, labelled, found, labelled_found, found_right)
    return scores


@dataclass(frozen=True)
class MultiLabelText:
    text: str
    themes: tuple[str, ...]


def load_multilabel_set() -> list[MultiLabelText]:
    """Residents' comments each tagged with 1 to 3 of 8 themes (data/themes_multilabel.jsonl)."""
    raw = (
        resources.files("safevoice.analysis.text").joinpath("data/themes_multilabel.jsonl").read_text("utf-8")
    )
    return [
        MultiLabelText(text=r["text"], themes=tuple(r["themes"]))
        for r in (json.loads(line) for line in raw.splitlines() if line.strip())
    ]


def split_examples(
    records: Sequence[MultiLabelText], *, per_theme: int
) -> tuple[dict[str, list[str]], list[MultiLabelText]]:
    """The first `per_theme` comments of each theme (in file order) as examples, the rest as the test set.

    An example comment is an example of every theme it carries, as in the `assign` command's EX.csv.
    """
    examples: dict[str, list[str]] = {}
    chosen: set[int] = set()
    themes = sorted({t for r in records for t in r.themes})
    for theme in themes:
        for i, record in enumerate(records):
            if len([j for j in chosen if theme in records[j].themes]) >= per_theme:
                break
            if theme in record.themes and i not in chosen:
                chosen.add(i)
    for i in sorted(chosen):
        for theme in records[i].themes:
            examples.setdefault(theme, []).append(records[i].text)
    return examples, [r for i, r in enumerate(records) if i not in chosen]


def multilabel_f1(truth: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> tuple[float, float]:
    """Micro- and macro-averaged F1 over themes."""
    themes = sorted({t for row in truth for t in row})
    tp = {t: 0 for t in themes}
    fp = {t: 0 for t in themes}
    fn = {t: 0 for t in themes}
    for gold, guess in zip(truth, predicted, strict=True):
        for t in themes:
            if t in guess and t in gold:
                tp[t] += 1
            elif t in guess:
                fp[t] += 1
            elif t in gold:
                fn[t] += 1

    def f1(a: int, b: int, c: int) -> float:
        return 2 * a / (2 * a + b + c) if a else 0.0

    micro = f1(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    macro = sum(f1(tp[t], fp[t], fn[t]) for t in themes) / len(themes)
    return micro, macro


# presidio-research's entity types → the redactor's; types missing here are not scored (AGE, TITLE, US_SSN...).
PRESIDIO_TYPES: dict[str, str] = {
    "PERSON": "PERSON",
    "STREET_ADDRESS": "ADDRESS",
    "ADDRESS": "ADDRESS",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN",
    "IP_ADDRESS": "IP_ADDRESS",
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE",
}
# What must stay readable: places, organisations and dates are what an analysis is about.
PRESIDIO_KEPT_TYPES: dict[str, str] = {
    "GPE": "place",
    "LOCATION": "place",
    "ORGANIZATION": "organisation",
    "DATE_TIME": "date or time",
}


@dataclass(frozen=True)
class ForeignLabelledText:
    """A sentence from a labelled set written by others: spans to redact and spans that must stay."""

    text: str
    entities: tuple[FoundEntity, ...]
    kept: tuple[FoundEntity, ...]


def load_presidio_set(path: Path) -> list[ForeignLabelledText]:
    """A presidio-research JSON file (full_text, spans with entity_type, start_position, end_position)."""
    records = json.loads(path.read_text("utf-8"))
    out = []
    for record in records:
        spans = record["spans"]
        out.append(
            ForeignLabelledText(
                text=record["full_text"],
                entities=tuple(
                    FoundEntity(PRESIDIO_TYPES[s["entity_type"]], s["start_position"], s["end_position"])
                    for s in spans
                    if s["entity_type"] in PRESIDIO_TYPES
                ),
                kept=tuple(
                    FoundEntity(PRESIDIO_KEPT_TYPES[s["entity_type"]], s["start_position"], s["end_position"])
                    for s in spans
                    if s["entity_type"] in PRESIDIO_KEPT_TYPES
                ),
            )
        )
    return out


def kept_rates(
    examples: Sequence[ForeignLabelledText], redactions: Sequence[Redaction]
) -> dict[str, tuple[int, int]]:
    """Per kind of span that must stay: (how many, how many no redaction touched)."""
    rates: dict[str, tuple[int, int]] = {}
    for example, redaction in zip(examples, redactions, strict=True):
        for span in example.kept:
            touched = any(span.start < e.end and e.start < span.end for e in redaction.entities)
            total, kept = rates.get(span.entity_type, (0, 0))
            rates[span.entity_type] = (total + 1, kept + (not touched))
    return rates
