"""The public labelled sets the free-text evaluation reads (kept outside the repository: see docs/analysis.md).

They live in `$SAFEVOICE_EVAL_DATA` (default `../shared/data/eval` beside the repository), copied there from
the repositories named below; nothing here downloads anything, and the test suite never needs them.

- `pxtextmining/` from The-Strategy-Unit/pxtextmining (commit ba6c0a2f): NHS patients' comments coded by people.
  `phase_1_text_data.csv` (10,334 comments from three trusts, one of 44 codes each) for themes;
  `v6framework_230831.csv` (7,908 comments from two trusts, multi-label, framework v6) and
  `phase_1_co_multi_label.csv` (1,998 Care Opinion stories, multi-label, phase 1 codes; CC BY-NC-SA 4.0) for
  assignment.
- `presidio-research/` from microsoft/presidio-research (commit 7622dec1, MIT): sentences with labelled
  personal details, generated from templates and multinational fake identities. `synth_dataset_v2.json`
  (1,500) and `generated_large.json` (2,109).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
EVAL_DATA = Path(os.environ.get("SAFEVOICE_EVAL_DATA", ROOT.parent / "shared" / "data" / "eval"))
PXTEXTMINING = EVAL_DATA / "pxtextmining"
PRESIDIO = EVAL_DATA / "presidio-research"
# Sentence vectors of the full all-MiniLM-L6-v2 transformer, written by scripts/minilm_baseline_vectors.py.
CACHE = EVAL_DATA / "cache"
# Framework codes that say a comment could not be coded: no analyst would give examples of them.
NOT_THEMES = ("Not assigned", "Labelling not possible")


@dataclass(frozen=True)
class CodedSet:
    name: str
    texts: list[str]
    codes: list[str]


@dataclass(frozen=True)
class MultiLabelSet:
    name: str
    texts: list[str]
    themes: list[str]
    memberships: np.ndarray  # texts × themes, 0/1


def themes_sets() -> list[tuple[CodedSet, str]]:
    """(set, role): trusts A and B for development, trust C held out (looked at once, at the end)."""
    frame = pl.read_csv(PXTEXTMINING / "phase_1_text_data.csv", infer_schema_length=0)
    frame = frame.filter(pl.col("feedback").is_not_null() & (pl.col("feedback").str.strip_chars() != ""))
    out = []
    for trusts, role in [(["Trust A", "Trust B"], "development"), (["Trust C"], "held out")]:
        part = frame.filter(pl.col("organization").is_in(trusts))
        name = f"pxtextmining phase 1, {' and '.join(trusts)}"
        out.append((CodedSet(name, part["feedback"].to_list(), part["subcategory"].to_list()), role))
    return out


def assignment_sets() -> list[tuple[MultiLabelSet, str]]:
    """(set, role): NEAS and Care Opinion for development, NHFT held out. Comments with no theme are left out."""
    frame = pl.read_csv(PXTEXTMINING / "v6framework_230831.csv", infer_schema_length=0)
    labels = [c for c in frame.columns[frame.columns.index("Comment sentiment") + 1 :] if c not in NOT_THEMES]
    out = []
    for trust, role in [("NEAS", "development"), ("NHFT", "held out")]:
        part = frame.filter(
            (pl.col("Trust") == trust)
            & pl.col("FFT answer").is_not_null()
            & (pl.col("FFT answer").str.strip_chars() != "")
        )
        memberships = np.column_stack([(part[c].fill_null("0") == "1").to_numpy() for c in labels]).astype(
            int
        )
        keep = memberships.sum(axis=1) > 0
        texts = [t for t, k in zip(part["FFT answer"].to_list(), keep, strict=True) if k]
        out.append(
            (MultiLabelSet(f"pxtextmining v6 framework, {trust}", texts, labels, memberships[keep]), role)
        )
    # Care Opinion's stories, coded with phase 1's subcategories (up to six each; codes in either case).
    stories = pl.read_csv(
        PXTEXTMINING / "phase_1_co_multi_label.csv", infer_schema_length=0, null_values=["NA"]
    )
    stories = stories.filter(pl.col("feedback").is_not_null() & (pl.col("feedback").str.strip_chars() != ""))
    columns = [c for c in stories.columns if c.startswith("cat_")]
    coded = [{str(v).lower() for c in columns if (v := row[c])} for row in stories.iter_rows(named=True)]
    codes = sorted(set().union(*coded))
    memberships = np.array([[code in row for code in codes] for row in coded], dtype=int)
    keep = memberships.sum(axis=1) > 0
    texts = [t for t, k in zip(stories["feedback"].to_list(), keep, strict=True) if k]
    out.append(
        (MultiLabelSet("pxtextmining phase 1, Care Opinion", texts, codes, memberships[keep]), "development")
    )
    return out


def cache_path(texts: list[str]) -> Path:
    digest = hashlib.sha256("\x1e".join(texts).encode()).hexdigest()[:16]
    return CACHE / f"minilm_{digest}.npy"


def minilm_vectors(texts: list[str]) -> np.ndarray | None:
    """The transformer's vectors for exactly these texts, if scripts/minilm_baseline_vectors.py made them."""
    path = cache_path(texts)
    return np.load(path) if path.exists() else None
