"""New content: a consultation from an uploaded zip of its content folder, and new questionnaire versions, each
checked completely (every problem as file:line: reason) and previewed before anything changes."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from safevoice.audit.services import record_event
from safevoice.backoffice import preview, uploads
from safevoice.backoffice.access import staff_page
from safevoice.backoffice.forms import ConfirmForm, ConsultationZipForm, QuestionnaireFileForm
from safevoice.backoffice.roles import Capability
from safevoice.consultations.models import Consultation
from safevoice.content import ContentError, ContentErrors, load_yaml
from safevoice.exports.xlsform import export_xlsform, import_xlsform_upload
from safevoice.publishing.folder_content import ConsultationContent
from safevoice.publishing.folder_validation import validate_consultation_folder
from safevoice.publishing.writer import load_consultation_folder
from safevoice.questionnaire_engine import Questionnaire, read_questionnaire
from safevoice.questionnaire_engine.xlsform import XLSFormError
from safevoice.questionnaires.models import QuestionnaireVersion
from safevoice.questionnaires.selectors import questionnaire_for_version
from safevoice.questionnaires.services import definition_sha256, store_questionnaire

ZIP_KEY = "backoffice.consultation_zip"
QUESTIONNAIRE_KEY = "backoffice.questionnaire_upload"
ZIP = ".zip"
YAML = ".yaml"


def _check_folder(zip_path: Path, *, shown_as: str) -> tuple[ConsultationContent | None, list[str]]:
    try:
        with uploads.unpacked_folder(zip_path, shown_as=shown_as) as folder:
            try:
                return validate_consultation_folder(folder=folder), []
            except ContentErrors as exc:
                return None, uploads.relative_errors(exc, folder=folder)
    except ContentErrors as exc:
        return None, [str(e) for e in exc.errors]


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.CREATE_CONSULTATIONS)
def new_consultation(request: HttpRequest) -> HttpResponse:
    form = ConsultationZipForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = uploads.keep_upload(upload, suffix=ZIP)
        content, problems = _check_folder(uploads.kept_upload(token, suffix=ZIP), shown_as=upload.name)  # type: ignore[arg-type]
        if content is not None:
            request.session[ZIP_KEY] = {"token": token, "name": upload.name}
            return redirect("backoffice:check_new_consultation")
        uploads.forget_upload(token, suffix=ZIP)
        record_event(
            actor=request.user.get_username(),
            action="consultation.upload_refused",
            details={"file": upload.name, "problems": len(problems)},
        )
    context = {"form": form, "problems": problems}
    return render(request, "backoffice/publishing/new_consultation.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.CREATE_CONSULTATIONS)
def check_new_consultation(request: HttpRequest) -> HttpResponse:
    kept = request.session.get(ZIP_KEY) or {}
    zip_path = uploads.kept_upload(str(kept.get("token", "")), suffix=ZIP)
    if zip_path is None:
        messages.warning(request, _("The uploaded zip is no longer here: upload it again."))
        return redirect("backoffice:new_consultation")
    content, problems = _check_folder(zip_path, shown_as=str(kept.get("name", "upload.zip")))
    existing = Consultation.objects.filter(slug=content.slug).first() if content else None
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and content is not None:
        try:
            with (
                uploads.unpacked_folder(zip_path, shown_as=str(kept.get("name"))) as folder,
                transaction.atomic(),
            ):
                consultation = load_consultation_folder(folder=folder)
                version = QuestionnaireVersion.objects.filter(
                    consultation=consultation, is_current=True
                ).first()
                record_event(
                    actor=request.user.get_username(),
                    action="consultation.updated" if existing else "consultation.created",
                    target=f"consultation:{consultation.slug}",
                    details={
                        "from": str(kept.get("name", "")),
                        "content_version": consultation.content_version,
                        "questionnaire_version": version.version if version else "",
                    },
                )
        except ContentErrors as exc:
            problems = [str(e) for e in exc.errors]
        else:
            uploads.forget_upload(str(kept["token"]), suffix=ZIP)
            request.session.pop(ZIP_KEY, None)
            messages.success(
                request,
                (
                    _("%(title)s was updated from the folder.")
                    if existing
                    else _("%(title)s was created from the folder.")
                )
                % {"title": consultation.title},
            )
            return redirect("backoffice:consultation", slug=consultation.slug)
    context = {
        "content": content,
        "problems": problems,
        "existing": existing,
        "form": form,
        "file_name": kept.get("name", ""),
    }
    return render(request, "backoffice/publishing/check_new_consultation.html", context)


# Questionnaire versions ------------------------------------------------------------------------------------------


@require_safe
@staff_page(Capability.RUN_CONSULTATION)
def questionnaire_versions(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    versions = [
        {"version": v, "responses": v.responses.count()}
        for v in QuestionnaireVersion.objects.filter(consultation=consultation)
        .defer("definition")
        .order_by("-created_at", "-pk")
    ]
    return render(
        request, "backoffice/publishing/versions.html", {"consultation": consultation, "versions": versions}
    )


def _questionnaire_problems(
    questionnaire: Questionnaire, *, consultation: Consultation, path: Path, shown_as: str
) -> list[str]:
    """What stops this questionnaire becoming a version of this consultation (beyond the file's own checks)."""
    problems = []
    stored = QuestionnaireVersion.objects.filter(consultation=consultation).defer("definition")
    ids = {v.questionnaire_id for v in stored}
    document = load_yaml(path)
    if ids and questionnaire.id not in ids:
        line = document.line_of(("id",))
        problems.append(
            str(
                ContentError(
                    Path(shown_as),
                    line,
                    f"the questionnaire's id is {questionnaire.id!r}, but this consultation's is {sorted(ids)[0]!r}: keep the id, change the version",
                )
            )
        )
    same_version = stored.filter(version=questionnaire.version).first()
    if same_version is not None:
        line = document.line_of(("version",))
        definition = json.loads(json.dumps(questionnaire.definition, default=str))
        if same_version.sha256 != definition_sha256(definition):
            reason = f"version {questionnaire.version!r} is already stored with different content; a version never changes once stored, so give this one a new version"
        else:
            reason = f"version {questionnaire.version!r} is already stored, exactly as in this file: there is nothing new to upload"
        problems.append(str(ContentError(Path(shown_as), line, reason)))
    return problems


def _read_upload(
    path: Path, *, consultation: Consultation, shown_as: str
) -> tuple[Questionnaire | None, list[str]]:
    try:
        questionnaire = read_questionnaire(path)
    except ContentErrors as exc:
        return None, [str(ContentError(Path(shown_as), e.line, e.reason)) for e in exc.errors]
    problems = _questionnaire_problems(questionnaire, consultation=consultation, path=path, shown_as=shown_as)
    return (questionnaire if not problems else None), problems


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.RUN_CONSULTATION)
def upload_questionnaire(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    form = QuestionnaireFileForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        not_mapped: list[str] = []
        if upload.name.lower().endswith(".xlsx"):
            try:
                imported = import_xlsform_upload(data=upload.read(), file_name=upload.name)
            except XLSFormError as exc:
                problems = [f"{upload.name}: {problem}" for problem in exc.problems]
                return render(
                    request,
                    "backoffice/publishing/upload_questionnaire.html",
                    {"consultation": consultation, "form": form, "problems": problems},
                )
            not_mapped = [str(problem) for problem in imported.not_mapped]
            yaml_name = f"{Path(upload.name).stem}.yaml"
            upload = ContentFile(imported.yaml_text(source=upload.name).encode("utf-8"), name=yaml_name)
        token = uploads.keep_upload(upload, suffix=YAML)
        kept_path = uploads.kept_upload(token, suffix=YAML)
        assert kept_path is not None
        questionnaire, problems = _read_upload(kept_path, consultation=consultation, shown_as=upload.name)
        if questionnaire is not None:
            request.session[QUESTIONNAIRE_KEY] = {
                "token": token,
                "name": upload.name,
                "not_mapped": not_mapped,
                "consultation": consultation.pk,
            }
            return redirect("backoffice:check_questionnaire", slug=consultation.slug)
        uploads.forget_upload(token, suffix=YAML)
    context = {"consultation": consultation, "form": form, "problems": problems}
    return render(request, "backoffice/publishing/upload_questionnaire.html", context)


def _preview_context(questionnaire: Questionnaire) -> dict[str, Any]:
    return {
        "questionnaire": questionnaire,
        "pages": preview.preview_pages(questionnaire),
        "routes": preview.find_routes(questionnaire),
        "question_count": len(questionnaire.questions),
    }


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.RUN_CONSULTATION)
def check_questionnaire(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    kept = request.session.get(QUESTIONNAIRE_KEY) or {}
    path = (
        uploads.kept_upload(str(kept.get("token", "")), suffix=YAML)
        if kept.get("consultation") == consultation.pk
        else None
    )
    if path is None:
        messages.warning(request, _("The uploaded questionnaire is no longer here: upload it again."))
        return redirect("backoffice:upload_questionnaire", slug=consultation.slug)
    questionnaire, problems = _read_upload(
        path, consultation=consultation, shown_as=str(kept.get("name", "questionnaire.yaml"))
    )
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and questionnaire is not None:
        try:
            version = _make_live(
                request,
                consultation=consultation,
                questionnaire=questionnaire,
                source=str(kept.get("name", "")),
            )
        except ContentErrors as exc:
            problems = [str(e) for e in exc.errors]
        else:
            uploads.forget_upload(str(kept["token"]), suffix=YAML)
            request.session.pop(QUESTIONNAIRE_KEY, None)
            messages.success(
                request,
                _("Version %(version)s is live: new respondents answer it from now.")
                % {"version": version.version},
            )
            return redirect("backoffice:questionnaire_versions", slug=consultation.slug)
    context = {
        "consultation": consultation,
        "form": form,
        "problems": problems,
        "is_upload": True,
        "is_current": False,
        "not_mapped": kept.get("not_mapped", []),
    }
    if questionnaire is not None:
        context.update(_preview_context(questionnaire))
    return render(request, "backoffice/publishing/preview.html", context)


def _make_live(
    request: HttpRequest, *, consultation: Consultation, questionnaire: Questionnaire, source: str
) -> QuestionnaireVersion:
    with transaction.atomic():
        version = store_questionnaire(consultation=consultation, questionnaire=questionnaire)
        record_event(
            actor=request.user.get_username(),
            action="questionnaire.made_live",
            target=f"consultation:{consultation.slug}",
            details={"version": version.version, "from": source},
        )
    return version


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page(Capability.RUN_CONSULTATION)
def questionnaire_version(request: HttpRequest, consultation: Consultation, version_id: int) -> HttpResponse:
    """A stored version, previewed; one that is not live can be made live again (it is never changed)."""
    version = (
        QuestionnaireVersion.objects.filter(consultation=consultation, pk=version_id)
        .defer("definition")
        .first()
    )
    if version is None:
        raise Http404("No such questionnaire version")
    questionnaire = questionnaire_for_version(version=version)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and not version.is_current:
        _make_live(
            request,
            consultation=consultation,
            questionnaire=questionnaire,
            source=f"stored version {version.version}",
        )
        messages.success(
            request,
            _("Version %(version)s is live again: new respondents answer it from now.")
            % {"version": version.version},
        )
        return redirect("backoffice:questionnaire_versions", slug=consultation.slug)
    context = {
        "consultation": consultation,
        "form": form,
        "problems": [],
        "is_upload": False,
        "is_current": version.is_current,
        "version": version,
        **_preview_context(questionnaire),
    }
    return render(request, "backoffice/publishing/preview.html", context)


@require_safe
@staff_page(Capability.RUN_CONSULTATION)
def questionnaire_as_xlsform(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    """The live questionnaire as an XLSForm, for ODK, KoboToolbox or anyone who works in spreadsheets."""
    with tempfile.TemporaryDirectory(prefix="xlsform-out-") as folder:
        path = Path(folder) / f"{consultation.slug}-questionnaire.xlsx"
        not_said = export_xlsform(consultation=consultation, out=path)
        data = path.read_bytes()
    record_event(
        actor=request.user.get_username(),
        action="questionnaire.exported_xlsform",
        target=f"consultation:{consultation.slug}",
        details={"not_in_xlsform": len(not_said)},
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}-questionnaire.xlsx"'
    return response


@require_safe
@staff_page(Capability.RUN_CONSULTATION)
def uploaded_questionnaire_file(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    """The questionnaire file being checked (an XLSForm as converted), to keep in the consultation's folder."""
    kept = request.session.get(QUESTIONNAIRE_KEY) or {}
    path = (
        uploads.kept_upload(str(kept.get("token", "")), suffix=YAML)
        if kept.get("consultation") == consultation.pk
        else None
    )
    if path is None:
        messages.warning(request, _("The uploaded questionnaire is no longer here: upload it again."))
        return redirect("backoffice:upload_questionnaire", slug=consultation.slug)
    response = HttpResponse(path.read_bytes(), content_type="application/x-yaml; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{Path(str(kept.get("name", "questionnaire.yaml"))).name}"'
    )
    return response
