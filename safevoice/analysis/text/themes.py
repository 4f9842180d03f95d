"""Group the answers to an open question into themes, name them and quote them.

Method (figures in docs/analysis.md):
1. redact every answer (nothing personal reaches a theme label or a quote);
2. embed the redacted answers with the static model (`embedding.py`), unit length;
3. Ward's agglomerative clustering of the vectors (scipy). On more than `WARD_SAMPLE` answers the tree is
   built on a fixed random sample and every answer joins the theme with the nearest centre, which keeps
   100,000 answers within a couple of minutes on two cores;
4. unless the number of themes is given, it is √(n/2) for n answers, between 2 and 50
   (`default_number_of_themes`: silhouette, used before, always chose the coarsest split);
5. each theme is named by its most distinctive words (class-based TF-IDF over its redacted answers) and
   quoted by the redacted answers nearest its centre.
Themes are numbered from 1 by size (largest first); blank answers get no theme. The same input gives the
same output: the samples use a fixed seed and every tie is broken by row order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from safevoice.analysis.text.embedding import embed
from safevoice.analysis.text.recognisers import ENTITY_TYPES
from safevoice.analysis.text.redaction import Redactor, get_redactor

WARD_SAMPLE = 5000
MAX_AUTOMATIC_THEMES = 50
LABEL_WORDS = 4
# Further distinctive words kept in reserve, to tell apart two themes whose first four words are the same.
SPARE_LABEL_WORDS = 3
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


def default_number_of_themes(n: int) -> int:
    """The number of themes when none is given: √(n/2), at least 2 and at most `MAX_AUTOMATIC_THEMES`.

    A rule of thumb rather than a score: every internal index tried (silhouette, and on the development set
    Calinski-Harabasz) favours the coarsest split of sentence embeddings, which gave 2 themes for thousands of
    comments. √(n/2) gives 10 themes for 200 answers, 22 for 1,000, 47 for 4,500 and the cap of 50 from 5,000
    up: the range in which the people who coded the public development sets worked (44 codes for 5,932
    comments, docs/analysis.md), and a number an analyst can read through, then merge or split with --themes.
    """
    if n < 2:
        return 1
    return int(min(MAX_AUTOMATIC_THEMES, max(2, round(np.sqrt(n / 2))), n))


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
    k = n_themes if n_themes is not None else default_number_of_themes(n)
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


def _common_answers(group: Sequence[str], *, answers: int = 3) -> list[str]:
    """The answers a theme's people wrote most often, word for word ("nothing", "n/a"), quoted and short."""
    counts: dict[str, int] = {}
    for text in group:
        key = " ".join(re.findall(r"[\w'\[\]-]+", text.casefold()))[:40]
        if key:
            counts[key] = counts.get(key, 0) + 1
    ordered = sorted(counts, key=lambda k: (-counts[k], k))
    return [f"“{k}”" for k in ordered[:answers]]


def theme_labels(groups: Sequence[Sequence[str]]) -> list[tuple[str, tuple[str, ...]]]:
    """A label and its words per theme: its distinctive words, never a bare number, no two labels the same.

    A theme whose answers are only common words ("Nothing.", "None", "N/A": every word a stop word) has no
    distinctive word; it is named by the answers written most often instead ("“nothing”, “none”"). When two
    themes would share a label, the later one takes its next distinctive words until they differ.
    """
    candidates = distinctive_words(groups, words=LABEL_WORDS + SPARE_LABEL_WORDS)
    used: set[str] = set()
    labels = []
    for group, words in zip(groups, candidates, strict=True):
        chosen = list(words[:LABEL_WORDS])
        spare = list(words[LABEL_WORDS:])
        label = ", ".join(chosen) if chosen else ", ".join(_common_answers(group))
        while label in used and spare:
            chosen.append(spare.pop(0))
            label = ", ".join(chosen)
        if label in used or not label:
            # Still the same words: what its people wrote most tells the two apart.
            extra = [a for a in _common_answers(group, answers=5) if a not in label]
            label = ", ".join(filter(None, [label, *extra[:1]])) or "blank after redaction"
        used.add(label)
        labels.append((label, tuple(chosen)))
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

    groups = [[redacted[filled[j]] for j in members[t]] for t in range(1, len(clusters) + 1)]
    labels = theme_labels(groups)
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
        label, theme_words = labels[theme_id - 1]
        themes.append(
            Theme(theme_id=theme_id, label=label, words=theme_words, size=len(rows), quotes=tuple(quotes))
        )
    row_themes: list[int | None] = [None] * len(texts)
    for position, row in enumerate(filled):
        row_themes[row] = renumber[int(raw[position])]
    return ThemeResult(row_themes=row_themes, themes=themes, redacted=redacted)
