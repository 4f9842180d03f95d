"""Redaction of names of every origin, of addresses written other countries' ways, and of payment details,
while the places, organisations and dates an analysis is about stay readable."""

from __future__ import annotations

import pytest

from safevoice.analysis.text.recognisers import ENTITY_TYPES
from safevoice.analysis.text.redaction import Redactor, get_redactor


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return get_redactor()


@pytest.mark.parametrize(
    ("comment", "redacted"),
    [
        (
            "Łukasz Kowalczyk sells drugs outside the shop in Wellingborough.",
            "[PERSON] sells drugs outside the shop in Wellingborough.",
        ),
        (
            "My neighbour Dorota Wiśniewska was followed home from Kettering General Hospital.",
            "My neighbour [PERSON] was followed home from Kettering General Hospital.",
        ),
        (
            "Gheorghe Popescu and his mates deal from a flat in Northampton.",
            "[PERSON] and his mates deal from a flat in Northampton.",
        ),
        (
            "Krzysztof was attacked near the Grosvenor Centre in Northampton on 3 March 2024.",
            "[PERSON] was attacked near the Grosvenor Centre in Northampton on 3 March 2024.",
        ),
        (
            "Vasile Dumitru from Corby keeps threatening people.",
            "[PERSON] from Corby keeps threatening people.",
        ),
        (
            "Ionuț hangs round the bus station with a knife.",
            "[PERSON] hangs round the bus station with a knife.",
        ),
    ],
)
def test_names_of_every_origin_go_and_places_stay(redactor: Redactor, comment: str, redacted: str) -> None:
    assert redactor.redact_text(comment).text == redacted


@pytest.mark.parametrize(
    ("comment", "redacted"),
    [
        ("I used to live at ul. Słowicza 10 in Wrocław.", "I used to live at [ADDRESS] in Wrocław."),
        ("Before that, Strada Mihai Eminescu 12, Cluj-Napoca.", "Before that, [ADDRESS], Cluj-Napoca."),
        ("My old flat was at Pohlstrasse 9 in Berlin.", "My old flat was at [ADDRESS] in Berlin."),
        ("We stayed at 29 Rue de Tanger in Paris.", "We stayed at [ADDRESS] in Paris."),
        ("Send it to 1668 Glyn Boulevard, Denver.", "Send it to [ADDRESS], Denver."),
    ],
)
def test_addresses_written_the_way_other_countries_write_them(
    redactor: Redactor, comment: str, redacted: str
) -> None:
    assert redactor.redact_text(comment).text == redacted


@pytest.mark.parametrize(
    ("comment", "redacted", "entity_type"),
    [
        ("Please refund to GB82 WEST 1234 5698 7654 32.", "Please refund to [IBAN].", "IBAN"),
        ("My mum's account is PL61 1090 1014 0000 0712 1981 2874.", "My mum's account is [IBAN].", "IBAN"),
        (
            "Someone used my card 4111 1111 1111 1111 at the Co-op.",
            "Someone used my card [CREDIT_CARD] at the Co-op.",
            "CREDIT_CARD",
        ),
        (
            "The threats came from 203.0.113.45 every night.",
            "The threats came from [IP_ADDRESS] every night.",
            "IP_ADDRESS",
        ),
        ("Call my cousin on +48 601 234 567.", "Call my cousin on [PHONE].", "PHONE"),
    ],
)
def test_payment_details_and_numbers_from_abroad_go(
    redactor: Redactor, comment: str, redacted: str, entity_type: str
) -> None:
    result = redactor.redact_text(comment)
    assert result.text == redacted
    assert result.entity_types == (entity_type,)
    assert entity_type in ENTITY_TYPES


@pytest.mark.parametrize(
    "comment",
    [
        "I heard about it via Facebook 2 weeks ago.",
        "The Asda on Kettering Road is open 24 hours.",
        "Wellingborough Road gets rough after 11 on Fridays.",
        "A card reader at the Co-op took £1111 instead of £11.",
        "There were 4,000 people at the Cobblers on 12 May 2024.",
        "Victoria Park and St James both need more lighting.",
        "The Lithuanian shop on Rockingham Road in Corby is always busy.",
    ],
)
def test_what_looks_like_a_detail_but_is_not_stays(redactor: Redactor, comment: str) -> None:
    assert redactor.redact_text(comment).text == comment
