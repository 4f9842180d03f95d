"""The resident's journey: start, one page at a time, check your answers, sent.

Every decision is made on the server from the session: which page comes next (``navigation``), whether answers
are still accepted (``visit``), what a page's answers are (``answering``) and whether they may be sent
(``sending``). Hidden fields carry nothing that is trusted (the submit token is compared with the session's).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from safevoice.consultations.selectors import get_public_consultation
from safevoice.core.views import bad_request
from safevoice.journey.answering import answer_page
from safevoice.journey.answers_display import summary_rows
from safevoice.journey.attempts import Attempt, forget_submission_token, has_sent, save_attempt
from safevoice.journey.navigation import (
    back_url,
    check_answers_url,
    first_page_to_finish,
    next_unvisited_url,
    page_url,
)
from safevoice.journey.page_form import QuestionPageForm
from safevoice.journey.sending import Decision, Outcome, send_answers
from safevoice.journey.visit import Visit, load_visit
from safevoice.journey.windows import window_page
from safevoice.protection.checks import uk_clock_time
from safevoice.questionnaire_engine import Page
from safevoice.questionnaires.selectors import get_current_questionnaire


@require_http_methods(["GET", "HEAD", "POST"])
def start(request: HttpRequest, slug: str) -> HttpResponse:
    visit = load_visit(request, slug)
    if not visit.accepts_answers:
        return window_page(request, consultation=visit.consultation, window=visit.window)
    if request.method == "POST":
        if visit.attempt is None:
            visit.attempt = Attempt(version_id=visit.live.version.pk, started_at=visit.now)
            save_attempt(request, slug=slug, attempt=visit.attempt)
        return redirect(next_unvisited_url(visit.questionnaire, visit.attempt, slug=slug))
    context = {
        "consultation": visit.consultation,
        "questionnaire": visit.questionnaire,
        "in_progress": visit.attempt is not None,
        "in_grace": visit.in_grace,
    }
    return render(request, "journey/start.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def question_page(request: HttpRequest, slug: str, page_id: str) -> HttpResponse:
    visit = load_visit(request, slug)
    if not visit.accepts_answers:
        return window_page(request, consultation=visit.consultation, window=visit.window)
    attempt = visit.attempt
    if attempt is None:
        return redirect("journey:start", slug=slug)
    page = visit.questionnaire.page(page_id)
    if page is None:
        raise Http404("No such question page")
    if not visit.questionnaire.is_page_visible(page, attempt.answers):
        # Earlier answers skip this page (or the address was typed): carry on from where the respondent is.
        return redirect(next_unvisited_url(visit.questionnaire, attempt, slug=slug))
    if request.method == "POST":
        answered = answer_page(request, visit, page)
        if answered.go_to is not None:
            return redirect(answered.go_to)
        form = answered.form
    else:
        form = QuestionPageForm(questionnaire=visit.questionnaire, page=page, answers=attempt.answers)
    return _render_page(request, visit, page, form)


def _render_page(request: HttpRequest, visit: Visit, page: Page, form: QuestionPageForm) -> HttpResponse:
    assert visit.attempt is not None
    visible = [p.id for p in visit.questionnaire.visible_pages(visit.attempt.answers)]
    context = {
        "consultation": visit.consultation,
        "questionnaire": visit.questionnaire,
        "page": page,
        "form": form,
        "fields": form.fields(),
        "page_number": visible.index(page.id) + 1,
        "page_count": len(visible),
        "back_url": back_url(visit.questionnaire, visit.attempt, page_id=page.id, slug=visit.slug),
        "in_grace": visit.in_grace,
    }
    return render(request, "journey/page.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def check_answers(request: HttpRequest, slug: str) -> HttpResponse:
    visit = load_visit(request, slug)
    if request.method == "POST":
        return _after_sending(request, visit, send_answers(request, visit))
    if not visit.accepts_answers:
        return window_page(request, consultation=visit.consultation, window=visit.window)
    attempt = visit.attempt
    if attempt is None:
        return redirect("journey:start", slug=slug)
    unfinished = first_page_to_finish(visit.questionnaire, attempt)
    if unfinished is not None:
        return redirect(page_url(slug, unfinished))
    if not attempt.reached_check_answers:
        attempt.reached_check_answers = True
        save_attempt(request, slug=slug, attempt=attempt)
    return _render_check_answers(request, visit)


def _after_sending(request: HttpRequest, visit: Visit, decision: Decision) -> HttpResponse:
    slug = visit.slug
    match decision.outcome:
        case Outcome.SENT | Outcome.ALREADY_SENT:
            return redirect("journey:confirmation", slug=slug)
        case Outcome.NOT_ACCEPTED:
            assert decision.window is not None
            return window_page(request, consultation=visit.consultation, window=decision.window, status=403)
        case Outcome.NOT_STARTED:
            return redirect("journey:start", slug=slug)
        case Outcome.UNFINISHED:
            return redirect(page_url(slug, decision.page_id or ""))
        case Outcome.OLD_FORM:
            return redirect("journey:check_answers", slug=slug)
        case Outcome.REFUSED:
            # The generic page, telling a script nothing.
            return bad_request(request)
        case Outcome.CHECK_AGAIN:
            return _render_check_answers(request, visit, asked_to_check_again=True)
        case Outcome.TOO_MANY:
            assert decision.limit is not None
            context = {
                "retry_at": uk_clock_time(decision.limit.retry_at),
                "check_answers_url": check_answers_url(slug),
            }
            response = render(request, "protection/too_many_submissions.html", context, status=429)
            response["Retry-After"] = str(decision.limit.retry_after_seconds)
            return response


def _render_check_answers(
    request: HttpRequest, visit: Visit, *, asked_to_check_again: bool = False
) -> HttpResponse:
    assert visit.attempt is not None
    questionnaire, slug = visit.questionnaire, visit.slug
    answers = questionnaire.drop_hidden_answers(visit.attempt.answers)
    context = {
        "consultation": visit.consultation,
        "questionnaire": questionnaire,
        "rows": summary_rows(questionnaire, answers, page_url=lambda page_id: page_url(slug, page_id)),
        "token": visit.attempt.token,
        "back_url": page_url(slug, questionnaire.visible_pages(answers)[-1].id),
        "in_grace": visit.in_grace,
        "asked_to_check_again": asked_to_check_again,
    }
    return render(request, "journey/check_answers.html", context)


@require_safe
def confirmation(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_public_consultation(slug=slug)
    if not has_sent(request, slug=slug):
        return redirect("journey:start", slug=slug)
    # The response is stored and shown as sent: nothing in the session may point at it any more.
    forget_submission_token(request, slug=slug)
    live = get_current_questionnaire(consultation=consultation)
    context = {"consultation": consultation, "questionnaire": live.questionnaire}
    return render(request, "journey/confirmation.html", context)
