"""Save and return: the page that shows the resume code (and emails it, where a deployment allows), and the page
where a resident types it in another browser. Decisions are in ``save_and_return`` and ``mail``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from safevoice.consultations.selectors import get_public_consultation
from safevoice.journey.attempts import load_attempt
from safevoice.journey.forms import EmailLinkForm, ResumeCodeForm
from safevoice.journey.mail import resume_email_enabled, send_resume_email
from safevoice.journey.navigation import start_url
from safevoice.journey.save_and_return import continue_url, resume_with_code
from safevoice.journey.windows import window_page
from safevoice.responses.closing import Window, accepts_answers, answering_window

EMAIL_NOT_SENT = gettext_noop(
    "The email could not be sent. Check the address and try again, or write the code down instead"
)


@require_http_methods(["GET", "HEAD", "POST"])
def saved(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_public_consultation(slug=slug)
    attempt = load_attempt(request, slug=slug)
    if attempt is None or not attempt.resume_code:
        return redirect("journey:start", slug=slug)
    email_form, email_sent = EmailLinkForm(), False
    if request.method == "POST" and resume_email_enabled():
        email_form = EmailLinkForm(request.POST)
        if email_form.is_valid():
            address = email_form.cleaned_data["email"]
            email_sent = send_resume_email(
                consultation=consultation, code=attempt.resume_code, address=address
            )
            if email_sent:
                email_form = EmailLinkForm()  # the address is not shown again once it has been used
            else:
                email_form.add_error("email", _(EMAIL_NOT_SENT))
    context = {
        "consultation": consultation,
        "code": attempt.resume_code,
        "page_not_saved": request.GET.get("page_not_saved") == "1",
        "email_enabled": resume_email_enabled(),
        "email_form": email_form,
        "email_errors": [("email", error) for error in email_form.errors.get("email", [])],
        "email_sent": email_sent,
        "continue_url": continue_url(consultation, attempt),
    }
    return render(request, "journey/saved.html", context)


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
        resumed = resume_with_code(request, form, consultation=consultation, now=now)
        if resumed.go_to is not None:
            return redirect(resumed.go_to)
        status = resumed.status
    context = {"consultation": consultation, "form": form, "start_url": start_url(slug)}
    return render(request, "journey/resume.html", context, status=status)
