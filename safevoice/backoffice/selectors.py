"""Reads about staff and about consultations, for the back office's lists and summaries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from safevoice.backoffice.models import RoleGrant
from safevoice.backoffice.roles import StaffAccess
from safevoice.consultations.models import Consultation
from safevoice.consultations.timing import UK, end_of_local_day, local_to_utc
from safevoice.responses.models import Channel, Response


def list_staff() -> QuerySet[User]:
    return get_user_model().objects.prefetch_related("role_grants__consultation").order_by("username")


def grants_of(user: User) -> QuerySet[RoleGrant]:
    return (
        RoleGrant.objects.filter(user=user)
        .select_related("consultation")
        .order_by("role", "consultation__title")
    )


def is_locked_out(user: User) -> bool:
    attempts = AccessAttempt.objects.filter(username=user.get_username())
    cool_off = settings.AXES_COOLOFF_TIME
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return sum(a.failures_since_start for a in attempts) >= settings.AXES_FAILURE_LIMIT


def consultations_for(access: StaffAccess) -> QuerySet[Consultation]:
    """The consultations someone's roles name (all of them for a role held for every consultation)."""
    consultations = Consultation.objects.order_by("-opens_at", "slug")
    if access.sees_every_consultation:
        return consultations
    return consultations.filter(pk__in=access.consultation_ids)


# Responses, as staff see them ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int


@dataclass(frozen=True)
class ChannelCount:
    channel: str
    label: str
    count: int


def count_by_day(*, consultation: Consultation) -> list[DayCount]:
    """Responses per UK calendar day, most recent day first (days with none left out)."""
    rows = (
        Response.objects.filter(consultation=consultation)
        .annotate(day=TruncDate("submitted_at", tzinfo=UK))
        .values("day")
        .annotate(count=Count("pk"))
        .order_by("-day")
    )
    return [DayCount(day=row["day"], count=row["count"]) for row in rows]


def count_by_channel(*, consultation: Consultation) -> list[ChannelCount]:
    """Responses per channel, every channel listed (with 0 where there are none)."""
    counts = dict(
        Response.objects.filter(consultation=consultation)
        .values_list("channel")
        .annotate(count=Count("pk"))
        .values_list("channel", "count")
    )
    return [
        ChannelCount(channel=value, label=str(label), count=counts.get(value, 0))
        for value, label in Channel.choices
    ]


@dataclass(frozen=True)
class ResponseFilters:
    submitted_from: date | None = None
    submitted_to: date | None = None
    channel: str = ""
    language: str = ""
    flagged: bool | None = None
    excluded: bool | None = None


def filter_responses(*, consultation: Consultation, filters: ResponseFilters) -> QuerySet[Response]:
    """The consultation's responses matching ``filters``, newest first (answers not loaded)."""
    responses = Response.objects.filter(consultation=consultation).defer("answers")
    if filters.submitted_from is not None:
        responses = responses.filter(submitted_at__gte=start_of_local_day(filters.submitted_from))
    if filters.submitted_to is not None:
        responses = responses.filter(submitted_at__lt=end_of_local_day(filters.submitted_to))
    if filters.channel:
        responses = responses.filter(channel=filters.channel)
    if filters.language:
        responses = responses.filter(language=filters.language)
    if filters.flagged is not None:
        responses = responses.filter(flagged_for_review=filters.flagged)
    if filters.excluded is not None:
        responses = responses.filter(excluded_from_analysis=filters.excluded)
    return responses.select_related("questionnaire_version").order_by("-submitted_at", "-pk")


def languages_of(*, consultation: Consultation) -> list[str]:
    return sorted(set(Response.objects.filter(consultation=consultation).values_list("language", flat=True)))


def get_response(*, consultation: Consultation, response_id: int) -> Response | None:
    return (
        Response.objects.filter(consultation=consultation, pk=response_id)
        .select_related("questionnaire_version")
        .first()
    )


@dataclass(frozen=True)
class RepeatGroup:
    """Responses with identical answers sent close together: perhaps one person sending many times."""

    digest: str
    responses: list[Response]


def flagged_repeats(*, consultation: Consultation) -> list[RepeatGroup]:
    """Flagged responses grouped by identical answers, the group with the latest response first."""
    flagged = (
        Response.objects.filter(consultation=consultation, flagged_for_review=True)
        .defer("answers")
        .order_by("submitted_at", "pk")
    )
    groups: dict[str, list[Response]] = {}
    for response in flagged:
        groups.setdefault(response.answers_digest, []).append(response)
    ordered = sorted(groups.items(), key=lambda item: item[1][-1].submitted_at, reverse=True)
    return [RepeatGroup(digest=digest, responses=members) for digest, members in ordered]


def start_of_local_day(day: date) -> datetime:
    return local_to_utc(datetime.combine(day, time(0, 0)))
