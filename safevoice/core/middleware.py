"""Privacy by construction for every request.

Request metadata is an allow-list: the few headers the application needs are kept and every other one is removed
before any view, form or logger can see it, so nothing downstream can store or log a device or network detail by
mistake — including headers nobody has thought of yet. The client's address is read once, from the one header
the deployment trusts, and replaced by ``request.client_key``: an opaque daily-rotating HMAC of the address,
computed only if a view asks (rate limits). Origin and Referer are needed by Django's CSRF check, so they go
only after it has run (``remove_csrf_headers``).

Public endpoints take small urlencoded forms only: a multipart body (a file upload) or a body over the size limit
is refused before Django reads any of it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from safevoice.core.views import refused_body
from safevoice.protection.services import client_key

#: The HTTP headers the application reads. Every other HTTP_* key is removed from request.META.
ALLOWED_HEADERS = frozenset(
    {
        "HTTP_HOST",
        "HTTP_COOKIE",
        # Static files (WhiteNoise): compressed variants and conditional requests.
        "HTTP_ACCEPT_ENCODING",
        "HTTP_IF_NONE_MATCH",
        "HTTP_IF_MODIFIED_SINCE",
        "HTTP_RANGE",
        # Django's CSRF check compares these with the site's own address; removed once it has.
        "HTTP_ORIGIN",
        "HTTP_REFERER",
        # Behind the TLS-terminating proxy, whether the request came over https (SECURE_PROXY_SSL_HEADER).
        "HTTP_X_FORWARDED_PROTO",
        # A body of unknown length is refused on public pages (refuse_unwanted_bodies).
        "HTTP_TRANSFER_ENCODING",
    }
)
CSRF_HEADERS = ("HTTP_ORIGIN", "HTTP_REFERER")
#: WSGI keys that describe the client's connection rather than the request.
CONNECTION_KEYS = ("REMOTE_ADDR", "REMOTE_HOST", "REMOTE_PORT", "REMOTE_USER", "gunicorn.socket")

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), "
    "usb=(), interest-cohort=(), browsing-topics=()"
)


def client_address(meta: dict[str, Any], header: str) -> str:
    """The client's address from the trusted header: the last entry of a list (the one our proxy added)."""
    return str(meta.get(header, "")).split(",")[-1].strip() or "unknown"


def privacy_headers(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    static_prefix = settings.STATIC_URL
    # Behind a reverse proxy the client's address arrives in a header the proxy sets (e.g. HTTP_X_FORWARDED_FOR).
    address_header = settings.SAFEVOICE_CLIENT_ADDRESS_HEADER

    def middleware(request: HttpRequest) -> HttpResponse:
        address = client_address(request.META, address_header)
        request.client_key = SimpleLazyObject(lambda: client_key(address=address))  # type: ignore[attr-defined]
        meta = request.META
        for key in [k for k in meta if k.startswith("HTTP_") and k not in ALLOWED_HEADERS]:
            del meta[key]
        for key in CONNECTION_KEYS:
            if key in meta:
                meta[key] = ""
        response = get_response(request)
        if not request.path.startswith(static_prefix):
            # Pages may hold answers or show that someone visited a support page: keep them out of every cache,
            # including the browser's back-forward cache and history snapshots.
            response["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        response["Permissions-Policy"] = PERMISSIONS_POLICY
        return response

    return middleware


class RemoveCsrfHeaders:
    """After Django's CSRF check (this comes after CsrfViewMiddleware, whose process_view runs first), Origin and
    Referer have done their job: the view never sees them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        for key in CSRF_HEADERS:
            request.META.pop(key, None)


def refuse_unwanted_bodies(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """On public pages: no file uploads, no chunked bodies of unknown size, nothing over the size limit."""
    staff_prefix = settings.SAFEVOICE_STAFF_PREFIX
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path.startswith(staff_prefix):
            return get_response(request)
        meta = request.META
        if str(meta.get("CONTENT_TYPE", "")).lower().startswith("multipart/"):
            return refused_body(request, problem="not_understood", status=400)
        if "chunked" in str(meta.get("HTTP_TRANSFER_ENCODING", "")).lower():
            return refused_body(request, problem="length_required", status=411)
        try:
            length = int(meta.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return refused_body(request, problem="not_understood", status=400)
        if length > limit:
            return refused_body(request, problem="too_large", status=413)
        return get_response(request)

    return middleware
