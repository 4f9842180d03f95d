"""Free-text answers composed from the corpus (``corpus.py``), with or without the spans of the personal details
they carry. Vectorised with polars; no Django.

About one answer in twelve (by default) also carries a UK-style personal detail (a name, a phone number in
Ofcom's drama ranges such as 07700 900123, a postcode such as NN1 2AB, an email at example.com) so redaction has
something to find, and ``labelled_texts`` says exactly where each one is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from safevoice.synthetic import corpus

#: The redaction entity type of each placeholder (safevoice/analysis/text/recognisers.py uses the same names).
ENTITY_OF_PLACEHOLDER = {
    "name": "PERSON",
    "first": "PERSON",
    "phone": "PHONE",
    "email": "EMAIL",
    "postcode": "POSTCODE",
}
#: Letters the second half of a UK postcode never uses.
_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def pick(bank: Sequence[str], index: NDArray[np.int64]) -> pl.Series:
    return pl.Series(list(bank), dtype=pl.String).gather(pl.Series(index, dtype=pl.Int64))


def compose_text(
    rng: np.random.Generator, n: int, *, bank: str, personal_detail_rate: float = 0.08
) -> pl.Series:
    """``n`` free-text answers of one to three sentences, about a tenth carrying a personal detail (vectorised)."""
    return _compose(rng, n, bank=bank, personal_detail_rate=personal_detail_rate)[0]


def labelled_texts(
    n: int, *, seed: int, bank: str = "causes", personal_detail_rate: float = 0.5
) -> list[dict[str, Any]]:
    """``n`` free-text answers with the span of every personal detail in them, for measuring redaction on any
    amount of text: ``{"text": ..., "spans": [{"type": "PHONE", "start": 40, "end": 52}]}``, the layout of the
    hand-labelled set in ``safevoice/analysis/text/data`` (types PERSON, PHONE, EMAIL, POSTCODE; end exclusive)."""
    texts, rows, details = _compose(
        np.random.default_rng(seed), n, bank=bank, personal_detail_rate=personal_detail_rate
    )
    records: list[dict[str, Any]] = [{"text": text, "spans": []} for text in texts.to_list()]
    values = {name: series.to_list() for name, series in details.values.items()}
    for j, (row, sentence) in enumerate(zip(rows.tolist(), details.sentences.to_list(), strict=True)):
        # The sentence with the detail is always the last part of the answer.
        offset = len(records[row]["text"]) - len(sentence)
        position = offset
        for literal, placeholder in _template_pieces(
            corpus.personal_details().sentences[details.template[j]]
        ):
            position += len(literal)
            if placeholder:
                value = values[placeholder][j]
                records[row]["spans"].append(
                    {
                        "type": ENTITY_OF_PLACEHOLDER[placeholder],
                        "start": position,
                        "end": position + len(value),
                    }
                )
                position += len(value)
    return records


def _template_pieces(template: str) -> list[tuple[str, str]]:
    """A sentence template as (literal text, placeholder after it or "") pairs."""
    pieces: list[tuple[str, str]] = []
    rest = template
    while "{" in rest:
        before, _, after = rest.partition("{")
        name, _, rest = after.partition("}")
        pieces.append((before, name))
    pieces.append((rest, ""))
    return pieces


def _compose(
    rng: np.random.Generator, n: int, *, bank: str, personal_detail_rate: float
) -> tuple[pl.Series, NDArray[np.int64], _Details]:
    comments = corpus.comments()
    cores = comments.bank(bank if bank in comments.banks else "general")
    openers = comments.openers.get(bank, comments.openers["general"])
    endings = comments.endings.get(bank, comments.endings["general"])
    sentences = rng.choice(3, size=n, p=(0.5, 0.35, 0.15)) + 1
    parts: list[pl.Series] = []
    for position in range(3):
        # Each part is built only for the answers that have it, then put in place (null elsewhere).
        rows = np.flatnonzero(sentences > position)
        size = len(rows)
        starts = openers if position == 0 else comments.follow_on
        opener = pick(starts, rng.integers(0, len(starts), size))
        core = pick(cores, rng.integers(0, len(cores), size))
        with_place = pl.Series(rng.random(size) < 0.35)
        place = (
            pick(comments.prepositions, rng.integers(0, len(comments.prepositions), size))
            + pick(comments.places, rng.integers(0, len(comments.places), size))
            + "."
        )
        ending = pick(endings, rng.integers(0, len(endings), size))
        sentence = opener + core + pl.select(pl.when(with_place).then(place).otherwise(ending)).to_series()
        parts.append(scatter(n, rows, sentence).alias(f"s{position}"))
    rows = np.flatnonzero(rng.random(n) < personal_detail_rate)
    details = _personal_details(rng, len(rows))
    parts.append(scatter(n, rows, details.sentences).alias("detail"))
    texts = pl.DataFrame(parts).select(pl.concat_str(pl.all(), separator=" ", ignore_nulls=True)).to_series()
    return texts, rows, details


def scatter(n: int, rows: NDArray[np.int64], values: pl.Series) -> pl.Series:
    """A text column of length ``n`` holding ``values`` at ``rows`` and null elsewhere."""
    return pl.repeat(None, n, dtype=pl.String, eager=True).scatter(rows, values)


@dataclass(frozen=True)
class _Details:
    """Sentences carrying a personal detail, the values put in them, and which template each used."""

    sentences: pl.Series
    values: dict[str, pl.Series]
    template: NDArray[np.int64]


def _personal_details(rng: np.random.Generator, n: int) -> _Details:
    people = corpus.personal_details()
    first = pick(people.first_names, rng.integers(0, len(people.first_names), n))
    last = pick(people.surnames, rng.integers(0, len(people.surnames), n))
    # Ofcom keeps 07700 900000-900999 and 01632 960000-960999 for fiction: these can never ring anyone.
    number = pl.Series(rng.integers(0, 1000, n)).cast(pl.String).str.zfill(3)
    phone_style = rng.integers(0, 4, n)
    phone = pl.select(
        pl.when(pl.Series(phone_style == 0))
        .then("07700900" + number)
        .when(pl.Series(phone_style == 1))
        .then("+44 7700 900" + number)
        .when(pl.Series(phone_style == 2))
        .then("01632 960" + number)
        .otherwise("07700 900" + number)
    ).to_series()
    domain = pick(("example.com", "example.org", "example.net"), rng.integers(0, 3, n))
    email = (
        first.str.to_lowercase()
        + pick((".", "_", ""), rng.integers(0, 3, n))
        + last.str.to_lowercase().str.replace_all("'", "")
        + pl.Series(rng.integers(0, 100, n)).cast(pl.String)
        + "@"
        + domain
    )
    district = pick([f"NN{i}" for i in range(1, 19)], rng.integers(0, 18, n))
    letters = list(_POSTCODE_LETTERS)
    postcode = (
        district
        + " "
        + pl.Series(rng.integers(0, 10, n)).cast(pl.String)
        + pick(letters, rng.integers(0, len(letters), n))
        + pick(letters, rng.integers(0, len(letters), n))
    )
    values = {
        "name": first + " " + last,
        "first": first,
        "phone": phone,
        "email": email,
        "postcode": postcode,
    }
    template = rng.integers(0, len(people.sentences), n)
    filled = [_fill(t, values) for t in people.sentences]
    chosen = [pl.when(pl.Series(template == i)).then(sentence) for i, sentence in enumerate(filled)]
    sentences = pl.select(pl.coalesce(chosen)).to_series() if n else pl.Series([], dtype=pl.String)
    return _Details(sentences=sentences, values=values, template=template)


def _fill(template: str, values: Mapping[str, pl.Series]) -> pl.Series:
    """A sentence template with its {placeholders} replaced by the matching column, row by row."""
    pieces: list[pl.Series | str] = []
    for literal, placeholder in _template_pieces(template):
        pieces.append(literal)
        if placeholder:
            pieces.append(values[placeholder])
    height = len(next(iter(values.values())))
    return (
        pl.DataFrame(
            [
                p if isinstance(p, pl.Series) else pl.repeat(p, height, dtype=pl.String, eager=True)
                for p in pieces
            ],
            schema=[f"p{i}" for i in range(len(pieces))],
        )
        .select(pl.concat_str(pl.all()))
        .to_series()
    )
