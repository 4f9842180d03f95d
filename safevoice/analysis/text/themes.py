"""Group the answers to an open question into themes, name them and quote them.

Method (figures in docs/analysis.md):
1. redact every answer (nothing personal reaches a theme label or a quote);
2. embed the redacted answers with the static model (`embedding.py`), unit length;
3. Ward's agglomerative clustering of the vectors (scipy). On more than `WARD_SAMPLE` answers the tree is
   built on a fixed random sample and every answer joins the theme with the nearest centre, which keeps
   100,000 answers within a couple of minutes on two cores;
4. unless the number of themes is given, it is the one in 2..min(60, √n) with the best silhouette (cosine,
   on a fixed sample of up to 2,000 answers);
5. each theme is named by its most distinctive words (class-based TF-IDF over its redacted answers) and
   quoted by the redacted answers nearest its centre.
Themes are numbered from 1 by size (largest first); blank answers get no theme. The same input gives the
same output: the samples use a fixed seed and every tie is broken by row order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer
from sklearn.metrics import silhouette_score

from safevoice.analysis.text.embedding import embed
from safevoice.analysis.text.recognisers import ENTITY_TYPES
from safevoice.analysis.text.redaction import Redactor, get_redactor

WARD_SAMPLE = 5000
SILHOUETTE_SAMPLE = 2000
MAX_AUTOMATIC_THEMES = 60
LABEL_WORDS = 4
QUOTES = 3
SEED = 20250901
# Words of two or more characters that start with a letter (not "[PHONE]" digits or underscores).
WORD_PATTERN = r"(?u)\b[^\W\d_][\w'-]+\b"

# Entity placeholders ("[PERSON]") say nothing about a theme; nor do words every comment uses.
_LABEL_STOP_WORDS = sorted(
    ENGLISH_STOP_WORDS
    | {t.lower() for t in ENTITY_TYPES}
    | {part for t in ENTITY_TYPES for part in t.lower().split("_")}
    | {
        "just",
        "really",
        "like",
        "think",
        "don",
        "doesn",
        "didn",
        "isn",
        "ve",
        "ll",
        "im",
        "dont",
        "need",
        "needs",
    }
    | {
        "it's",
        "there's",
        "don't",
        "can't",
        "i'm",
        "they're",
        "we're",
        "that's",
        "i've",
        "won't",
        "isn't",
        "didn't",
    }
)


@dataclass(frozen=True)
class Theme:
    theme_id: int
    label: str
    words: tuple[str, ...]
    size: int
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class ThemeResult:
    """A theme id per input row (None for a blank answer), the themes, and the redacted answers."""

    row_themes: list[int | None]
    themes: list[Theme]
    redacted: list[str]

    def theme(self, theme_id: int) -> Theme:
        return self.themes[theme_id - 1]


def _identity(items: Iterable[Any]) -> Iterable[Any]:
    return items


def _choose_number_of_themes(vectors: np.ndarray, tree: np.ndarray, rng: np.random.Generator) -> int:
    n = len(vectors)
    upper = min(MAX_AUTOMATIC_THEMES, max(2, int(np.sqrt(n))), n - 1)
    if upper < 2:
        return 1
    sample = np.sort(rng.choice(n, size=min(n, SILHOUETTE_SAMPLE), replace=False))
    distances = np.clip(1.0 - vectors[sample] @ vectors[sample].T, 0.0, 2.0)
    np.fill_diagonal(distances, 0.0)
    best_k, best_score = 2, -np.inf
    for k in range(2, upper + 1):
        labels = fcluster(tree, k, criterion="maxclust")[sample]
        if len(np.unique(labels)) < 2:
            continue
        score = silhouette_score(distances, labels, metric="precomputed")
        if score > best_score + 1e-9:
            best_k, best_score = k, score
    return best_k


def cluster(vectors: np.ndarray, *, n_themes: int | None = None) -> np.ndarray:
    """A cluster number (0-based, arbitrary order) per row of unit vectors."""
    n = len(vectors)
    if n == 0:
        return np.zeros(0, dtype=int)
    if n == 1 or n_themes == 1:
        return np.zeros(n, dtype=int)
    rng = np.random.default_rng(SEED)
    sample = np.arange(n) if n <= WARD_SAMPLE else np.sort(rng.choice(n, size=WARD_SAMPLE, replace=False))
    tree = linkage(vectors[sample].astype(np.float64), method="ward")
    k = n_themes if n_themes is not None else _choose_number_of_themes(vectors[sample], tree, rng)
    k = max(1, min(k, len(sample)))
    sample_labels = fcluster(tree, k, criterion="maxclust") - 1
    if n <= WARD_SAMPLE:
        return np.asarray(sample_labels)
    centres = np.vstack(
        [vectors[sample][sample_labels == c].mean(axis=0) for c in range(sample_labels.max() + 1)]
    )
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    labels = np.empty(n, dtype=int)
    for start in range(0, n, 20000):
        labels[start : start + 20000] = np.argmax(vectors[start : start + 20000] @ centres.T, axis=1)
    return labels


def _stem(word: str) -> str:
    """Enough of English plurals and -ing/-ed to see "knives" is "knife" and "lights" is "lighting"."""
    for suffix, replacement in (
        ("ives", "ife"),
        ("ves", "f"),
        ("ies", "y"),
        ("ing", ""),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            return word[: -len(suffix)] + replacement
    return word


def _same_word(a: str, b: str) -> bool:
    if " " in a or " " in b:
        return False
    return _stem(a) == _stem(b) or (len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5])


def distinctive_words(groups: Sequence[Sequence[str]], *, words: int = LABEL_WORDS) -> list[tuple[str, ...]]:
    """Class-based TF-IDF (Grootendorst 2022): each theme's answers counted together, words weighted by how
    much more often that theme uses them than the average theme. Answers are counted one by one, so no
    two-word phrase spans the end of one answer and the start of the next."""
    answers = [a for group in groups for a in group]
    if not any(a.strip() for a in answers):
        return [() for _ in groups]
    vectoriser = CountVectorizer(stop_words=_LABEL_STOP_WORDS, ngram_range=(1, 2), token_pattern=WORD_PATTERN)
    try:
        per_answer = vectoriser.fit_transform(answers)
    except ValueError:  # only stop words
        return [() for _ in groups]
    owner = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    membership = csr_matrix(
        (np.ones(len(answers)), (owner, np.arange(len(answers)))), shape=(len(groups), len(answers))
    )
    counts = (membership @ per_answer).astype(np.float64).toarray()
    vocabulary = vectoriser.get_feature_names_out()
    term_frequency = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    average_words = counts.sum() / len(groups)
    idf = np.log(1 + average_words / np.maximum(counts.sum(axis=0), 1))
    weights = term_frequency * idf
    labels = []
    for row in weights:
        order = np.lexsort((vocabulary, -row))  # heaviest first, ties alphabetically
        chosen: list[str] = []
        for index in order:
            if row[index] <= 0 or len(chosen) == words:
                break
            word = str(vocabulary[index])
            # "street lighting" makes "street" and "lighting" redundant, and the other way round; "lights" adds
            # nothing to "lighting", nor "knife" to "knives".
            if any(word in c.split() or c in word.split() or _same_word(word, c) for c in chosen):
                continue
            chosen.append(word)
        labels.append(tuple(chosen))
    return labels


def find_themes(
    texts: Sequence[str],
    *,
    n_themes: int | None = None,
    redactor: Redactor | None = None,
    track: Callable[[Iterable[Any]], Iterable[Any]] = _identity,
) -> ThemeResult:
    """Redact, embed and group `texts` into themes (their number chosen from the data unless given)."""
    if n_themes is not None and n_themes < 1:
        raise ValueError("the number of themes must be at least 1")
    redacted = [r.text for r in (redactor or get_redactor()).redact(texts, track=track)]
    filled = [i for i, t in enumerate(redacted) if t.strip()]
    if not filled:
        return ThemeResult(row_themes=[None] * len(texts), themes=[], redacted=redacted)
    vectors = embed([redacted[i] for i in filled])
    raw = cluster(vectors, n_themes=min(n_themes, len(filled)) if n_themes else None)

    # Number themes by size, largest first; equal sizes by their first row.
    clusters = sorted(set(raw.tolist()), key=lambda c: (-int((raw == c).sum()), int(np.argmax(raw == c))))
    renumber = {c: i + 1 for i, c in enumerate(clusters)}
    members = {renumber[c]: np.flatnonzero(raw == c) for c in clusters}

    words = distinctive_words(
        [[redacted[filled[j]] for j in members[t]] for t in range(1, len(clusters) + 1)]
    )
    themes = []
    for theme_id in range(1, len(clusters) + 1):
        rows = members[theme_id]
        centre = vectors[rows].mean(axis=0)
        closeness = vectors[rows] @ centre
        quotes: list[str] = []
        for j in rows[np.lexsort((rows, -closeness))]:
            quote = redacted[filled[j]].strip()
            if quote not in quotes:
                quotes.append(quote)
            if len(quotes) == QUOTES:
                break
        theme_words = words[theme_id - 1]
        themes.append(
            Theme(
                theme_id=theme_id,
                label=", ".join(theme_words) if theme_words else f"theme {theme_id}",
                words=theme_words,
                size=len(rows),
                quotes=tuple(quotes),
            )
        )
    row_themes: list[int | None] = [None] * len(texts)
    for position, row in enumerate(filled):
        row_themes[row] = renumber[int(raw[position])]
    return ThemeResult(row_themes=row_themes, themes=themes, redacted=redacted)
