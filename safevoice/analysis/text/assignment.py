"""Count every response against an agreed theme set, from a few example responses per theme.

Method (figures in docs/analysis.md). Examples and responses are redacted and embedded alike (`embedding.py`).
Each theme gets its own logistic regression (one-vs-rest, scikit-learn) on the examples: that theme's examples
against every other example, classes weighted by their size so a theme with 5 examples counts as much as one
with 20. A response's score for a theme is that model's probability; it gets every theme scoring at least
`THRESHOLD`, so one response can raise several themes. A regression only knows the themes it was given, so an
answer about something else entirely (recycling, when the themes are drugs and lighting) would still lean to
one of them: a theme is therefore also required to have an example close to the answer, at least as close as
the theme's own least typical example is to its nearest fellow example (leave-one-out), less `GATE_SLACK`.
An answer that passes for no theme fits none and is listed as such. A text that is an example of several
themes is a positive example for each.

Why this and not the nearest examples: on the measurements in docs/analysis.md a per-theme k-NN similarity with
leave-one-out thresholds reached micro-F1 0.59 on the multi-label set and 71% top-1 accuracy on CLINC150; the
regression reaches 0.76 and 79%, in about the same time, because it learns which directions of the embedding
separate a theme from the others instead of treating every direction alike.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier

from safevoice.analysis.text.embedding import embed
from safevoice.analysis.text.redaction import Redactor, get_redactor

THRESHOLD = 0.5
# Inverse regularisation strength: 10 did best on CLINC150 (1, 10 and 100 tried; docs/analysis.md).
REGULARISATION_C = 10.0
MIN_EXAMPLES = 2
# Cosine similarity below the leave-one-out floor still allowed (0, 0.05, 0.1 and none tried: 0.1 keeps off-topic
# answers out at almost no cost on either measured set).
GATE_SLACK = 0.1


@dataclass(frozen=True)
class AssignmentResult:
    """Per row: the themes assigned (in theme-set order) and a score per theme (NaN for a blank answer)."""

    theme_names: list[str]
    row_themes: list[tuple[str, ...]]
    scores: np.ndarray

    def unmatched_rows(self) -> list[int]:
        """Rows (0-based) that fit none of the themes, blank ones included."""
        return [i for i, themes in enumerate(self.row_themes) if not themes]


def _identity(items: Iterable[Any]) -> Iterable[Any]:
    return items


def _check(examples: Mapping[str, Sequence[str]]) -> None:
    if len(examples) < 2:
        raise ValueError(
            "give at least two themes: a theme is learnt from how its examples differ from the others'"
        )
    short = [
        name
        for name, texts in examples.items()
        if len({t.strip() for t in texts if t.strip()}) < MIN_EXAMPLES
    ]
    if short:
        raise ValueError(
            f"each theme needs at least {MIN_EXAMPLES} different examples (5 to 20 work best); "
            f"too few for: {', '.join(short)}"
        )


def train(example_vectors: np.ndarray, memberships: np.ndarray) -> OneVsRestClassifier:
    """One logistic regression per theme (columns of `memberships`, 0/1), deterministic (lbfgs)."""
    model = OneVsRestClassifier(
        LogisticRegression(C=REGULARISATION_C, class_weight="balanced", max_iter=2000)
    )
    with warnings.catch_warnings():
        # A theme every example belongs to has no negatives: scikit-learn then predicts it always, and says so.
        warnings.filterwarnings("ignore", message="Label .* is present in all training examples")
        model.fit(example_vectors, memberships)
    return model


def nearest_example_floors(example_vectors: np.ndarray, memberships: np.ndarray) -> np.ndarray:
    """Per theme: how close its least typical example is to its nearest fellow example, less GATE_SLACK."""
    similarity = example_vectors @ example_vectors.T
    np.fill_diagonal(similarity, -np.inf)
    floors = np.empty(memberships.shape[1])
    for t in range(memberships.shape[1]):
        own = np.flatnonzero(memberships[:, t])
        floors[t] = similarity[np.ix_(own, own)].max(axis=1).min() - GATE_SLACK
    return floors


def assign(
    texts: Sequence[str],
    examples: Mapping[str, Sequence[str]],
    *,
    redactor: Redactor | None = None,
    track: Callable[[Iterable[Any]], Iterable[Any]] = _identity,
) -> AssignmentResult:
    """Assign each text to zero or more of the themes in `examples` (theme name → example texts)."""
    _check(examples)
    names = list(examples)
    distinct: dict[str, set[int]] = {}
    for t, name in enumerate(names):
        for text in examples[name]:
            if text.strip():
                distinct.setdefault(text.strip(), set()).add(t)
    example_texts = list(distinct)
    memberships = np.zeros((len(example_texts), len(names)), dtype=int)
    for i, text in enumerate(example_texts):
        memberships[i, sorted(distinct[text])] = 1

    the_redactor = redactor or get_redactor()
    example_vectors = embed([r.text for r in the_redactor.redact(example_texts)])
    model = train(example_vectors, memberships)
    floors = nearest_example_floors(example_vectors, memberships)

    redacted = [r.text for r in the_redactor.redact(texts, track=track)]
    vectors = embed(redacted)
    scores = np.asarray(model.predict_proba(vectors), dtype=np.float64)
    similarity = vectors @ example_vectors.T
    nearest = np.column_stack([similarity[:, memberships[:, t] == 1].max(axis=1) for t in range(len(names))])
    passes = (scores >= THRESHOLD) & (nearest >= floors[np.newaxis, :])
    row_themes: list[tuple[str, ...]] = []
    for i, text in enumerate(redacted):
        if not text.strip():
            scores[i] = np.nan
            row_themes.append(())
        else:
            row_themes.append(tuple(names[t] for t in np.flatnonzero(passes[i])))
    return AssignmentResult(theme_names=names, row_themes=row_themes, scores=scores)
