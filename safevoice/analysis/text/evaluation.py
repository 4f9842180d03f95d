"""How well redaction, themes and assignment do against human labels."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

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
    examples: Sequence[LabelledText], redactions: Sequence[Redaction]
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
