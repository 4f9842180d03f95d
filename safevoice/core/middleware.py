"""Privacy by construction for every request.

The client's network address and browser details are removed from the request before any view, form or
logger can see them, so nothing downstream can store or log them by mistake.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Request metadata that identifies a device or network; blanked before the view runs.
IDENTIFYING_META_KEYS = (
    "REMOTE_ADDR",
    "REMOTE_HOST",
    "HTTP_USER_AGENT",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_CF_CONNECTING_IP",
    "HTTP_TRUE_CLIENT_IP",
    "HTTP_SEC_CH_UA",
    "HTTP_SEC_CH_UA_PLATFORM",
    "HTTP_SEC_CH_UA_MOBILE",
)

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), "
    "usb=(), interest-cohort=(), browsing-topics=()"
)


def privacy_headers(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    static_prefix = settings.STATIC_URL

    def middleware(request: HttpRequest) -> HttpResponse:
        for key in IDENTIFYING_META_KEYS:
            if key in request.META:
                request.META[key] = ""
        response = get_response(request)
        if not request.path.startswith(static_prefix):
            # Pages may hold answers or show that someone visited a support page: keep them out of every cache,
            # including the browser's back-forward cache and history snapshots.
            response["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        response["Permissions-Policy"] = PERMISSIONS_POLICY
        return response

    return middleware
