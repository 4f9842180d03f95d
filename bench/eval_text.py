"""Every quality figure docs/analysis.md quotes for free text, from the labelled sets: themes, assignment, redaction.

    .venv/bin/python -m bench.eval_text                 # everything (about 10 minutes on 2 cores)
    .venv/bin/python -m bench.eval_text --only redact   # or themes, assign

Prints Markdown. The public sets are read from `$SAFEVOICE_EVAL_DATA` (see `bench/eval_data.py` for what they
are and where they come from); a set that is not there is reported as missing, not skipped silently. The
project's own sets (safevoice/analysis/text/data/) are always there. Speed is `bench/analysis_text.py`'s job.

- Themes: NMI and ARI against the people's codes, for `find_themes` with its default number of themes and with
  as many themes as there are codes, beside KMeans (k = number of codes) on the same static vectors and on the
  full all-MiniLM-L6-v2 transformer's vectors (the issue's "plain MiniLM + KMeans"; written beforehand by
  scripts/minilm_baseline_vectors.py). Also: how many labels are a bare number (must be 0) or repeated.
- Assignment: micro- and macro-F1 with 5, 10 and 20 example comments per theme (drawn from one random half of the
  set, three draws), on the other half; beside one-vs-rest logistic regression on the same vectors trained on the
  whole first half (the "trained classifier"). Themes: those with at least 20 comments in the first half.
- Redaction: recall and precision per type, and the share of places, organisations and dates left untouched.
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Sequence

import numpy as np
from sklearn.cluster import KMeans
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.multiclass import OneVsRestClassifier

from bench import eval_data

SEEDS = (0, 1, 2)
EXAMPLES_PER_THEME = (5, 10, 20)


def _missing(what: str) -> list[str]:
    return [f"*{what}: not found under {eval_data.EVAL_DATA} (see bench/eval_data.py)*", ""]


def themes_report() -> list[str]:
    from safevoice.analysis.text.embedding import embed
    from safevoice.analysis.text.redaction import get_redactor
    from safevoice.analysis.text.themes import default_number_of_themes, find_themes

    lines = ["### Themes against people's codes", ""]
    try:
        sets = eval_data.themes_sets()
    except FileNotFoundError:
        return lines + _missing("pxtextmining")
    lines += [
        "| set | role | comments | codes | method | themes | NMI | ARI |",
        "|---|---|---:|---:|---|---:|---:|---:|",
    ]
    label_notes = []
    for coded, role in sets:
        k = len(set(coded.codes))
        rows: list[tuple[str, int, float, float]] = []
        for name, n_themes in [
            (f"SafeVoice, default (√(n/2) = {default_number_of_themes(len(coded.texts))})", None),
            ("SafeVoice, --themes = number of codes", k),
        ]:
            result = find_themes(coded.texts, n_themes=n_themes)
            predicted = [t or 0 for t in result.row_themes]
            rows.append(
                (
                    name,
                    len(result.themes),
                    normalized_mutual_info_score(coded.codes, predicted),
                    adjusted_rand_score(coded.codes, predicted),
                )
            )
            labels = [t.label for t in result.themes]
            bare = sum(1 for label in labels if label.strip().lower().removeprefix("theme").strip().isdigit())
            label_notes.append(
                f"- {coded.name}, {len(result.themes)} themes: {bare} labels that are a bare number, "
                f"{len(labels) - len(set(labels))} repeated; e.g. " + "; ".join(f"“{x}”" for x in labels[:4])
            )
        static = embed([r.text for r in get_redactor().redact(coded.texts)])
        transformer = eval_data.minilm_vectors(coded.texts)
        for name, vectors in [
            ("KMeans on the same static vectors", static),
            ("KMeans on all-MiniLM-L6-v2 (transformer) vectors", transformer),
        ]:
            if vectors is None:
                rows.append(
                    (name + " (vectors not made: scripts/minilm_baseline_vectors.py)", k, np.nan, np.nan)
                )
                continue
            scores = []
            for seed in SEEDS:
                predicted_k = KMeans(k, n_init=10, random_state=seed).fit_predict(vectors)
                scores.append(
                    (
                        normalized_mutual_info_score(coded.codes, predicted_k),
                        adjusted_rand_score(coded.codes, predicted_k),
                    )
                )
            nmi, ari = np.mean(scores, axis=0)
            rows.append((name + f", mean of {len(SEEDS)} seeds", k, float(nmi), float(ari)))
        for name, themes, nmi, ari in rows:
            lines.append(
                f"| {coded.name} | {role} | {len(coded.texts):,} | {k} | {name} | {themes} | {nmi:.3f} | {ari:.3f} |"
            )
    return [*lines, "", *label_notes, ""]


def _examples(memberships: np.ndarray, pool: np.ndarray, per_theme: int, seed: int) -> np.ndarray:
    """Rows of `pool` giving every theme `per_theme` examples (a row counts for every theme it carries)."""
    rng = np.random.default_rng(seed)
    chosen: list[int] = []
    for t in range(memberships.shape[1]):
        have = sum(1 for i in chosen if memberships[i, t])
        candidates = [
            int(i) for i in rng.permutation(pool[memberships[pool, t] == 1]) if int(i) not in chosen
        ]
        chosen += candidates[: max(0, per_theme - have)]
    return np.array(sorted(chosen))


def _f1(truth: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    tp = (truth & predicted).sum(axis=0)
    fp = (~truth & predicted).sum(axis=0)
    fn = (truth & ~predicted).sum(axis=0)
    micro = 2 * tp.sum() / max(1, 2 * tp.sum() + fp.sum() + fn.sum())
    per_theme = np.where(tp > 0, 2 * tp / np.maximum(1, 2 * tp + fp + fn), 0.0)
    return float(micro), float(per_theme.mean())


def assignment_report() -> list[str]:
    from safevoice.analysis.text.assignment import assign
    from safevoice.analysis.text.embedding import embed
    from safevoice.analysis.text.redaction import get_redactor

    lines = ["### Assignment against people's codes (multi-label)", ""]
    try:
        sets = eval_data.assignment_sets()
    except FileNotFoundError:
        return lines + _missing("pxtextmining")
    lines += [
        "| set | role | themes | test comments | labels per comment | method | micro-F1 | macro-F1 |",
        "|---|---|---:|---:|---:|---|---:|---:|",
    ]
    for multi, role in sets:
        order = np.random.default_rng(0).permutation(len(multi.texts))
        first, second = order[: len(order) // 2], order[len(order) // 2 :]
        studied = np.flatnonzero(multi.memberships[first].sum(axis=0) >= max(EXAMPLES_PER_THEME))
        members = multi.memberships[:, studied]
        names = [multi.themes[t] for t in studied]
        test = second[members[second].sum(axis=1) > 0]
        truth = members[test].astype(bool)
        head = f"| {multi.name} | {role} | {len(names)} | {len(test):,} | {truth.sum(axis=1).mean():.2f} |"
        vectors = embed([r.text for r in get_redactor().redact(multi.texts)])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            trained = OneVsRestClassifier(LogisticRegression(C=10, max_iter=2000)).fit(
                vectors[first], members[first]
            )
        predicted = trained.predict_proba(vectors[test]) >= 0.5
        micro, macro = _f1(truth, predicted)
        lines.append(
            f"{head} logistic regression trained on the first half ({len(first):,} comments) | {micro:.3f} | {macro:.3f} |"
        )
        for per_theme in EXAMPLES_PER_THEME:
            scores = []
            for seed in SEEDS:
                chosen = _examples(members, first, per_theme, seed)
                examples: dict[str, list[str]] = {}
                for i in chosen:
                    for t in np.flatnonzero(members[i]):
                        examples.setdefault(names[t], []).append(multi.texts[i])
                result = assign([multi.texts[i] for i in test], examples)
                guess = np.array([[name in row for name in names] for row in result.row_themes])
                scores.append(_f1(truth, guess))
            micro, macro = np.mean(scores, axis=0)
            lines.append(
                f"{head} `assign`, {per_theme} examples per theme (mean of {len(SEEDS)} draws) | {micro:.3f} | {macro:.3f} |"
            )
    return [*lines, ""]


def _redaction_table(title: str, examples: Sequence, started: float, redactions: Sequence) -> list[str]:
    from safevoice.analysis.text.evaluation import kept_rates, score_redaction

    elapsed = time.perf_counter() - started
    scores = score_redaction(examples, redactions)
    lines = [
        f"{title}: {len(examples):,} sentences, {len(examples) / elapsed:,.0f} sentences/s",
        "",
        "| type | labelled | found | recall | precision |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {s.entity_type} | {s.labelled} | {s.found} | {s.recall:.2f} | {s.precision:.2f} |"
        for s in scores.values()
        if s.labelled
    ]
    if examples and hasattr(examples[0], "kept"):
        rates = kept_rates(examples, redactions)
        lines += [
            "",
            "Left untouched: "
            + "; ".join(
                f"{kind} {kept / total:.0%} of {total}" for kind, (total, kept) in sorted(rates.items())
            ),
        ]
    return [*lines, ""]


def redaction_report() -> list[str]:
    from safevoice.analysis.text.evaluation import load_presidio_set, load_redaction_set
    from safevoice.analysis.text.redaction import get_redactor

    redactor = get_redactor()
    lines = ["### Redaction", ""]
    for file, title in [
        ("redaction_labelled.jsonl", "Project's development set (written with the recognisers; optimistic)"),
        ("redaction_heldout.jsonl", "Project's held-out set (written after them; optimistic)"),
    ]:
        examples = load_redaction_set(file)
        started = time.perf_counter()
        lines += _redaction_table(title, examples, started, redactor.redact([e.text for e in examples]))
    for file, title in [
        (
            "synth_dataset_v2.json",
            "presidio-research synth_dataset_v2 (development: the recognisers were tuned on it)",
        ),
        (
            "generated_large.json",
            "presidio-research generated_large (held out: scored once the rules were set)",
        ),
    ]:
        path = eval_data.PRESIDIO / file
        if not path.exists():
            lines += _missing(f"presidio-research/{file}")
            continue
        foreign = load_presidio_set(path)
        started = time.perf_counter()
        lines += _redaction_table(title, foreign, started, redactor.redact([e.text for e in foreign]))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", choices=["themes", "assign", "redact"], action="append")
    args = parser.parse_args()
    parts = args.only or ["redact", "themes", "assign"]
    lines = ["## Free text: quality on labelled sets", ""]
    if "redact" in parts:
        lines += redaction_report()
    if "themes" in parts:
        lines += themes_report()
    if "assign" in parts:
        lines += assignment_report()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
