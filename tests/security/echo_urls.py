"""The real URLs plus one view that says which request headers reached it (for test_headers_reach_views.py)."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from safevoice.config.urls import urlpatterns as real_urlpatterns


def echo_headers(request: HttpRequest) -> JsonResponse:
    meta = {key: str(value) for key, value in request.META.items() if isinstance(value, str | int)}
    return JsonResponse({"meta": meta, "has_socket": "gunicorn.socket" in request.META})


urlpatterns = [path("echo-headers/", echo_headers), *real_urlpatterns]
