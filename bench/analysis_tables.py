"""Benchmark: every table, with disclosure control, for a large synthetic survey export.

Target (issue 9): 1,000,000 responses shaped like the Serious Violence Duty questionnaire in under 20 s with peak
memory under 3 GB, on 2 CPU cores. Run `python -m bench.analysis_tables [--responses N]`; prints a Markdown table.
Generating the synthetic frame is not timed; encoding it against the codebook and building, protecting (including
the linear-programming audit) and publishing every table is.
"""

from __future__ import annotations

import argparse
import resource
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from safevoice.analysis.tables.answers import encode
from safevoice.analysis.tables.codebook import Codebook, Option, Question
from safevoice.analysis.tables.disclosure import DisclosureRules
from safevoice.analysis.tables.frequencies import protected_question
from safevoice.analysis.tables.weighting import rake_to_population

SINGLE_QUESTIONS = 40
MULTIPLE_QUESTIONS = 8
AREA = Question(
    "unitary",
    "Which area do you live in?",
    "single",
    (
        Option("E06000061", "North Northamptonshire"),
        Option("E06000062", "West Northamptonshire"),
        Option("not_sure", "Not sure"),
        Option("prefer_not_to_say", "Prefer not to say"),
    ),
)
SEX = Question(
    "sex",
    "What is your sex?",
    "single",
    (Option("female", "Female"), Option("male", "Male"), Option("prefer_not_to_say", "Prefer not to say")),
)
AGE = Question(
    "age_band",
    "How old are you?",
    "single",
    tuple(
        Option(band, band)
        for band in ("16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+", "prefer_not_to_say")
    ),
)


def _options(count: int) -> tuple[Option, ...]:
    """``count`` answers, the last of them "prefer not to say", as every sensitive question offers."""
    return (
        *(Option(f"o{i}", f"Answer {i}") for i in range(count - 1)),
        Option("prefer_not_to_say", "Prefer not to say"),
    )


def synthetic_survey(responses: int, *, seed: int = 2023) -> tuple[pl.DataFrame, Codebook]:
    """A columnar export shaped like the questionnaire: area and demographics, about 40 single-choice questions
    with 3–20 options (each with "prefer not to say"), 8 multiple-choice questions with 5–12 options, and routing
    that leaves some questions unanswered by most people (as "if you were affected..." pages do)."""
    rng = np.random.default_rng(seed)
    questions: list[Question] = [AREA, SEX, AGE]
    columns: dict[str, pl.Series] = {}

    def single(question: Question, shown: np.ndarray) -> None:
        k = len(question.options)
        p = rng.dirichlet(np.full(k, 1.5))
        codes = rng.choice(k, size=responses, p=p)
        skipped = ~shown | (rng.random(responses) < 0.04)
        ids = np.array([o.id for o in question.options] + [""], dtype=object)
        codes = np.where(skipped, k, codes)
        columns[question.id] = pl.Series(question.id, ids[codes], dtype=pl.String)

    everyone = np.ones(responses, bool)
    for question in (AREA, SEX, AGE):
        single(question, everyone)
    affected = rng.random(responses) < 0.25  # routing: a quarter go down the "you were affected" branch
    for number in range(SINGLE_QUESTIONS):
        options = _options(int(rng.integers(3, 21)))
        question = Question(f"q{number:02d}", f"Single-choice question {number}", "single", options)
        questions.append(question)
        single(question, affected if number % 5 == 4 else everyone)
    for number in range(MULTIPLE_QUESTIONS):
        options = _options(int(rng.integers(5, 13)))
        question = Question(f"m{number:02d}", f"Multiple-choice question {number}", "multiple", options)
        questions.append(question)
        shown = affected if number % 2 else everyone
        prefer = shown & (rng.random(responses) < 0.03)
        for option in options:
            if option.id == "prefer_not_to_say":
                chosen = prefer
            else:
                chosen = shown & ~prefer & (rng.random(responses) < rng.uniform(0.02, 0.6))
            columns[question.column_for(option)] = pl.Series(question.column_for(option), chosen)
    codebook = Codebook(questions=tuple(questions), breakdowns=("unitary", "sex", "age_band"))
    return pl.DataFrame(list(columns.values())), codebook


QUESTIONNAIRE = (
    Path(__file__).resolve().parents[1]
    / "content/consultations/serious-violence-duty-2023/questionnaire.yaml"
)


def questionnaire_survey(responses: int, *, seed: int = 2023) -> tuple[pl.DataFrame, Codebook] | None:
    """The shared routing-faithful generator on the real questionnaire, with the codebook stored responses get
    (``safevoice.analysis.layout``); None where either is missing (then ``synthetic_survey`` stands in)."""
    try:
        from safevoice.analysis.layout import questionnaire_codebook
        from safevoice.questionnaire_engine import read_questionnaire
        from safevoice.synthetic.profile import profile_beside
        from safevoice.synthetic.sampler import generate_table
    except ImportError:
        return None
    if not QUESTIONNAIRE.exists():
        return None
    questionnaire = read_questionnaire(QUESTIONNAIRE)
    frame = generate_table(questionnaire, n=responses, seed=seed, profile=profile_beside(questionnaire))
    return frame, questionnaire_codebook([questionnaire])


@dataclass(frozen=True)
class Result:
    generator: str
    responses: int
    tables: int
    cells: int
    hidden: int
    seconds: float
    cpu_seconds: (
        float  # what the wall time would be on an idle machine, near enough: numpy here is single-threaded
    )
    peak_rss_mb: float


def run(
    responses: int = 1_000_000, *, seed: int = 2023, generator: str = "questionnaire", rake: bool = False
) -> Result:
    """Time every protected table. ``generator``: "questionnaire" (the shared generator on the real
    questionnaire, when present) or "shape" (this module's stand-in with 40 + 8 questions). ``rake``: weight to
    the population first (timed), adding weighted columns to every table."""
    survey = questionnaire_survey(responses, seed=seed) if generator == "questionnaire" else None
    frame, codebook = survey if survey is not None else synthetic_survey(responses, seed=seed)
    area = "home_area__unitary" if survey is not None else "unitary"
    rules = DisclosureRules()
    start = time.perf_counter()
    cpu_start = time.process_time()
    weights = rake_to_population(frame, area=area, sex="sex", age_band="age_band").weights if rake else None
    encoded = encode(frame, codebook)
    tables = cells = hidden = 0
    for question in codebook.questions:
        breakdowns = [encoded[b] for b in codebook.breakdowns_for(question.id)]
        result = protected_question(encoded[question.id], breakdowns=breakdowns, weights=weights, rules=rules)
        tables += 1 + len(breakdowns)
        cells += int(result.system.published.sum())
        hidden += int(result.protection.hidden.sum())
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    source = ("questionnaire" if survey is not None else "shape") + (" + raking" if rake else "")
    return Result(source, responses, tables, cells, hidden, seconds, cpu_seconds, peak_rss_mb)


def markdown(results: list[Result]) -> str:
    """Peak RSS is the process's high-water mark so far, so run the largest size first."""
    return "\n".join(
        [
            "| generator | responses | tables | published cells | hidden | seconds | CPU seconds | peak RSS (MB) | target |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|",
            *(
                f"| {r.generator} | {r.responses:,} | {r.tables} | {r.cells:,} | {r.hidden:,} | "
                f"{r.seconds:.1f} | {r.cpu_seconds:.1f} | {r.peak_rss_mb:,.0f} | {'< 20 s, < 3,072 MB' if r.responses >= 1_000_000 else ''} |"
                for r in results
            ),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    # A million responses is the target; 10,000 is a typical consultation, where far more cells are small and
    # the linear-programming audit does most of the work.
    parser.add_argument("--responses", type=int, nargs="+", default=[1_000_000, 10_000])
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--generator", choices=("questionnaire", "shape", "both"), default="both")
    parser.add_argument("--no-raking", action="store_true", help="skip the weighted run")
    args = parser.parse_args()
    generators = ("questionnaire", "shape") if args.generator == "both" else (args.generator,)
    runs = [(size, g, False) for size in args.responses for g in generators]
    if not args.no_raking:
        runs.insert(1, (max(args.responses), generators[0], True))
    print(markdown([run(size, seed=args.seed, generator=g, rake=rake) for size, g, rake in runs]))


if __name__ == "__main__":
    main()
