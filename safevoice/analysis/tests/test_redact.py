"""Redaction: UK personal details in residents' own words become their type; everything else stays readable."""

from __future__ import annotations

import socket

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safevoice.analysis.text.evaluation import load_redaction_set, score_redaction
from safevoice.analysis.text.redaction import Redactor, get_redactor


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return get_redactor()


@pytest.mark.parametrize(
    ("comment", "redacted"),
    [
        ("Text me on 07700 900123 if you want to know more.", "Text me on [PHONE] if you want to know more."),
        ("Call +44 7700 900123 after six.", "Call [PHONE] after six."),
        ("My landline is 01604 123456.", "My landline is [PHONE]."),
        ("Ring (01604) 123456 and ask for the warden.", "Ring [PHONE] and ask for the warden."),
        ("Email me at jo.bloggs@example.co.uk please.", "Email me at [EMAIL] please."),
        ("We're in NN1 2AB, by the bus station.", "We're in [POSTCODE], by the bus station."),
        ("my postcode is nn8 1lp", "my postcode is [POSTCODE]"),
        ("NI number AB 12 34 56 C, if you need it.", "NI number [NI_NUMBER], if you need it."),
        ("The dealer's Audi is AB12 CDE.", "The dealer's Audi is [VEHICLE_REG]."),
        ("An old van, reg P123 ABC, parks there.", "An old van, reg [VEHICLE_REG], parks there."),
        ("I live at 12 Abington Street.", "I live at [ADDRESS]."),
        ("Needles behind Flat 3, 45 Wellingborough Road again.", "Needles behind [ADDRESS] again."),
        ("I was born on 3 March 1990 in Corby.", "I was born on [DATE_OF_BIRTH] in Corby."),
        ("DOB 03/03/1990, assaulted twice.", "DOB [DATE_OF_BIRTH], assaulted twice."),
        ("Darren Mills sells weed from his flat.", "[PERSON] sells weed from his flat."),
        ("My neighbour Darren keeps threatening us.", "My neighbour [PERSON] keeps threatening us."),
        ("Thanks to PC Helen Ward for listening.", "Thanks to [PERSON] for listening."),
        # Not in the first-name list: the spaCy model finds them (calling some of them organisations).
        ("Kian Doherty sells drugs from his flat.", "[PERSON] sells drugs from his flat."),
        ("The CCTV near Kwabena Mensah's shop is broken.", "The CCTV near [PERSON]'s shop is broken."),
    ],
)
def test_uk_personal_details_become_their_type(redactor: Redactor, comment: str, redacted: str) -> None:
    assert redactor.redact_text(comment).text == redacted


@pytest.mark.parametrize(
    "comment",
    [
        "County lines gangs use kids from Northampton, Corby and Kettering to run drugs.",
        "The police and the council never talk to each other.",
        "Friday and Saturday nights are the worst, Monday is quiet.",
        "We live in NN16 and it has gone downhill.",
        "Fights outside the bars on Bridge Street every weekend.",
        "It happened on 3 March 2024 and I reported it on 12/07/2023.",
        "The council shut the youth club in 2019.",
        "Cars racing on the A45 and the M1 services at night.",
        "Ring 999 in an emergency or 101 otherwise.",
        "Fights on Victoria Road and George Row every night.",
        "Charlie is sold everywhere in the pubs.",
        "Victoria Park is dangerous at night, and so is Victoria Station.",
        "Kids hang around St James Retail Park and the Lewis Arms.",
    ],
)
def test_places_services_days_and_incident_dates_survive(redactor: Redactor, comment: str) -> None:
    result = redactor.redact_text(comment)
    assert result.text == comment
    assert result.entity_types == ()


def test_the_types_found_are_listed_once_each_in_a_fixed_order(redactor: Redactor) -> None:
    result = redactor.redact_text(
        "Call 07700 900123 or 07700 900456, or email a@example.com. I'm at NN1 2AB."
    )
    assert result.entity_types == ("POSTCODE", "PHONE", "EMAIL")
    assert [e.entity_type for e in result.entities] == ["PHONE", "PHONE", "EMAIL", "POSTCODE"]


def test_a_name_is_found_in_a_large_batch_where_spacy_runs_only_on_some_sentences(redactor: Redactor) -> None:
    """Sentences whose capitalised words are all ordinary (written in lower case elsewhere in the batch) skip
    spaCy; a name never does."""
    batch = ["People are selling drugs.", "people keep fighting", "Honestly the police are useless."] * 50
    batch.append("Honestly, Kian Doherty keeps dealing. People know.")
    redacted = redactor.redact(batch)
    assert redacted[-1].text == "Honestly, [PERSON] keeps dealing. People know."
    assert [r.text for r in redacted[:3]] == batch[:3]


def test_blank_and_repeated_texts_keep_their_places(redactor: Redactor) -> None:
    texts = ["", "Call 07700 900123", "   ", "Call 07700 900123", "No details here."]
    assert [r.text for r in redactor.redact(texts)] == [
        "",
        "Call [PHONE]",
        "   ",
        "Call [PHONE]",
        "No details here.",
    ]


def test_loading_and_redacting_never_touch_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("redaction tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    fresh = Redactor()
    assert fresh.redact_text("Email jo@example.org, call 07700 900123").text == "Email [EMAIL], call [PHONE]"


def test_labelled_set_recall_and_precision_floors(redactor: Redactor) -> None:
    """Floors the recognisers reach on the 268 labelled sentences (see docs/analysis.md for the figures)."""
    examples = load_redaction_set()
    assert len(examples) >= 200
    scores = score_redaction(examples, redactor.redact([e.text for e in examples]))
    for entity_type in ("POSTCODE", "PHONE", "EMAIL", "NI_NUMBER", "VEHICLE_REG", "ADDRESS", "DATE_OF_BIRTH"):
        assert scores[entity_type].recall >= 0.95, scores[entity_type]
        assert scores[entity_type].precision >= 0.95, scores[entity_type]
    assert scores["PERSON"].recall >= 0.9
    assert scores["PERSON"].precision >= 0.9


def test_held_out_set_written_after_the_recognisers_were_fixed(redactor: Redactor) -> None:
    examples = load_redaction_set("redaction_heldout.jsonl")
    scores = score_redaction(examples, redactor.redact([e.text for e in examples]))
    assert all(s.recall >= 0.85 and s.precision >= 0.85 for s in scores.values()), scores


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=200))
def test_any_text_is_redacted_without_error(redactor: Redactor, text: str) -> None:
    result = redactor.redact_text(text)
    assert isinstance(result.text, str)
    for entity in result.entities:
        assert 0 <= entity.start < entity.end <= len(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet="abcdefghijklmnopqrstuvwxyz .,'", max_size=200))
def test_lower_case_words_without_digits_or_at_signs_are_never_touched(redactor: Redactor, text: str) -> None:
    assert redactor.redact_text(text).text == text
