"""Answering one question page: what was typed is checked by the engine; good answers go into the attempt."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from safevoice.journey.attempts import Attempt, save_attempt
from safevoice.journey.navigation import next_after
from safevoice.journey.page_form import QuestionPageForm
from safevoice.journey.save_and_return import save_for_later
from safevoice.journey.visit import Visit
from safevoice.questionnaire_engine import Page, Questionnaire
from safevoice.responses.closing import Window

#: Form fields that are not answers.
CONTROL_FIELDS = frozenset({"csrfmiddlewaretoken", "action", "token"})


@dataclass(frozen=True)
class PageAnswered:
    """The form as sent (shown again, with its errors, when ``go_to`` is None) and where to go next."""

    form: QuestionPageForm
    go_to: str | None


def answer_page(request: HttpRequest, visit: Visit, page: Page) -> PageAnswered:
    attempt = visit.attempt
    assert attempt is not None
    questionnaire = visit.questionnaire
    data = {key: request.POST.getlist(key) for key in request.POST if key not in CONTROL_FIELDS}
    form = QuestionPageForm(questionnaire=questionnaire, page=page, answers=attempt.answers, data=data)
    # After the closing instant (in the grace period) saved answers would already have expired: no saving.
    saving = request.POST.get("action") == "save" and visit.window == Window.OPEN
    valid = page.is_information or form.is_valid()
    if valid:
        store_page_answers(questionnaire, attempt, page, form.cleaned_answers)
        attempt.visit(page.id)
        save_attempt(request, slug=visit.slug, attempt=attempt)
    if saving:
        return PageAnswered(form, save_for_later(request, visit, page_saved=valid))
    if valid:
        return PageAnswered(form, next_after(questionnaire, attempt, page_id=page.id, slug=visit.slug))
    return PageAnswered(form, None)


def store_page_answers(
    questionnaire: Questionnaire, attempt: Attempt, page: Page, cleaned: dict[str, object]
) -> None:
    """Replace this page's answers with ``cleaned``, then drop answers that the change now hides."""
    answers = dict(attempt.answers)
    for question in page.questions:
        answers.pop(question.id, None)
        answers.pop(question.other_answer_key, None)
    answers.update(cleaned)
    attempt.answers = questionnaire.drop_hidden_answers(answers)
