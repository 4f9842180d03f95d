"""GOV.UK markup for Django forms: the error summary, and the parts of a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.translation import gettext as _

from safevoice.consultations.timing import UK, closes_at_midnight, last_open_day

register = template.Library()


def _anchor(form: forms.BaseForm, name: str) -> str:
    if name == NON_FIELD_ERRORS:
        first = next(iter(form.fields), "")
        return _anchor(form, first) if first else "main-content"
    field = form[name]
    widget = field.field.widget
    if isinstance(widget, forms.MultiWidget):
        return f"{field.auto_id}_{getattr(widget, 'first_part', '0')}"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{field.auto_id}_0"
    return field.auto_id or name


@register.simple_tag
def error_summary(*forms_: object) -> list[tuple[str, str]]:
    """(anchor, message) for every error of the forms, in field order, the form's own errors first."""
    pairs: list[tuple[str, str]] = []
    for form in forms_:
        if not isinstance(form, forms.BaseForm) or not form.is_bound:
            continue
        for name, errors in form.errors.items():
            for message in errors:
                pairs.append((_anchor(form, name), str(message)))
    return pairs


@dataclass(frozen=True)
class DatePart:
    name: str
    id: str
    label: str
    value: str
    width: int


@register.simple_tag
def date_parts(field: forms.BoundField) -> list[DatePart]:
    value = field.value()
    if isinstance(value, date):
        values = [str(value.day), str(value.month), str(value.year)]
    elif isinstance(value, list | tuple):
        values = [str(v or "") for v in value]
    else:
        values = ["", "", ""]
    labels = (_("Day"), _("Month"), _("Year"))
    widths = (2, 2, 4)
    return [
        DatePart(
            name=f"{field.html_name}_{part}",
            id=f"{field.auto_id}_{part}",
            label=labels[index],
            value=values[index] if index < len(values) else "",
            width=widths[index],
        )
        for index, part in enumerate(("day", "month", "year"))
    ]


@register.filter
def uk_datetime(value: datetime | None) -> str:
    """'Friday 27 October 2023 at 5pm' in UK time."""
    if value is None:
        return ""
    local = timezone.localtime(value, UK)
    hour = local.strftime("%-I%p").lower() if local.minute == 0 else local.strftime("%-I:%M%p").lower()
    return f"{local:%A %-d %B %Y} at {hour}"


@register.filter
def uk_closing(value: datetime) -> str:
    """A closing instant as people read it: 'midnight at the end of Friday 27 October 2023', or the time."""
    if closes_at_midnight(value):
        return _("midnight at the end of %(day)s") % {"day": f"{last_open_day(value):%A %-d %B %Y}"}
    return uk_datetime(value)


@register.filter
def uk_date(value: datetime | date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value, UK).date()
    return f"{value:%-d %B %Y}"


@register.filter
def uk_timestamp(value: datetime | None) -> str:
    """'1 Dec 2026, 21:46:05' in UK time: to the second, for the audit log."""
    if value is None:
        return ""
    return f"{timezone.localtime(value, UK):%-d %b %Y, %H:%M:%S}"


@register.filter
def get_item(mapping: dict[str, str], key: str) -> str:
    return mapping.get(key, "") if isinstance(mapping, dict) else ""
