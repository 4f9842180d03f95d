"""What every `safevoice-analysis` command shares: reading CSV input with clear errors, progress on a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

import polars as pl
from tqdm import tqdm

T = TypeVar("T")


class CommandError(Exception):
    """A problem with the user's input, reported as one clear line and a non-zero exit."""


def read_csv(path: Path, *, required_columns: Iterable[str] = ()) -> pl.DataFrame:
    """Read a CSV of text columns, refusing a missing file, a wrong encoding, an empty file or a missing column."""
    if not path.exists():
        raise CommandError(f"{path}: no such file")
    if path.is_dir():
        raise CommandError(f"{path}: is a folder, not a CSV file")
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"{path}: is not UTF-8 text (byte {exc.start} cannot be read); save it as 'CSV UTF-8' and try again"
        ) from None
    if not raw.strip():
        raise CommandError(f"{path}: the file is empty")
    try:
        frame = pl.read_csv(raw, infer_schema=False, encoding="utf8")
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError) as exc:
        raise CommandError(f"{path}: cannot be read as CSV ({str(exc).splitlines()[0]})") from None
    if frame.height == 0:
        raise CommandError(f"{path}: has a header but no rows")
    missing = [c for c in required_columns if c not in frame.columns]
    if missing:
        raise CommandError(
            f"{path}: no column named {', '.join(repr(c) for c in missing)}; "
            f"the columns are {', '.join(repr(c) for c in frame.columns)}"
        )
    return frame


def progress(items: Iterable[T], *, total: int | None = None, description: str = "") -> Iterator[T]:
    """A progress bar on stderr when it is a terminal, nothing otherwise (so logs and pipes stay clean)."""
    yield from tqdm(items, total=total, desc=description, file=sys.stderr, disable=not sys.stderr.isatty())
