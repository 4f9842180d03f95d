"""Data entry: typing in a paper response, page by page as the questionnaire routes it, checked by the same
engine as online answers, then stored with its channel. The person typing sees only the form in front of them."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_POST

from safevoice.audit.services import record_event
from safevoice.backoffice.access import staff_page
from safevoice.backoffice.forms import PaperChannelForm
from safevoice.backoffice.roles import Capability
from safevoice.consultations.models import Consultation
from safevoice.journey.answering import CONTROL_FIELDS, store_page_answers
from safevoice.journey.answers_display import summary_rows
from safevoice.journey.attempts import Attempt
from safevoice.journey.page_form import QuestionPageForm
from safevoice.questionnaires.selectors import (
    LiveQuestionnaire,
    get_current_questionnaire,
    get_questionnaire_version,
)
from safevoice.responses.closing import accepts_answers, answering_window
from safevoice.responses.services import SubmissionRefused, submit_response

KEY = "backoffice.paper_entry"
ENTERED_KEY = "backoffice.paper_entered"


def _load(request: HttpRequest, consultation: Consultation) -> tuple[Attempt, str, LiveQuestionnaire] | None:
    data = request.session.get(KEY, {}).get(consultation.slug)
    if not isinstance(data, dict):
        return None
    attempt = Attempt.from_session_data(data.get("attempt", {}))
    if attempt is None:
        return None
    live = get_questionnaire_version(consultation=consultation, version_id=attempt.version_id)
    if live is None:
        return None
    return attempt, str(data.get("channel", "paper")), live


def _save(request: HttpRequest, consultation: Consultation, attempt: Attempt, channel: str) -> None:
    entries = dict(request.session.get(KEY, {}))
    entries[consultation.slug] = {"attempt": attempt.as_session_data(), "channel": channel}
    request.session[KEY] = entries


def _clear(request: HttpRequest, consultation: Consultation) -> None:
    entries = dict(request.session.get(KEY, {}))
    entries.pop(consultation.slug, None)
    request.session[KEY] = entries


def _page_url(consultation: Consultation, page_id: str) -> str:
    return reverse("backoffice:paper_page", kwargs={"slug": consultation.slug, "page_id": page_id})


def _check_url(consultation: Consultation) -> str:
    return reverse("backoffice:paper_check", kwargs={"slug": consultation.slug})


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.ENTER_PAPER_RESPONSES)
def paper_start(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    now = timezone.now()
    accepting = accepts_answers(answering_window(consultation=consultation, started_at=None, now=now))
    in_progress = _load(request, consultation) is not None
    form = PaperChannelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and accepting and form.is_valid():
        live = get_current_questionnaire(consultation=consultation)
        attempt = Attempt(version_id=live.version.pk, started_at=now)
        _save(request, consultation, attempt, form.cleaned_data["channel"])
        first = live.questionnaire.next_page_id(after=None, answers={})
        return redirect(_page_url(consultation, first) if first else _check_url(consultation))
    context = {
        "consultation": consultation,
        "form": form,
        "accepting": accepting,
        "in_progress": in_progress,
        "entered": request.session.pop(ENTERED_KEY, None),
    }
    return render(request, "backoffice/paper/start.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.ENTER_PAPER_RESPONSES)
def paper_page(request: HttpRequest, consultation: Consultation, page_id: str) -> HttpResponse:
    loaded = _load(request, consultation)
    if loaded is None:
        return redirect("backoffice:paper_start", slug=consultation.slug)
    attempt, channel, live = loaded
    questionnaire = live.questionnaire
    page = questionnaire.page(page_id)
    if page is None:
        raise Http404("No such page")
    if not questionnaire.is_page_visible(page, attempt.answers):
        following = questionnaire.next_page_id(after=page_id, answers=attempt.answers)
        return redirect(_page_url(consultation, following) if following else _check_url(consultation))
    if request.method == "POST":
        data = {key: request.POST.getlist(key) for key in request.POST if key not in CONTROL_FIELDS}
        form = QuestionPageForm(questionnaire=questionnaire, page=page, answers=attempt.answers, data=data)
        if page.is_information or form.is_valid():
            store_page_answers(questionnaire, attempt, page, form.cleaned_answers)
            attempt.visit(page.id)
            _save(request, consultation, attempt, channel)
            following = questionnaire.next_page_id(after=page.id, answers=attempt.answers)
            if attempt.reached_check_answers or following is None:
                return redirect(_check_url(consultation))
            return redirect(_page_url(consultation, following))
    else:
        form = QuestionPageForm(questionnaire=questionnaire, page=page, answers=attempt.answers)
    previous = questionnaire.previous_page_id(before=page.id, answers=attempt.answers)
    visible = [p.id for p in questionnaire.visible_pages(attempt.answers)]
    context: dict[str, Any] = {
        "consultation": consultation,
        "questionnaire": questionnaire,
        "page": page,
        "form": form,
        "fields": form.fields(),
        "page_number": visible.index(page.id) + 1,
        "page_count": len(visible),
        "back_url": _page_url(consultation, previous)
        if previous
        else reverse("backoffice:paper_start", kwargs={"slug": consultation.slug}),
    }
    return render(request, "backoffice/paper/page.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.ENTER_PAPER_RESPONSES)
def paper_check(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    loaded = _load(request, consultation)
    if loaded is None:
        return redirect("backoffice:paper_start", slug=consultation.slug)
    attempt, channel, live = loaded
    questionnaire = live.questionnaire
    unfinished = questionnaire.first_incomplete_page_id(attempt.answers)
    if unfinished is not None:
        return redirect(_page_url(consultation, unfinished))
    refusal = ""
    if request.method == "POST":
        try:
            submission = submit_response(
                consultation=consultation,
                version=live.version,
                questionnaire=questionnaire,
                answers=attempt.answers,
                token=attempt.token,
                language=get_language() or "en-gb",
                started_at=attempt.started_at,
                now=timezone.now(),
                channel=channel,
            )
        except SubmissionRefused as exc:
            if exc.page_id:
                return redirect(_page_url(consultation, exc.page_id))
            refusal = "closed"
        else:
            if submission.created:
                record_event(
                    actor=request.user.get_username(),
                    action="response.entered",
                    target=f"response:{submission.response.pk}",
                    details={"consultation": consultation.slug, "channel": channel},
                )
            _clear(request, consultation)
            request.session[ENTERED_KEY] = submission.response.pk
            return redirect("backoffice:paper_start", slug=consultation.slug)
    if not attempt.reached_check_answers:
        attempt.reached_check_answers = True
        _save(request, consultation, attempt, channel)
    answers = questionnaire.drop_hidden_answers(attempt.answers)
    context = {
        "consultation": consultation,
        "rows": summary_rows(
            questionnaire, answers, page_url=lambda page_id: _page_url(consultation, page_id)
        ),
        "back_url": _page_url(consultation, questionnaire.visible_pages(answers)[-1].id),
        "refusal": refusal,
    }
    return render(request, "backoffice/paper/check.html", context)


@require_POST
@staff_page(Capability.ENTER_PAPER_RESPONSES)
def paper_discard(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    """Drop the answers typed so far (a form misread, or the wrong consultation) and start again."""
    _clear(request, consultation)
    return redirect("backoffice:paper_start", slug=consultation.slug)
