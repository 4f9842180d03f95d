"""Dates and times in UK local time, written the GOV.UK way ("Friday 27 October 2023", "5:30pm", "midday")."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext

from safevoice.consultations.timing import UK

register = template.Library()


@register.filter
def uk_date(value: datetime | date) -> str:
    if isinstance(value, datetime):
        value = value.astimezone(UK)
    return format_date(value, "l j F Y")


@register.filter
def uk_time(value: datetime) -> str:
    local = value.astimezone(UK)
    if local.hour == 0 and local.minute == 0:
        return gettext("midnight")
    if local.hour == 12 and local.minute == 0:
        return gettext("midday")
    hour = local.hour % 12 or 12
    clock = f"{hour}" if local.minute == 0 else f"{hour}:{local.minute:02d}"
    # GOV.UK style: "9am", "5:30pm" (Django's "a" would give "a.m.").
    return clock + (gettext("am") if local.hour < 12 else gettext("pm"))
