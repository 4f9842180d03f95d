"""Save and return: the page that gives the resume code (once) and can email it, the page where a resident types
it in another browser, and deleting every answer on request. Decisions are in ``save_and_return`` and ``mail``."""

from __future__ import annotations

import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from safevoice.consultations.models import Consultation
from safevoice.consultations.selectors import get_public_consultation
from safevoice.journey.attempts import Attempt, load_attempt
from safevoice.journey.forms import EmailLinkForm, ResumeCodeForm
from safevoice.journey.mail import resume_email_enabled, send_resume_email
from safevoice.journey.navigation import check_answers_url, page_url, start_url
from safevoice.journey.save_and_return import (
    ask_for_a_new_code,
    code_to_show,
    continue_url,
    delete_my_answers,
    is_this_attempts_code,
    resume_with_code,
)
from safevoice.journey.windows import window_page
from safevoice.protection.checks import count_attempt, resume_email_limit, uk_clock_time
from safevoice.responses.closing import Window, accepts_answers, answering_window

EMAILS_SENT_KEY = "safevoice.resume_emails_sent"
PAGE_ID = re.compile(r"[a-z][a-z0-9_]*")


@require_http_methods(["GET", "HEAD", "POST"])
def saved(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_public_consultation(slug=slug)
    attempt = load_attempt(request, slug=slug)
    if attempt is None or not attempt.saved_code_hash:
        return redirect("journey:start", slug=slug)
    if request.method == "POST" and request.POST.get("action") == "new_code":
        ask_for_a_new_code(request, slug=slug, attempt=attempt)
        return redirect("journey:saved", slug=slug)
    code, email_form, email_sent = None, EmailLinkForm(), False
    if request.method == "POST" and resume_email_enabled():
        email_form = EmailLinkForm(request.POST)
        email_sent = _email_the_code(request, email_form, consultation=consultation, attempt=attempt)
        # The page shows the code again only to the browser that has just posted it back.
        posted = request.POST.get("code", "")
        code = posted if is_this_attempts_code(attempt, posted) else None
        if email_sent:
            email_form = EmailLinkForm(initial={"code": code})  # the address is not shown again once used
    if code is None:
        code = code_to_show(request, slug=slug, attempt=attempt)
    context = {
        "consultation": consultation,
        "code": code,
        "page_not_saved": request.GET.get("page_not_saved") == "1",
        "email_enabled": resume_email_enabled() and code is not None,
        "email_form": email_form if email_form.is_bound else EmailLinkForm(initial={"code": code}),
        "email_errors": [("email", error) for error in email_form.errors.get("email", [])],
        "email_sent": email_sent,
        "continue_url": continue_url(consultation, attempt),
    }
    return render(request, "journey/saved.html", context)


def _email_the_code(
    request: HttpRequest, form: EmailLinkForm, *, consultation: Consultation, attempt: Attempt
) -> bool:
    """Send the code to the address in ``form``; every reason it was not sent is added to the form."""
    if not form.is_valid():
        return False
    if not is_this_attempts_code(attempt, form.cleaned_data["code"]):
        form.add_error(
            "email", _("Your answers were saved again since this page was shown: save them to get a code")
        )
        return False
    sent_this_visit = int(request.session.get(EMAILS_SENT_KEY, 0))
    limit = count_attempt(request, rate_limit=resume_email_limit(), now=timezone.now())
    if sent_this_visit >= settings.SAFEVOICE_RESUME_EMAILS_PER_VISIT or not limit.allowed:
        form.add_error(
            "email",
            _(
                "You have sent the code too many times. Write it down instead, or try again after %(time)s (UK time)"
            )
            % {"time": uk_clock_time(limit.retry_at)},
        )
        return False
    if not send_resume_email(
        consultation=consultation, code=form.cleaned_data["code"], address=form.cleaned_data["email"]
    ):
        form.add_error(
            "email",
            _("The email could not be sent. Check the address and try again, or write the code down instead"),
        )
        return False
    request.session[EMAILS_SENT_KEY] = sent_this_visit + 1
    return True


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
    form = ResumeCodeForm()
    status = 200
    if request.method == "POST":
        form = ResumeCodeForm(request.POST)
        resumed = resume_with_code(request, form, consultation=consultation, now=now)
        if resumed.go_to is not None:
            return redirect(resumed.go_to)
        status = resumed.status
    context = {"consultation": consultation, "form": form, "start_url": start_url(slug)}
    return render(request, "journey/resume.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def delete_answers(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Delete my answers": a page that says what will go, then (POST) everything this visit holds is deleted."""
    consultation = get_public_consultation(slug=slug)
    attempt = load_attempt(request, slug=slug)
    if request.method == "POST":
        delete_my_answers(request, attempt=attempt)
        return redirect("journey:answers_deleted", slug=slug)
    context = {
        "consultation": consultation,
        "has_answers": attempt is not None,
        "has_saved_copy": attempt is not None and bool(attempt.saved_code_hash),
        "back_url": _back_to(slug, request.GET.get("from", "")),
    }
    return render(request, "journey/delete_answers.html", context)


@require_safe
def answers_deleted(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_public_consultation(slug=slug)
    return render(request, "journey/answers_deleted.html", {"consultation": consultation})


def _back_to(slug: str, came_from: str) -> str:
    """Where "No, go back" leads: the question page or check page the resident came from, named by its id (never
    an address, so the link cannot be turned into a way off the site)."""
    if came_from == "check":
        return check_answers_url(slug)
    if PAGE_ID.fullmatch(came_from):
        return page_url(slug, came_from)
    return start_url(slug)
