"""How long a consultation's responses are kept: the date, and what retention would delete after it (a dry run of
``housekeeping.retention.apply_retention``, which the task worker runs daily)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from safevoice.backoffice.access import kept_form, staff_page
from safevoice.backoffice.forms import RetentionForm
from safevoice.backoffice.roles import Capability
from safevoice.consultations.models import Consultation
from safevoice.consultations.services import RetentionDateRefused, set_retention_date
from safevoice.consultations.timing import end_of_local_day
from safevoice.housekeeping.retention import RetentionOutcome, apply_retention


def dry_run(consultation: Consultation) -> RetentionOutcome | None:
    """What retention would delete once the consultation's date has passed (nothing is deleted here)."""
    keep_until = consultation.keep_responses_until
    if keep_until is None:
        return None
    after = max(timezone.now(), end_of_local_day(keep_until) + timedelta(seconds=1))
    outcomes = apply_retention(now=after, dry_run=True, actor="")
    return next((o for o in outcomes if o.slug == consultation.slug), None)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.RUN_CONSULTATION)
def retention(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    initial = {"keep_until": consultation.keep_responses_until}
    form = RetentionForm(request.POST if request.method == "POST" else kept_form(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        keep_until = form.cleaned_data["keep_until"]
        try:
            set_retention_date(
                consultation=consultation, keep_until=keep_until, actor=request.user.get_username()
            )
        except RetentionDateRefused as exc:
            form.add_error("keep_until", str(exc))
        else:
            messages.success(
                request,
                _("Responses are kept until the end of %(day)s.") % {"day": f"{keep_until:%A %-d %B %Y}"},
            )
            return redirect("backoffice:retention", slug=consultation.slug)
    context = {"consultation": consultation, "form": form, "outcome": dry_run(consultation)}
    return render(request, "backoffice/retention/retention.html", context)
