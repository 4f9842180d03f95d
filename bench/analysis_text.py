"""Benchmark and measurements of the free-text half of the analysis core: redaction, themes, assignment.

Run `python -m bench.analysis_text [--quick]` (also part of `make bench`); prints Markdown. Targets (issues 9
and 18, on 2 CPU cores): themes (redaction, embedding, grouping) for 10,000 comments in under 30 s and 100,000
in under 5 minutes; assignment of 10,000 comments in under 15 s. Quality here is on sets that ship with the
repository or sit beside it (CLINC150, the project's own sets); the figures on public human-coded sets that
docs/analysis.md quotes come from `bench/eval_text.py`.

Figures depend on what else the machine is doing: run it on an otherwise idle machine. Speed is measured on
synthetic resident comments (`synthetic_comments`): one to four clauses about the
consultation's subjects, places and times, with personal details in about one comment in eight, so the
redactor meets names, phone numbers and addresses at a realistic rate. Models are loaded once first (their
load times are shown separately), as in one run of a command.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

import numpy as np
import polars as pl
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

T = TypeVar("T")
CLINC = Path(
    os.environ.get(
        "CLINC150_CSV", Path(__file__).resolve().parent.parent.parent / "shared/data/clinc150_test.csv"
    )
)

CLAUSES = [
    "there is a lot of drug dealing {where}",
    "people are selling weed {where} {when}",
    "crack users hang around {where}",
    "you find needles {where}",
    "county lines gangs use kids from {town} to run drugs",
    "lads on bikes deliver drugs {when}",
    "my son says boys carry knives at school",
    "there was a stabbing {where} {when}",
    "knife crime is what scares me most",
    "a teenager pulled a knife {where}",
    "the youth club closed and nothing replaced it",
    "there is nothing for teenagers to do {when}",
    "we need more youth workers on the streets",
    "sports clubs cost too much for families round here",
    "the streetlights {where} have been broken for months",
    "it is too dark to walk home {when}",
    "the footpath {where} has no lighting at all",
    "we never see a police officer on foot",
    "the police took hours to come when I rang 101",
    "more PCSOs in {town} would help",
    "the police do their best but there are not enough of them",
    "drunk people fight {where} {when}",
    "the bars stay open too late",
    "women get harassed by drunk men on nights out",
    "taxi marshals at the rank would stop the fights",
    "domestic abuse is hidden behind closed doors",
    "my ex still turns up outside my house",
    "the refuge is always full",
    "older men pick up girls outside the school",
    "kids are groomed online and then exploited",
    "gangs have taken over a vulnerable man's flat",
    "I feel safe in my village but not in {town}",
    "the council cut everything and this is the result",
    "CCTV {where} would make a difference",
    "I moved here ten years ago and it has got worse",
    "people are scared to report anything",
]
WHERE = [
    "near the shops",
    "in the park",
    "by the bus station",
    "outside the school",
    "on Abington Street",
    "on the Eastfield estate",
    "behind the Co-op",
    "in the town centre",
    "under the railway bridge",
    "along the river path",
    "on Kettering Road",
    "near the leisure centre",
]
WHEN = ["at night", "every weekend", "on Friday nights", "after school", "in the evenings", "", "most days"]
TOWNS = [
    "Northampton",
    "Corby",
    "Kettering",
    "Wellingborough",
    "Daventry",
    "Rushden",
    "Brackley",
    "Towcester",
]
FIRST = ["Darren", "Jade", "Kyle", "Shannon", "Marcus", "Chloe", "Reece", "Amelia", "Tyler", "Linda", "Jamal"]
SURNAMES = ["Mills", "Barker", "Thompson", "Hughes", "Clarke", "Patel", "Kowalski", "Reid", "Price", "Doyle"]
STREETS = ["Abington Street", "Wellingborough Road", "Elm Close", "Queen Street", "Rockingham Road"]
OPENERS = ["", "", "", "Honestly, ", "I think ", "In my opinion ", "To be honest ", "Sadly "]
JOINERS = [". ", ", and ", ". Also ", " and ", ". "]


def synthetic_comments(n: int, *, seed: int = 7) -> list[str]:
    """`n` resident-style comments, varied enough that few repeat (a real export has some duplicates too)."""
    rng = np.random.default_rng(seed)
    comments = []
    for _ in range(n):
        parts = []
        for _ in range(int(rng.integers(1, 5))):
            clause = str(rng.choice(CLAUSES)).format(
                where=rng.choice(WHERE), when=rng.choice(WHEN), town=rng.choice(TOWNS)
            )
            parts.append(clause.replace("  ", " ").strip())
        text = str(rng.choice(OPENERS)) + parts[0]
        for part in parts[1:]:
            text += str(rng.choice(JOINERS)) + part
        roll = rng.random()
        if roll < 0.04:
            text += f". {rng.choice(FIRST)} {rng.choice(SURNAMES)} is one of them"
        elif roll < 0.07:
            text += f". Call me on 07700 900{int(rng.integers(0, 1000)):03d}"
        elif roll < 0.09:
            text += f". I live at {int(rng.integers(1, 200))} {rng.choice(STREETS)}"
        elif roll < 0.11:
            text += f". Email me at resident{int(rng.integers(0, 10**5))}@example.com"
        elif roll < 0.125:
            text += f". My postcode is NN{int(rng.integers(1, 19))} {int(rng.integers(0, 10))}AB"
        comments.append(text[0].upper() + text[1:] + ".")
    return comments


def seconds(work: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def speed(sizes: list[int], *, load_redactor: float, load_embedder: float) -> list[str]:
    from safevoice.analysis.text.assignment import assign
    from safevoice.analysis.text.embedding import embed
    from safevoice.analysis.text.evaluation import load_multilabel_set, split_examples
    from safevoice.analysis.text.redaction import get_redactor
    from safevoice.analysis.text.themes import cluster, find_themes

    lines = [
        "### Speed",
        "",
        f"Loading: redactor (spaCy + Presidio) {load_redactor:.1f} s, embedding model {load_embedder:.2f} s "
        f"(once per process). {os.cpu_count()} CPU cores.",
        "",
        "| comments | distinct | redaction s | comments/s | embedding s | grouping s | themes total s | themes found |"
        " assignment s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    examples, _ = split_examples(load_multilabel_set(), per_theme=10)
    for n in sizes:
        texts = synthetic_comments(n)
        # Stage by stage, then the whole `find_themes` as the command runs it (nothing is cached between).
        redactions, t_redact = seconds(partial(get_redactor().redact, texts))
        vectors, t_embed = seconds(partial(embed, [r.text for r in redactions]))
        _, t_group = seconds(partial(cluster, vectors))
        result, t_themes = seconds(partial(find_themes, texts))
        assign_cell = "–"
        if n <= 10_000:
            _, t_assign = seconds(partial(assign, texts, examples))
            assign_cell = f"{t_assign:.1f}"
        lines.append(
            f"| {n:,} | {len(set(texts)):,} | {t_redact:.1f} | {n / t_redact:,.0f} | {t_embed:.1f} | {t_group:.1f} | "
            f"{t_themes:.1f} | {len(result.themes)} | {assign_cell} |"
        )
    lines += [
        "",
        "*themes total* is `find_themes` end to end (redact, embed, group, name, quote) as the `themes` command runs "
        "it; the stage columns time the same steps separately. *assignment* is `assign` with the 8-theme set "
        "(10 examples per theme) end to end, redaction included.",
        "",
    ]
    return lines


def themes_quality() -> list[str]:
    from safevoice.analysis.text.themes import find_themes

    frame = pl.read_csv(CLINC)
    texts, labels = frame["text"].to_list(), frame["intent"].to_list()
    rows = []
    for name, vectoriser in [
        ("TF-IDF (scikit-learn defaults) + KMeans, k = 150", TfidfVectorizer()),
        (
            "TF-IDF (sublinear tf, English stop words) + KMeans, k = 150",
            TfidfVectorizer(sublinear_tf=True, stop_words="english"),
        ),
    ]:

        def baseline(vectoriser: TfidfVectorizer = vectoriser) -> np.ndarray:
            return KMeans(150, n_init=10, random_state=0).fit_predict(vectoriser.fit_transform(texts))

        predicted, elapsed = seconds(baseline)
        rows.append(
            (
                name,
                normalized_mutual_info_score(labels, predicted),
                adjusted_rand_score(labels, predicted),
                elapsed,
                150,
            )
        )
    for name, k in [
        ("SafeVoice themes, k = 150 (--themes 150)", 150),
        ("SafeVoice themes, k chosen by silhouette", None),
    ]:
        result, elapsed = seconds(partial(find_themes, texts, n_themes=k))
        rows.append(
            (
                name,
                normalized_mutual_info_score(labels, result.row_themes),
                adjusted_rand_score(labels, result.row_themes),
                elapsed,
                len(result.themes),
            )
        )
    lines = [
        "### Themes on CLINC150 (4,500 texts, 150 labels)",
        "",
        "| method | themes | NMI | ARI | seconds |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [f"| {name} | {k} | {nmi:.3f} | {ari:.3f} | {s:.1f} |" for name, nmi, ari, s, k in rows]
    lines += [
        "",
        "SafeVoice's seconds include redaction and embedding; the baselines' include vectorising.",
        "",
    ]
    return lines


def assignment_quality() -> list[str]:
    from safevoice.analysis.text.assignment import assign
    from safevoice.analysis.text.evaluation import load_multilabel_set, multilabel_f1, split_examples

    frame = pl.read_csv(CLINC).with_row_index("order")
    frame = frame.with_columns(pl.col("order").rank("ordinal").over("intent").alias("nth"))
    train, test = frame.filter(pl.col("nth") <= 10), frame.filter(pl.col("nth") > 10)
    examples: dict[str, list[str]] = {}
    for text, intent in zip(train["text"], train["intent"], strict=True):
        examples.setdefault(intent, []).append(text)
    truth = test["intent"].to_list()
    result, elapsed = seconds(lambda: assign(test["text"].to_list(), examples))
    names = result.theme_names
    top = [names[j] for j in np.argmax(result.scores, axis=1)]
    top_accuracy = np.mean([a == b for a, b in zip(top, truth, strict=True)])
    exact = np.mean([themes == (label,) for themes, label in zip(result.row_themes, truth, strict=True)])
    contains = np.mean([label in themes for themes, label in zip(result.row_themes, truth, strict=True)])
    none = np.mean([not themes for themes in result.row_themes])
    lines = [
        "### Assignment",
        "",
        f"CLINC150, the first 10 texts of each label as examples, the other 20 per label (3,000) assigned, "
        f"{elapsed:.1f} s:",
        "",
        f"- highest-scoring theme is the right one (accuracy): **{top_accuracy:.1%}**",
        f"- assigned exactly the right theme and no other: {exact:.1%}; right theme among those assigned: "
        f"{contains:.1%}; fits none: {none:.1%}",
        "",
    ]
    records = load_multilabel_set()
    for per_theme in (5, 8, 10):
        examples_ml, held = split_examples(records, per_theme=per_theme)
        result_ml = assign([r.text for r in held], examples_ml)
        micro, macro = multilabel_f1([r.themes for r in held], result_ml.row_themes)
        lines.append(
            f"- multi-label set ({len(records)} comments, 8 themes), {per_theme} examples per theme, "
            f"{len(held)} assigned: micro-F1 **{micro:.3f}**, macro-F1 **{macro:.3f}**"
        )
    lines.append("")
    return lines


def redaction_quality() -> list[str]:
    from safevoice.analysis.text.evaluation import load_redaction_set, score_redaction
    from safevoice.analysis.text.redaction import get_redactor

    lines = ["### Redaction", ""]
    for name, title in [
        ("redaction_labelled.jsonl", "development set (written with the recognisers)"),
        ("redaction_heldout.jsonl", "held-out set (written after them)"),
    ]:
        examples = load_redaction_set(name)
        redactions, elapsed = seconds(partial(get_redactor().redact, [e.text for e in examples]))
        scores = score_redaction(examples, redactions)
        lines += [
            f"{title}: {len(examples)} sentences, {sum(1 for e in examples if not e.entities)} without personal "
            f"details, {len(examples) / elapsed:,.0f} sentences/s",
            "",
            "| type | labelled | found | recall | precision |",
            "|---|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {s.entity_type} | {s.labelled} | {s.found} | {s.recall:.2f} | {s.precision:.2f} |"
            for s in scores.values()
        ]
        lines.append("")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="10,000 comments only for speed, skip 100,000")
    parser.add_argument("--sizes", type=int, nargs="*", help="comment counts for the speed table")
    args = parser.parse_args()
    sizes = args.sizes or ([10_000] if args.quick else [10_000, 100_000])
    from safevoice.analysis.text.embedding import load_model
    from safevoice.analysis.text.redaction import get_redactor

    _, load_redactor = seconds(get_redactor)
    _, load_embedder = seconds(load_model)
    lines = ["## Free text: redaction, themes and assignment", ""]
    lines += redaction_quality()
    lines += themes_quality()
    lines += assignment_quality()
    lines += speed(sizes, load_redactor=load_redactor, load_embedder=load_embedder)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
