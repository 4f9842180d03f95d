from __future__ import annotations

import csv

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def support(request: HttpRequest) -> HttpResponse:
    with (settings.SAFEVOICE_CONTENT_DIR / "support_services.csv").open(encoding="utf-8") as f:
        services = [row for row in csv.DictReader(f) if row["verified_in_stored_source"].startswith("yes")]
    return render(request, "consultations/support.html", {"services": services})
