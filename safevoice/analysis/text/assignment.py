"""Count every response against an agreed theme set, from a few example responses per theme.

Method (figures in docs/analysis.md). Examples and responses are redacted and embedded alike. A response's
score for a theme is the mean cosine similarity to its `NEIGHBOURS` nearest examples of that theme (k-NN,
so a theme with two different strands is not averaged into neither). Each theme has its own threshold,
calibrated on the examples by leave-one-out: every example is scored against each theme with itself left out,
and the threshold is the one that best separates the theme's own examples from the others' (highest F1,
ties to the higher threshold). A response gets every theme it passes, except those more than `MARGIN` below
its best passing score (a response that is clearly about drugs and faintly about lighting counts as drugs);
a response that passes none fits none, and is listed as such.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from safevoice.analysis.text.embedding import embed
from safevoice.analysis.text.redaction import Redactor, get_redactor

NEIGHBOURS = 3
MARGIN = 0.05
MIN_EXAMPLES = 2


@dataclass(frozen=True)
class AssignmentResult:
    """Per row: the themes assigned (in theme-set order) and a score per theme (NaN for a blank answer)."""

    theme_names: list[str]
    row_themes: list[tuple[str, ...]]
    scores: np.ndarray
    thresholds: dict[str, float]

    def unmatched_rows(self) -> list[int]:
        return [i for i, themes in enumerate(self.row_themes) if not themes]


def _identity(items: Iterable[Any]) -> Iterable[Any]:
    return items


def _knn_scores(vectors: np.ndarray, examples: np.ndarray, owners: np.ndarray, n_themes: int) -> np.ndarray:
    """Mean similarity to the NEIGHBOURS most similar examples of each theme."""
    similarity = vectors @ examples.T
    scores = np.empty((len(vectors), n_themes), dtype=np.float64)
    for t in range(n_themes):
        own = similarity[:, owners == t]
        k = min(NEIGHBOURS, own.shape[1])
        top = np.partition(own, own.shape[1] - k, axis=1)[:, -k:] if k else np.zeros((len(vectors), 1))
        scores[:, t] = top.mean(axis=1)
    return scores


def _best_threshold(positives: np.ndarray, negatives: np.ndarray) -> float:
    candidates = np.unique(np.concatenate([positives, negatives]))
    best, best_f1 = float(positives.min()), -1.0
    for threshold in candidates[::-1]:
        true_positive = int((positives >= threshold).sum())
        false_positive = int((negatives >= threshold).sum())
        f1 = 2 * true_positive / (2 * true_positive + false_positive + len(positives) - true_positive)
        if f1 > best_f1 + 1e-12:
            best, best_f1 = float(threshold), f1
    return best


def calibrate(
    example_vectors: np.ndarray, example_themes: list[set[int]], n_themes: int
) -> tuple[np.ndarray, np.ndarray]:
    """Leave-one-out scores of each distinct example against each theme, and each theme's threshold."""
    similarity = example_vectors @ example_vectors.T
    np.fill_diagonal(similarity, -np.inf)  # leave the example itself out
    loo = np.empty((len(example_vectors), n_themes))
    for t in range(n_themes):
        members = [i for i, themes in enumerate(example_themes) if t in themes]
        own = similarity[:, members]
        for i in range(len(example_vectors)):
            values = own[i][np.isfinite(own[i])]
            top = np.sort(values)[-NEIGHBOURS:] if len(values) else np.zeros(1)
            loo[i, t] = top.mean()
    thresholds = np.empty(n_themes)
    for t in range(n_themes):
        is_member = np.array([t in themes for themes in example_themes])
        thresholds[t] = _best_threshold(loo[is_member, t], loo[~is_member, t])
    return loo, thresholds


def assign(
    texts: Sequence[str],
    examples: Mapping[str, Sequence[str]],
    *,
    redactor: Redactor | None = None,
    track: Callable[[Iterable[Any]], Iterable[Any]] = _identity,
) -> AssignmentResult:
    """Assign each text to zero or more of the themes in `examples` (theme name → example texts)."""
    names = list(examples)
    short = [name for name in names if len({t.strip() for t in examples[name] if t.strip()}) < MIN_EXAMPLES]
    if short:
        raise ValueError(
            f"each theme needs at least {MIN_EXAMPLES} different examples (5 to 20 work best); "
            f"too few for: {', '.join(short)}"
        )
    # A text may be an example of several themes: it is embedded once and belongs to each.
    distinct: dict[str, set[int]] = {}
    for t, name in enumerate(names):
        for text in examples[name]:
            if text.strip():
                distinct.setdefault(text.strip(), set()).add(t)
    example_texts = list(distinct)
    example_themes = [distinct[text] for text in example_texts]
    the_redactor = redactor or get_redactor()
    example_vectors = embed([r.text for r in the_redactor.redact(example_texts)])
    _, thresholds = calibrate(example_vectors, example_themes, len(names))

    redacted = [r.text for r in the_redactor.redact(texts, track=track)]
    vectors = embed(redacted)
    owners_rows = [(i, t) for i, themes in enumerate(example_themes) for t in sorted(themes)]
    owner_examples = example_vectors[[i for i, _ in owners_rows]]
    owners = np.array([t for _, t in owners_rows])
    scores = _knn_scores(vectors, owner_examples, owners, len(names))

    row_themes: list[tuple[str, ...]] = []
    for i, text in enumerate(redacted):
        if not text.strip():
            scores[i] = np.nan
            row_themes.append(())
            continue
        passing = np.flatnonzero(scores[i] >= thresholds)
        if len(passing):
            best = scores[i, passing].max()
            passing = passing[scores[i, passing] >= best - MARGIN]
        row_themes.append(tuple(names[t] for t in sorted(passing)))
    return AssignmentResult(
        theme_names=names,
        row_themes=row_themes,
        scores=scores,
        thresholds={name: float(thresholds[t]) for t, name in enumerate(names)},
    )
