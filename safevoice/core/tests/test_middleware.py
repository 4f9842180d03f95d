import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from safevoice.core.middleware import privacy_headers

pytestmark = pytest.mark.django_db


def run(request: HttpRequest) -> tuple[HttpRequest, HttpResponse]:
    seen: list[HttpRequest] = []

    def view(req: HttpRequest) -> HttpResponse:
        seen.append(req)
        return HttpResponse("ok")

    response = privacy_headers(view)(request)
    return seen[0], response


def test_views_never_see_the_address_or_browser():
    request = RequestFactory().get(
        "/",
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT="Mozilla/5.0 (X11)",
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    seen, _ = run(request)
    assert seen.META["REMOTE_ADDR"] == ""
    assert "HTTP_USER_AGENT" not in seen.META
    assert "HTTP_X_FORWARDED_FOR" not in seen.META
    assert "203.0.113.7" not in repr(seen.META)


def test_rate_limit_key_is_opaque_and_depends_on_the_address():
    first, _ = run(RequestFactory().get("/", REMOTE_ADDR="203.0.113.7"))
    second, _ = run(RequestFactory().get("/", REMOTE_ADDR="203.0.113.8"))
    assert len(str(first.client_key)) == 64
    assert str(first.client_key) != str(second.client_key)
    assert "203.0.113" not in str(first.client_key)


def test_pages_are_not_stored_by_the_browser_but_assets_may_be():
    _, page = run(RequestFactory().get("/consultations/x/"))
    assert page["Cache-Control"] == "no-store"
    _, asset = run(RequestFactory().get("/static/css/safevoice.css"))
    assert "Cache-Control" not in asset
    assert "browsing-topics=()" in page["Permissions-Policy"]
