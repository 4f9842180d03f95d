"""Exports of a consultation's responses for analysts: a format, then a background job with its progress, then
the files (the work is ``safevoice.exports``: dates only, formulas neutralised, a data dictionary, audited)."""

from __future__ import annotations

import uuid

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe
from django_stubs_ext import StrOrPromise

from safevoice.audit.services import record_event
from safevoice.backoffice.access import staff_page
from safevoice.backoffice.forms import ExportForm
from safevoice.backoffice.roles import Capability
from safevoice.consultations.models import Consultation
from safevoice.exports.formats import FORMAT_NAMES
from safevoice.exports.selectors import ExportProgress, export_file, export_progress, exports_of
from safevoice.exports.services import ExportRefused, start_export

FORMATS: list[tuple[str, StrOrPromise]] = [(kind.value, name) for kind, name in FORMAT_NAMES.items()]


def _progress(consultation: Consultation, job_id: uuid.UUID) -> ExportProgress:
    progress = export_progress(job_id=str(job_id))
    if progress is None or progress.consultation_slug != consultation.slug:
        raise Http404("No such export")
    return progress


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.EXPORT_RESPONSES)
def exports(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    form = ExportForm(request.POST if request.method == "POST" else None, formats=FORMATS)
    if request.method == "POST" and form.is_valid():
        try:
            job = start_export(
                consultation=consultation,
                export_format=form.cleaned_data["export_format"],
                actor=request.user.get_username(),
                include_excluded=form.cleaned_data["include_excluded"],
            )
        except ExportRefused as exc:
            form.add_error("export_format", str(exc))
        else:
            return redirect("backoffice:export", slug=consultation.slug, job_id=str(job.pk))
    recent = [export_progress(job_id=str(job.pk)) for job in exports_of(consultation=consultation)[:10]]
    context = {"consultation": consultation, "form": form, "recent": [p for p in recent if p is not None]}
    return render(request, "backoffice/exports/exports.html", context)


@require_safe
@staff_page(Capability.EXPORT_RESPONSES)
def export(request: HttpRequest, consultation: Consultation, job_id: uuid.UUID) -> HttpResponse:
    """How far the export has got (the page says to refresh; it works the same without JavaScript)."""
    context = {"consultation": consultation, "progress": _progress(consultation, job_id)}
    return render(request, "backoffice/exports/progress.html", context)


@require_safe
@staff_page(Capability.EXPORT_RESPONSES)
def export_download(
    request: HttpRequest, consultation: Consultation, job_id: uuid.UUID, name: str
) -> FileResponse:
    progress = _progress(consultation, job_id)
    path = export_file(job_id=progress.job_id, name=name)
    if path is None:
        raise Http404("No such file")
    record_event(
        actor=request.user.get_username(),
        action="export.downloaded",
        target=f"consultation:{consultation.slug}",
        details={"export": progress.job_id, "file": name, "format": progress.format},
    )
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)
