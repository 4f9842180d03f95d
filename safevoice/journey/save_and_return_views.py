"""Save and return, and the pages that say answers are no longer (or not yet) accepted."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from safevoice.consultations.models import Consultation, ConsultationState
from safevoice.consultations.selectors import get_public_consultation
from safevoice.consultations.timing import closes_at_midnight, last_open_day
from safevoice.journey.attempts import Attempt, load_attempt, next_unvisited_url, save_attempt
from safevoice.journey.forms import EmailLinkForm, ResumeCodeForm
from safevoice.protection.checks import count_attempt, resume_guess_limit, uk_clock_time
from safevoice.questionnaires.selectors import get_questionnaire_version, questionnaire_for_version
from safevoice.responses.closing import Window, accepts_answers, answering_window, grace_period
from safevoice.responses.services import redeem_resume_code

WINDOW_TEMPLATES = {
    Window.NOT_OPEN_YET: "journey/not_open_yet.html",
    Window.CLOSED: "journey/closed.html",
    Window.TIME_RAN_OUT: "journey/time_ran_out.html",
}


def window_page(
    request: HttpRequest, *, consultation: Consultation, window: Window, status: int = 200
) -> HttpResponse:
    """The clear page for a consultation not yet open, closed, or past the grace period; each says what to do."""
    return render(
        request,
        WINDOW_TEMPLATES.get(window, "journey/closed.html"),
        {
            "consultation": consultation,
            "grace_minutes": int(grace_period().total_seconds() // 60),
            # What consultations/includes/closing_line.html needs to say "closes at midnight at the end of ...".
            "state": consultation.state,
            "states": ConsultationState,
            "closes_at_midnight": closes_at_midnight(consultation.closes_at),
            "last_open_day": last_open_day(consultation.closes_at),
        },
        status=status,
    )


def email_links_enabled() -> bool:
    """Email is offered only where a deployment has configured sending (never the development default)."""
    explicit = getattr(settings, "SAFEVOICE_EMAIL_RESUME_LINKS", None)
    if explicit is not None:
        return bool(explicit)
    return settings.EMAIL_HOST not in {"", "localhost"}


def _resume_url(slug: str, code: str) -> str:
    path = reverse("journey:resume", kwargs={"slug": slug})
    return f"{settings.SAFEVOICE_PUBLIC_URL.rstrip('/')}{path}?code={code}"


def _continue_url(consultation: Consultation, attempt: Attempt) -> str:
    live = get_questionnaire_version(consultation=consultation, version_id=attempt.version_id)
    if live is None:
        return reverse("journey:start", kwargs={"slug": consultation.slug})
    return next_unvisited_url(live.questionnaire, attempt, slug=consultation.slug)


@require_http_methods(["GET", "HEAD", "POST"])
def saved(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_public_consultation(slug=slug)
    attempt = load_attempt(request, slug=slug)
    if attempt is None or not attempt.resume_code:
        return redirect("journey:start", slug=slug)
    email_form = EmailLinkForm()
    email_sent = False
    if request.method == "POST" and email_links_enabled():
        email_form = EmailLinkForm(request.POST)
        if email_form.is_valid():
            # The address is used for this one message and kept nowhere: not in the database, session or logs.
            send_mail(
                subject=_("Your link to finish the survey"),
                message=_(
                    "Use this link to carry on with your answers to “%(title)s”:\n\n%(url)s\n\n"
                    "Your code is %(code)s. It works until the consultation closes. "
                    "If you did not ask for this email, you can ignore it."
                )
                % {
                    "title": consultation.title,
                    "url": _resume_url(slug, attempt.resume_code),
                    "code": attempt.resume_code,
                },
                from_email=None,
                recipient_list=[email_form.cleaned_data["email"]],
            )
            email_sent = True
            email_form = EmailLinkForm()
    return render(
        request,
        "journey/saved.html",
        {
            "consultation": consultation,
            "code": attempt.resume_code,
            "page_not_saved": request.GET.get("page_not_saved") == "1",
            "email_enabled": email_links_enabled(),
            "email_form": email_form,
            "email_errors": [("email", error) for error in email_form.errors.get("email", [])],
            "email_sent": email_sent,
            "continue_url": _continue_url(consultation, attempt),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def resume(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_public_consultation(slug=slug)
    now = timezone.now()
    window = answering_window(consultation=consultation, started_at=None, now=now)
    if window == Window.NOT_OPEN_YET or (
        not accepts_answers(window) and load_attempt(request, slug=slug) is None
    ):
        # Saved answers are deleted when the consultation closes, so there is nothing to resume.
        return window_page(request, consultation=consultation, window=window)
    form = ResumeCodeForm(initial={"code": request.GET.get("code", "")[:40]})
    status = 200
    if request.method == "POST":
        form = ResumeCodeForm(request.POST)
        # Only well-formed codes are guesses worth counting; a typo in the format gets its own message first.
        limit = count_attempt(request, rate_limit=resume_guess_limit(), now=now) if form.is_valid() else None
        if limit is not None and not limit.allowed:
            # Checked before the lookup, so a script that keeps guessing learns nothing more.
            form.add_error(
                "code",
                _(
                    "You have tried too many codes. Wait until %(time)s (UK time), then try again: your saved "
                    "answers are still there"
                )
                % {"time": uk_clock_time(limit.retry_at)},
            )
            status = 429
        elif form.is_valid():
            found = redeem_resume_code(
                consultation=consultation, typed_code=form.cleaned_data["code"], now=now
            )
            if found is None:
                form.add_error(
                    "code",
                    _(
                        "No saved answers match that code. Check it and try again: saved answers are deleted "
                        "when the consultation closes"
                    ),
                )
            else:
                attempt = Attempt(
                    version_id=found.questionnaire_version_id,
                    started_at=found.attempt_started_at,
                    answers=dict(found.answers),
                    resume_code=form.cleaned_data["code"],
                    visited=[str(p) for p in found.visited_pages],
                    reached_check_answers=found.reached_check_answers,
                )
                save_attempt(request, slug=slug, attempt=attempt)
                questionnaire = questionnaire_for_version(version=found.questionnaire_version)
                return redirect(next_unvisited_url(questionnaire, attempt, slug=slug))
    return render(
        request,
        "journey/resume.html",
        {
            "consultation": consultation,
            "form": form,
            "start_url": reverse("journey:start", kwargs={"slug": slug}),
        },
        status=status,
    )
