"""Count every response against an agreed theme set, from a few example responses per theme.

Method (figures in docs/analysis.md). Examples and responses are redacted and embedded alike (`embedding.py`).
A response's score for a theme mixes two things, half each (`SPREAD_SHARE`):

1. what the examples alone say: one logistic regression per theme (one-vs-rest, scikit-learn), that theme's
   examples against every other example, classes weighted by their size so a theme with 5 examples counts as
   much as one with 20; its probability;
2. what the other responses say: label spreading (`spread_scores`) over a nearest-neighbour graph of the
   examples and all the responses being assigned, so a theme reaches responses that resemble responses that
   resemble its examples; the theme's share of what reaches the response.

A response gets its best-scoring theme, any theme scoring nearly as well (`NEAR_BEST` of the best), and every
theme scoring above a threshold set so that responses raise as many themes on average as the examples do
(`proportional_threshold`), so one response can raise several themes. Both parts only know the themes they were given, so an answer about something else
entirely (recycling, when the themes are drugs and lighting) would still lean to one of them: a theme is
therefore also required to have an example close to the answer, at least as close as the theme's own least
typical example is to its nearest fellow example (leave-one-out), less `GATE_SLACK`. An answer that passes for
no theme fits none and is listed as such. A text that is an example of several themes is a positive example for
each.

Why: measured on public NHS patients' comments coded by people (docs/analysis.md, `bench/eval_text.py`). The
spreading helps most on short comments raising one theme or two; the proportional threshold keeps long stories
raising several themes from losing them (a fixed threshold on the mixed score did). A per-theme k-NN similarity
was weaker than the regression, and correcting the regression's probabilities to the themes' frequencies among
the responses (EM, Saerens et al. 2002) lost the rare themes.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.neighbors import NearestNeighbors

from safevoice.analysis.text.embedding import embed
from safevoice.analysis.text.redaction import Redactor, get_redactor

# A theme scoring at least this share of the response's best score is given (so the best always is): two
# themes a response raises equally both count. 0.7, 0.8, 0.85 and 0.9 tried on the development set. Further themes
# need a score above the threshold `proportional_threshold` sets.
NEAR_BEST = 0.85
# Label spreading over the answers themselves (see `spread_scores`): neighbours per point, how much of a point's
# score comes from its neighbours (alpha), rounds, and the share of the final score it makes up beside the
# regression's probability. Tried on the development set (docs/analysis.md): 0.3 and 0.5 for the share,
# 0.4 to 0.6 for the threshold.
NEIGHBOURS = 10
SPREAD_ALPHA = 0.9
SPREAD_ROUNDS = 30
SPREAD_SHARE = 0.5
# Above this many answers the graph is built on a fixed sample and the others take their neighbours' scores.
SPREAD_SAMPLE = 5_000
SEED = 20250901
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


def _neighbour_graph(points: np.ndarray) -> sparse.csr_matrix:
    """Symmetric k-nearest-neighbour graph weighted by cosine similarity, normalised as D^-1/2 W D^-1/2."""
    k = min(NEIGHBOURS, len(points) - 1)
    # Unit vectors: Euclidean neighbours are the cosine ones, and scikit-learn finds them in float32 BLAS
    # (about three times faster than its cosine metric on 10,000 answers); cosine = 1 - d²/2.
    finder = NearestNeighbors(n_neighbors=k + 1, algorithm="brute").fit(points)
    distances, indices = finder.kneighbors(points)
    rows = np.repeat(np.arange(len(points)), k)
    weights = np.clip(1.0 - distances[:, 1:].ravel() ** 2 / 2, 0.0, None)
    graph = sparse.csr_matrix((weights, (rows, indices[:, 1:].ravel())), shape=(len(points), len(points)))
    graph = graph.maximum(graph.T)
    degree = np.asarray(graph.sum(axis=1)).ravel()
    scale = sparse.diags(1.0 / np.sqrt(np.where(degree > 0, degree, 1.0)))
    return sparse.csr_matrix(scale @ graph @ scale)


def spread_scores(example_vectors: np.ndarray, memberships: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    """Per answer and theme, the theme's share of what label spreading (Zhou et al. 2004) brings it.

    The examples and the answers form one k-nearest-neighbour graph; each example starts with its themes and,
    round by round, every point takes on its neighbours' themes (`SPREAD_ALPHA`) while the examples keep their
    own. Themes thus flow along the answers: an answer far from every example but among answers close to one
    still leans to that theme, which a model of the examples alone cannot see. Above `SPREAD_SAMPLE` answers the
    graph is built on a fixed sample and the rest take the mean of their nearest sampled neighbours.
    """
    n = len(vectors)
    rng = np.random.default_rng(SEED)
    sample = np.arange(n) if n <= SPREAD_SAMPLE else np.sort(rng.choice(n, SPREAD_SAMPLE, replace=False))
    points = np.vstack([example_vectors, vectors[sample]]).astype(np.float32)
    if len(points) < 3:
        return np.zeros((n, memberships.shape[1]))
    graph = _neighbour_graph(points)
    start = np.zeros((len(points), memberships.shape[1]))
    start[: len(example_vectors)] = memberships
    spread = start.copy()
    for _ in range(SPREAD_ROUNDS):
        spread = SPREAD_ALPHA * (graph @ spread) + (1 - SPREAD_ALPHA) * start
    spread = spread[len(example_vectors) :]
    if n > len(sample):
        k = min(NEIGHBOURS, len(sample))
        finder = NearestNeighbors(n_neighbors=k, algorithm="brute").fit(vectors[sample])
        full = np.empty((n, memberships.shape[1]))
        for begin in range(0, n, 10_000):
            _, nearest = finder.kneighbors(vectors[begin : begin + 10_000])
            full[begin : begin + 10_000] = spread[nearest].mean(axis=1)
        full[sample] = spread
        spread = full
    total = spread.sum(axis=1, keepdims=True)
    return np.divide(spread, total, out=np.zeros_like(spread), where=total > 0)


def proportional_threshold(
    scores: np.ndarray, given: np.ndarray, allowed: np.ndarray, themes_per_answer: float
) -> float:
    """The lowest score threshold at which answers get, on average, no more themes than the examples carry.

    Proportional thresholding (Yang 2001, "PCut"): the examples show how many themes an answer usually raises
    (1.3 on a set of short comments, 2.6 on long stories), and the threshold is set so the answers being
    assigned (those that fit some theme) raise as many on average, counting the themes they get anyway (`given`)
    and only themes with an example close enough (`allowed`). Found by bisection; 1.0 when the given themes alone reach the average.
    """
    if not len(scores):
        return 1.0
    low, high = 0.0, 1.0
    for _ in range(30):
        middle = (low + high) / 2
        if (given | ((scores >= middle) & allowed)).sum(axis=1).mean() > themes_per_answer:
            low = middle
        else:
            high = middle
    return high


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
    filled = np.flatnonzero([bool(t.strip()) for t in redacted])
    scores = np.full((len(redacted), len(names)), np.nan)
    if len(filled):
        probability = np.asarray(model.predict_proba(vectors[filled]), dtype=np.float64)
        spread = spread_scores(example_vectors, memberships, vectors[filled])
        scores[filled] = (1 - SPREAD_SHARE) * probability + SPREAD_SHARE * spread
    similarity = vectors @ example_vectors.T
    nearest = np.column_stack([similarity[:, memberships[:, t] == 1].max(axis=1) for t in range(len(names))])
    close = nearest >= floors[np.newaxis, :]
    with np.errstate(invalid="ignore"):
        best = np.nanmax(np.where(np.isnan(scores), -np.inf, scores), axis=1, keepdims=True)
        near_best = (scores >= NEAR_BEST * best) & close
    # Only an answer that fits some theme may raise more: one that fits none stays unmatched.
    fits = near_best.any(axis=1)
    threshold = proportional_threshold(
        np.nan_to_num(scores[fits], nan=0.0), near_best[fits], close[fits], memberships.sum(axis=1).mean()
    )
    with np.errstate(invalid="ignore"):
        passes = near_best | ((scores >= threshold) & close & fits[:, np.newaxis])
    row_themes: list[tuple[str, ...]] = []
    for i, text in enumerate(redacted):
        if not text.strip():
            row_themes.append(())
        else:
            row_themes.append(tuple(names[t] for t in np.flatnonzero(passes[i])))
    return AssignmentResult(theme_names=names, row_themes=row_themes, scores=scores)
