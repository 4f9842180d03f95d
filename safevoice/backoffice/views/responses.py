"""Responses for analysts: a filtered list, one response in full (every view audited), possible repeats."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from safevoice.audit.services import record_event
from safevoice.backoffice import selectors
from safevoice.backoffice.access import access_of, staff_page
from safevoice.backoffice.forms import ResponseFilterForm
from safevoice.backoffice.roles import Capability
from safevoice.consultations.models import Consultation
from safevoice.journey.answers_display import answer_lines
from safevoice.questionnaires.selectors import questionnaire_for_version
from safevoice.responses.models import Channel

PER_PAGE = 50


@require_safe
@staff_page(Capability.READ_RESPONSES)
def responses(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    form = ResponseFilterForm(
        request.GET or None,
        languages=selectors.languages_of(consultation=consultation),
        channels=[(value, label) for value, label in Channel.choices],
    )
    filters = selectors.ResponseFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.ResponseFilters(
            submitted_from=data["submitted_from"],
            submitted_to=data["submitted_to"],
            channel=data["channel"],
            language=data["language"],
            flagged={"yes": True, "no": False}.get(data["flagged"]),
            excluded={"yes": True, "no": False}.get(data["excluded"]),
        )
    found = selectors.filter_responses(consultation=consultation, filters=filters)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "consultation": consultation,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "filtered": filters != selectors.ResponseFilters(),
    }
    return render(request, "backoffice/responses/list.html", context)


@require_safe
@staff_page(Capability.READ_RESPONSES)
def response_detail(request: HttpRequest, consultation: Consultation, response_id: int) -> HttpResponse:
    response = selectors.get_response(consultation=consultation, response_id=response_id)
    if response is None:
        raise Http404("No such response")
    questionnaire = questionnaire_for_version(version=response.questionnaire_version)
    answers = response.answers
    rows = [
        {"label": question.label, "lines": answer_lines(question, answers), "id": question.id}
        for page in questionnaire.visible_pages(answers)
        for question in questionnaire.visible_questions(page, answers)
    ]
    # Who read which response, each time: the answers themselves never go into the log.
    record_event(
        actor=request.user.get_username(),
        action="response.viewed",
        target=f"response:{response.pk}",
        details={"consultation": consultation.slug},
    )
    context = {
        "consultation": consultation,
        "response": response,
        "rows": rows,
        "can_exclude": access_of(request).can(Capability.EXCLUDE_RESPONSES, consultation_id=consultation.pk),
    }
    return render(request, "backoffice/responses/detail.html", context)


@require_safe
@staff_page(Capability.READ_RESPONSES)
def repeats(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    groups = selectors.flagged_repeats(consultation=consultation)
    context = {
        "consultation": consultation,
        "groups": groups,
        "can_exclude": access_of(request).can(Capability.EXCLUDE_RESPONSES, consultation_id=consultation.pk),
    }
    return render(request, "backoffice/responses/repeats.html", context)
