"""Privacy by construction for every request.

The client's network address and browser details are removed from the request before any view, form or
logger can see them, so nothing downstream can store or log them by mistake. What rate limiting needs is left in
their place: ``request.client_key``, an opaque daily-rotating HMAC of the address, computed only if a view asks.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from safevoice.protection.services import client_key

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


def privacy_headers(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    static_prefix = settings.STATIC_URL
    # Behind a reverse proxy the client's address arrives in a header the proxy sets (e.g. HTTP_X_FORWARDED_FOR).
    address_header = settings.SAFEVOICE_CLIENT_ADDRESS_HEADER

    def middleware(request: HttpRequest) -> HttpResponse:
        address = request.META.get(address_header, "").split(",")[-1].strip() or "unknown"
        request.client_key = SimpleLazyObject(lambda: client_key(address=address))  # type: ignore[attr-defined]
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
