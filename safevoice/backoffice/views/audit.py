"""The audit log, for administrators: newest first, filtered by what happened, who, to what, and when."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from safevoice.audit.selectors import list_events
from safevoice.backoffice.access import staff_page
from safevoice.backoffice.forms import AuditFilterForm
from safevoice.backoffice.roles import Capability
from safevoice.backoffice.selectors import start_of_local_day
from safevoice.consultations.timing import end_of_local_day

PER_PAGE = 100


@require_safe
@staff_page(Capability.READ_AUDIT_LOG)
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = list_events()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        events = list_events(
            actor=data["actor"].strip(),
            target=data["target"].strip(),
            since=start_of_local_day(data["since"]) if data["since"] else None,
            until=end_of_local_day(data["until"]) if data["until"] else None,
        )
        if data["kind"]:
            matches = Q()
            for prefix in data["kind"]:
                matches |= Q(action__startswith=prefix)
            events = events.filter(matches)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "backoffice/audit/log.html", {"form": form, "page": page, "query": query.urlencode()}
    )
