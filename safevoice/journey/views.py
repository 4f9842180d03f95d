"""The resident's journey: start, one page at a time, check your answers, sent.

Every decision is made on the server from the session: which page comes next, what is shown, whether answers are
still accepted. Hidden fields carry nothing that is trusted (the submit token is compared with the session's).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from safevoice.consultations.models import Consultation
from safevoice.consultations.selectors import get_public_consultation
from safevoice.core.views import bad_request
from safevoice.journey.answers_display import summary_rows
from safevoice.journey.attempts import (
    Attempt,
    clear_attempt,
    load_attempt,
    next_unvisited_url,
    page_url,
    remember_submission,
    save_attempt,
    submitted_token,
)
from safevoice.journey.page_form import QuestionPageForm
from safevoice.journey.save_and_return_views import window_page
from safevoice.protection.checks import (
    count_attempt,
    honeypot_filled,
    sent_too_soon,
    submission_limit,
    uk_clock_time,
)
from safevoice.questionnaire_engine import Questionnaire
from safevoice.questionnaires.selectors import (
    LiveQuestionnaire,
    get_current_questionnaire,
    get_questionnaire_version,
)
from safevoice.responses.closing import Window, accepts_answers, answering_window
from safevoice.responses.services import SubmissionRefused, save_answers_for_later, submit_response

#: Form fields that are not answers.
CONTROL_FIELDS = frozenset({"csrfmiddlewaretoken", "action", "token"})


@dataclass
class Journey:
    consultation: Consultation
    live: LiveQuestionnaire
    attempt: Attempt | None
    window: Window
    now: datetime

    @property
    def questionnaire(self) -> Questionnaire:
        return self.live.questionnaire

    @property
    def slug(self) -> str:
        return self.consultation.slug


def _journey(request: HttpRequest, slug: str) -> Journey:
    consultation = get_public_consultation(slug=slug)
    attempt = load_attempt(request, slug=slug)
    live = None
    if attempt is not None:
        # An attempt keeps the version it began on, so a respondent mid-way is not moved to new wording.
        live = get_questionnaire_version(consultation=consultation, version_id=attempt.version_id)
        if live is None:
            attempt = None
    if live is None:
        live = get_current_questionnaire(consultation=consultation)
    now = timezone.now()
    window = answering_window(
        consultation=consultation, started_at=attempt.started_at if attempt else None, now=now
    )
    return Journey(consultation=consultation, live=live, attempt=attempt, window=window, now=now)


def resume_point(journey: Journey) -> str:
    assert journey.attempt is not None
    return next_unvisited_url(journey.questionnaire, journey.attempt, slug=journey.slug)


@require_http_methods(["GET", "HEAD", "POST"])
def start(request: HttpRequest, slug: str) -> HttpResponse:
    journey = _journey(request, slug)
    if not accepts_answers(journey.window):
        return window_page(request, consultation=journey.consultation, window=journey.window)
    if request.method == "POST":
        if journey.attempt is None:
            journey.attempt = Attempt(version_id=journey.live.version.pk, started_at=journey.now)
            save_attempt(request, slug=slug, attempt=journey.attempt)
        return redirect(resume_point(journey))
    return render(
        request,
        "journey/start.html",
        {
            "consultation": journey.consultation,
            "questionnaire": journey.questionnaire,
            "in_progress": journey.attempt is not None,
            "in_grace": journey.window == Window.GRACE,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def question_page(request: HttpRequest, slug: str, page_id: str) -> HttpResponse:
    journey = _journey(request, slug)
    if not accepts_answers(journey.window):
        return window_page(request, consultation=journey.consultation, window=journey.window)
    attempt = journey.attempt
    if attempt is None:
        return redirect("journey:start", slug=slug)
    questionnaire = journey.questionnaire
    page = questionnaire.page(page_id)
    if page is None:
        raise Http404("No such question page")
    if not questionnaire.is_page_visible(page, attempt.answers):
        # Earlier answers skip this page (or the address was typed): carry on from where the respondent is.
        return redirect(resume_point(journey))

    form = QuestionPageForm(questionnaire=questionnaire, page=page, answers=attempt.answers)
    if request.method == "POST":
        data = {key: request.POST.getlist(key) for key in request.POST if key not in CONTROL_FIELDS}
        form = QuestionPageForm(questionnaire=questionnaire, page=page, answers=attempt.answers, data=data)
        # After the closing instant (in the grace period) saved answers would already have expired: no saving.
        saving = request.POST.get("action") == "save" and journey.window == Window.OPEN
        valid = page.is_information or form.is_valid()
        if valid:
            _store_page_answers(journey, page_id, form.cleaned_answers)
            attempt.visit(page_id)
            save_attempt(request, slug=slug, attempt=attempt)
        if saving:
            return _save_for_later(request, journey, page_saved=valid)
        if valid:
            return redirect(_next_after(journey, page_id))

    visible = questionnaire.visible_pages(attempt.answers)
    previous = questionnaire.previous_page_id(before=page_id, answers=attempt.answers)
    return render(
        request,
        "journey/page.html",
        {
            "consultation": journey.consultation,
            "questionnaire": questionnaire,
            "page": page,
            "form": form,
            "fields": form.fields(),
            "page_number": [p.id for p in visible].index(page_id) + 1,
            "page_count": len(visible),
            "back_url": page_url(slug, previous)
            if previous
            else reverse("journey:start", kwargs={"slug": slug}),
            "in_grace": journey.window == Window.GRACE,
        },
    )


def _store_page_answers(journey: Journey, page_id: str, cleaned: dict[str, object]) -> None:
    """Replace this page's answers with ``cleaned``, then drop answers that the change now hides."""
    assert journey.attempt is not None
    page = journey.questionnaire.page(page_id)
    assert page is not None
    answers = dict(journey.attempt.answers)
    for question in page.questions:
        answers.pop(question.id, None)
        answers.pop(question.other_answer_key, None)
    answers.update(cleaned)
    journey.attempt.answers = journey.questionnaire.drop_hidden_answers(answers)


def _next_after(journey: Journey, page_id: str) -> str:
    assert journey.attempt is not None
    questionnaire = journey.questionnaire
    if journey.attempt.reached_check_answers:
        # Changing an answer from "Check your answers": go through any page the change newly shows, then back.
        return resume_point(journey)
    following = questionnaire.next_page_id(after=page_id, answers=journey.attempt.answers)
    if following is None:
        return reverse("journey:check_answers", kwargs={"slug": journey.slug})
    return page_url(journey.slug, following)


def _save_for_later(request: HttpRequest, journey: Journey, *, page_saved: bool) -> HttpResponse:
    assert journey.attempt is not None
    journey.attempt.resume_code = save_answers_for_later(
        consultation=journey.consultation,
        version=journey.live.version,
        answers=journey.attempt.answers,
        visited_pages=journey.attempt.visited,
        reached_check_answers=journey.attempt.reached_check_answers,
        started_at=journey.attempt.started_at,
        now=journey.now,
        resume_code=journey.attempt.resume_code,
    )
    save_attempt(request, slug=journey.slug, attempt=journey.attempt)
    url = reverse("journey:saved", kwargs={"slug": journey.slug})
    return HttpResponseRedirect(url if page_saved else f"{url}?page_not_saved=1")


@require_http_methods(["GET", "HEAD", "POST"])
def check_answers(request: HttpRequest, slug: str) -> HttpResponse:
    journey = _journey(request, slug)
    attempt = journey.attempt
    if request.method == "POST":
        posted_token = request.POST.get("token", "")
        if posted_token and posted_token == submitted_token(request, slug=slug):
            # Sent already (a double click, or the form sent again from history): one response, same outcome.
            return redirect("journey:confirmation", slug=slug)
    if not accepts_answers(journey.window):
        status = 403 if request.method == "POST" else 200
        return window_page(request, consultation=journey.consultation, window=journey.window, status=status)
    if attempt is None:
        return redirect("journey:start", slug=slug)
    questionnaire = journey.questionnaire
    answers = questionnaire.drop_hidden_answers(attempt.answers)
    unvisited = [p.id for p in questionnaire.visible_pages(answers) if p.id not in attempt.visited]
    incomplete = questionnaire.first_incomplete_page_id(answers)
    target = unvisited[0] if unvisited else incomplete
    if target is not None:
        return redirect(page_url(slug, target))

    if request.method == "POST":
        if request.POST.get("token", "") != attempt.token:
            # An old copy of this page from another attempt: show the current answers to check and send.
            return redirect("journey:check_answers", slug=slug)
        if honeypot_filled(request.POST):
            # Only a script fills the field nobody sees: refuse with the generic page, telling it nothing.
            return bad_request(request)
        if sent_too_soon(started_at=attempt.started_at, now=journey.now):
            return _render_check_answers(request, journey, answers, asked_to_check_again=True)
        limit = count_attempt(request, rate_limit=submission_limit(), now=journey.now)
        if not limit.allowed:
            response = render(
                request,
                "protection/too_many_submissions.html",
                {
                    "retry_at": uk_clock_time(limit.retry_at),
                    "check_answers_url": reverse("journey:check_answers", kwargs={"slug": slug}),
                },
                status=429,
            )
            response["Retry-After"] = str(limit.retry_after_seconds)
            return response
        try:
            submit_response(
                consultation=journey.consultation,
                version=journey.live.version,
                questionnaire=questionnaire,
                answers=attempt.answers,
                token=attempt.token,
                language=questionnaire.language,
                started_at=attempt.started_at,
                now=journey.now,
                resume_code=attempt.resume_code,
            )
        except SubmissionRefused as refused:
            if refused.window is not None:
                return window_page(
                    request, consultation=journey.consultation, window=refused.window, status=403
                )
            return redirect(page_url(slug, refused.page_id or ""))
        clear_attempt(request, slug=slug)
        remember_submission(request, slug=slug, token=attempt.token)
        return redirect("journey:confirmation", slug=slug)

    if not attempt.reached_check_answers:
        attempt.reached_check_answers = True
        save_attempt(request, slug=slug, attempt=attempt)
    return _render_check_answers(request, journey, answers)


def _render_check_answers(
    request: HttpRequest, journey: Journey, answers: dict[str, object], *, asked_to_check_again: bool = False
) -> HttpResponse:
    assert journey.attempt is not None
    questionnaire, slug = journey.questionnaire, journey.slug
    last_page = questionnaire.visible_pages(answers)[-1].id
    return render(
        request,
        "journey/check_answers.html",
        {
            "consultation": journey.consultation,
            "questionnaire": questionnaire,
            "rows": summary_rows(questionnaire, answers, page_url=lambda page_id: page_url(slug, page_id)),
            "token": journey.attempt.token,
            "back_url": page_url(slug, last_page),
            "in_grace": journey.window == Window.GRACE,
            "asked_to_check_again": asked_to_check_again,
        },
    )


@require_safe
def confirmation(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_public_consultation(slug=slug)
    if submitted_token(request, slug=slug) is None:
        return redirect("journey:start", slug=slug)
    live = get_current_questionnaire(consultation=consultation)
    return render(
        request,
        "journey/confirmation.html",
        {"consultation": consultation, "questionnaire": live.questionnaire},
    )
