"""Which page comes next: the questionnaire's routing applied to the answers in the resident's attempt."""

from __future__ import annotations

from django.urls import reverse

from safevoice.journey.attempts import Attempt
from safevoice.questionnaire_engine import Questionnaire


def page_url(slug: str, page_id: str) -> str:
    return reverse("journey:page", kwargs={"slug": slug, "page_id": page_id})


def start_url(slug: str) -> str:
    return reverse("journey:start", kwargs={"slug": slug})


def check_answers_url(slug: str) -> str:
    return reverse("journey:check_answers", kwargs={"slug": slug})


def next_unvisited_url(questionnaire: Questionnaire, attempt: Attempt, *, slug: str) -> str:
    """Where a respondent carries on: the first page they can see and have not been through, else the check page."""
    for page in questionnaire.visible_pages(attempt.answers):
        if page.id not in attempt.visited:
            return page_url(slug, page.id)
    return check_answers_url(slug)


def next_after(questionnaire: Questionnaire, attempt: Attempt, *, page_id: str, slug: str) -> str:
    """Where Continue on ``page_id`` leads."""
    if attempt.reached_check_answers:
        # Changing an answer from "Check your answers": go through any page the change newly shows, then back.
        return next_unvisited_url(questionnaire, attempt, slug=slug)
    following = questionnaire.next_page_id(after=page_id, answers=attempt.answers)
    if following is None:
        return check_answers_url(slug)
    return page_url(slug, following)


def first_page_to_finish(questionnaire: Questionnaire, attempt: Attempt) -> str | None:
    """A page that must be gone through (or completed) before the answers can be checked and sent."""
    answers = questionnaire.drop_hidden_answers(attempt.answers)
    unvisited = [p.id for p in questionnaire.visible_pages(answers) if p.id not in attempt.visited]
    return unvisited[0] if unvisited else questionnaire.first_incomplete_page_id(answers)


def back_url(questionnaire: Questionnaire, attempt: Attempt, *, page_id: str, slug: str) -> str:
    previous = questionnaire.previous_page_id(before=page_id, answers=attempt.answers)
    return page_url(slug, previous) if previous else start_url(slug)
