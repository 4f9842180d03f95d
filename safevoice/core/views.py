from __future__ import annotations

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers, and the framework's floor in the load benchmarks: no template, no query."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def exit_site(request: HttpRequest) -> HttpResponse:
    """ "Exit this page": end the visit here, then go to the neutral site.

    The session (and every unsent answer in it) is deleted and its cookie expired, and the browser is asked to
    clear what this site stored (Clear-Site-Data, honoured over https), before it is sent on. With JavaScript the
    button replaces the current page in history (safevoice.mjs), so Back does not return to the survey; without
    it, Back finds the survey page empty. It is a GET so that it works as a plain link, from every page.
    """
    request.session.flush()
    response = HttpResponseRedirect(settings.SAFEVOICE_EXIT_URL)
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_safe
def safety(request: HttpRequest) -> HttpResponse:
    return render(request, "core/safety.html")


@require_safe
def cookies(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/cookies.html",
        {
            "session_cookie_name": settings.SESSION_COOKIE_NAME,
            "idle_minutes": settings.SAFEVOICE_IDLE_MINUTES,
        },
    )


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Say which limit a request broke, so a person knows what to change (a shorter answer) and a script learns
    # nothing it could not read in the settings.
    if isinstance(exception, RequestDataTooBig):
        problem = "too_large"
    elif isinstance(exception, TooManyFieldsSent):
        problem = "too_many_fields"
    else:
        problem = "not_understood"
    return render(request, "core/errors/400.html", {"problem": problem}, status=400)


def refused_body(request: HttpRequest, *, problem: str, status: int) -> HttpResponse:
    """A request body refused before it was read (see safevoice.core.middleware.refuse_unwanted_bodies)."""
    return render(request, "core/errors/400.html", {"problem": problem}, status=status)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this inside the except block, so the exception is at hand. A database that is restarting or
    # unreachable is a passing problem: say so, and that answers already saved are safe to send again.
    if isinstance(sys.exc_info()[1], DatabaseError):
        response = render(request, "core/errors/503.html", status=503)
        response["Retry-After"] = "30"
        return response
    return render(request, "core/errors/500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # Most often an expired session or a form open in an old tab: say so plainly and offer a way back. Staff are
    # told to sign in again (their sessions end sooner, and the staff side has its own start).
    if request.path.startswith(settings.SAFEVOICE_STAFF_PREFIX):
        return render(request, "core/errors/csrf_staff.html", status=403)
    return render(request, "core/errors/csrf.html", status=403)
