"""Excluding a response from analysis with a reason: kept, reversible, audited, and left out of the answers table."""

from __future__ import annotations

import pytest

from safevoice.audit.models import AuditEvent
from safevoice.questionnaires.tests.factories import make_consultation
from safevoice.responses.models import Response
from safevoice.responses.selectors import EXCLUDED_COLUMN, answers_frame, responses_for_analysis
from safevoice.responses.services import ExclusionRefused, exclude_response, include_response
from safevoice.responses.tests.test_selectors import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_responses():
    consultation, _ = make_consultation()
    submit(consultation, {"affected_how": ["witness"], "age": 20})
    submit(consultation, {"affected_how": ["witness"], "age": 30})
    first, second = Response.objects.order_by("pk")
    return consultation, first, second


def test_an_excluded_response_is_kept_with_its_reason_and_who_excluded_it(two_responses):
    _, first, _ = two_responses
    exclude_response(response=first, reason="  Test entry made   at the launch event ", actor="analyst1")
    stored = Response.objects.get(pk=first.pk)
    assert stored.excluded_from_analysis
    assert stored.exclusion_reason == "Test entry made at the launch event"
    assert stored.excluded_by == "analyst1"
    assert stored.excluded_at is not None
    assert first.excluded_from_analysis  # the object passed in is brought up to date too


def test_an_excluded_response_is_left_out_of_the_answers_table_unless_asked_for(two_responses):
    consultation, first, _ = two_responses
    exclude_response(response=first, reason="Duplicate of a paper form", actor="analyst1")
    assert answers_frame(consultation=consultation)["age"].to_list() == [30]
    assert EXCLUDED_COLUMN not in answers_frame(consultation=consultation).columns
    everything = answers_frame(consultation=consultation, include_excluded=True)
    assert everything["age"].to_list() == [20, 30]
    assert everything[EXCLUDED_COLUMN].to_list() == [True, False]
    assert responses_for_analysis(consultation=consultation).count() == 1


def test_putting_a_response_back_includes_it_again(two_responses):
    consultation, first, _ = two_responses
    exclude_response(response=first, reason="Looked like a test", actor="analyst1")
    include_response(response=first, actor="analyst2")
    stored = Response.objects.get(pk=first.pk)
    assert not stored.excluded_from_analysis
    assert (stored.exclusion_reason, stored.excluded_by, stored.excluded_at) == ("", "", None)
    assert answers_frame(consultation=consultation)["age"].to_list() == [20, 30]


def test_both_are_in_the_audit_log_with_the_reason_and_never_the_answers(two_responses):
    _, first, _ = two_responses
    exclude_response(response=first, reason="Looked like a test", actor="analyst1")
    include_response(response=first, actor="analyst2")
    excluded, included = AuditEvent.objects.order_by("pk")
    assert (excluded.actor, excluded.action, excluded.target) == (
        "analyst1",
        "response.excluded",
        f"response:{first.pk}",
    )
    assert excluded.details == {"consultation": "test-survey", "reason": "Looked like a test"}
    assert (included.actor, included.action) == ("analyst2", "response.included")
    assert included.details["excluded_for"] == "Looked like a test"
    assert "witness" not in str(excluded.details) + str(included.details)


@pytest.mark.parametrize(
    ("reason", "message"),
    [("", "Enter why this response should be left out of analysis"), ("   ", "Enter why")],
)
def test_a_reason_is_needed(two_responses, reason, message):
    _, first, _ = two_responses
    with pytest.raises(ExclusionRefused, match=message):
        exclude_response(response=first, reason=reason, actor="analyst1")
    assert not Response.objects.get(pk=first.pk).excluded_from_analysis
    assert not AuditEvent.objects.exists()


def test_an_over_long_reason_is_refused(two_responses):
    _, first, _ = two_responses
    with pytest.raises(ExclusionRefused, match="500 characters or fewer"):
        exclude_response(response=first, reason="x" * 501, actor="analyst1")


def test_excluding_twice_says_who_did_it_first_and_changes_nothing(two_responses):
    _, first, _ = two_responses
    exclude_response(response=first, reason="Looked like a test", actor="analyst1")
    with pytest.raises(ExclusionRefused, match=r"already excluded .*analyst1: Looked like a test"):
        exclude_response(response=first, reason="Another reason", actor="analyst2")
    assert Response.objects.get(pk=first.pk).exclusion_reason == "Looked like a test"
    assert AuditEvent.objects.count() == 1


def test_putting_back_a_response_that_is_not_excluded_is_refused(two_responses):
    _, first, _ = two_responses
    with pytest.raises(ExclusionRefused, match="is not excluded"):
        include_response(response=first, actor="analyst1")
    assert not AuditEvent.objects.exists()
