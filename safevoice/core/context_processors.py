from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """What the base layout needs on every page."""
    return {
        "site_name": settings.SAFEVOICE_SITE_NAME,
        "site_is_demonstration": settings.SAFEVOICE_DEMONSTRATION,
        "public_url": settings.SAFEVOICE_PUBLIC_URL.rstrip("/"),
        "idle_minutes": settings.SAFEVOICE_IDLE_MINUTES,
    }
