from __future__ import annotations

import re

import pytest

from safevoice.responses import resume_codes


def test_codes_are_grouped_crockford_base32_with_60_bits() -> None:
    code = resume_codes.new_code()
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", code)
    assert len(resume_codes.ALPHABET) ** resume_codes.CODE_LENGTH == 2**60
    assert len({resume_codes.new_code() for _ in range(1000)}) == 1000


@pytest.mark.parametrize("typed", ["7kq2-m9xd-4t6h", " 7KQ2 M9XD 4T6H ", "7KQ2M9XD4T6H", "7kq2-m9xd-4t6h\n"])
def test_case_spaces_and_hyphens_do_not_matter(typed: str) -> None:
    assert resume_codes.code_hash(typed) == resume_codes.code_hash("7KQ2-M9XD-4T6H")


def test_letters_mistaken_for_digits_are_read_as_the_digits() -> None:
    assert resume_codes.normalise("OIL0-1111-2222") == "011011112222"


@pytest.mark.parametrize("typed", ["", "7KQ2-M9XD", "7KQ2-M9XD-4T6U", "7KQ2-M9XD-4T6H-1", "!!!!-????-####"])
def test_what_cannot_be_a_code(typed: str) -> None:
    assert resume_codes.normalise(typed) is None


def test_the_hash_is_not_the_code() -> None:
    digest = resume_codes.code_hash("7KQ2-M9XD-4T6H")
    assert "7KQ2" not in digest
    assert len(digest) == 64
