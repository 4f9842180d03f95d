from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from safevoice.backoffice.access import access_of, staff_page
from safevoice.backoffice.roles import Capability
from safevoice.backoffice.selectors import consultations_for


@require_safe
@staff_page()
def home(request: HttpRequest) -> HttpResponse:
    """The consultations this person's roles cover, newest first, and the service-wide tasks they may do."""
    access = access_of(request)
    now = timezone.now()
    consultations = [{"consultation": c, "state": c.state_at(now)} for c in consultations_for(access)]
    context = {
        "consultations": consultations,
        "can_create": access.can(Capability.CREATE_CONSULTATIONS),
        "can_check_support_services": access.can(Capability.CHECK_SUPPORT_SERVICES),
        "can_manage_staff": access.can(Capability.MANAGE_STAFF),
        "can_read_audit_log": access.can(Capability.READ_AUDIT_LOG),
    }
    return render(request, "backoffice/home.html", context)
