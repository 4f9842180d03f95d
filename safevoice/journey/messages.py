"""The words for the engine's error codes: specific, in the GOV.UK style ("Enter a number between 16 and 120")."""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from safevoice.questionnaire_engine import ErrorCode, FieldError


def human_date(value: str, *, with_day: bool) -> str:
    """'2023-03-07' as '7 March 2023', '2023-03' as 'March 2023'."""
    parts = [int(p) for p in value.split("-")]
    when = date(parts[0], parts[1], parts[2] if with_day else 1)
    return date_format(when, "j F Y" if with_day else "F Y")


def _number(value: int, unit: str) -> str:
    return f"{value} {unit}" if unit else str(value)


def error_message(error: FieldError) -> str:
    p = error.params
    code = error.code
    if code == ErrorCode.REQUIRED_CHOICE:
        return _("Select an answer")
    if code == ErrorCode.REQUIRED_CHOICES:
        return _("Select at least one answer")
    if code == ErrorCode.REQUIRED_TEXT:
        return _("Enter an answer")
    if code == ErrorCode.REQUIRED_NUMBER:
        return _("Enter a number")
    if code == ErrorCode.REQUIRED_DATE:
        return _("Enter a date")
    if code == ErrorCode.UNKNOWN_OPTION:
        return _("Select one of the answers shown")
    if code == ErrorCode.ONLY_ONE:
        return _("Select only one answer")
    if code == ErrorCode.EXCLUSIVE:
        return _("Select ‘%(label)s’ on its own, or unselect it to choose other answers") % {
            "label": p["label"]
        }
    if code == ErrorCode.TOO_MANY:
        return ngettext(
            "Select no more than %(max)d answer", "Select no more than %(max)d answers", p["max"]
        ) % {"max": p["max"]}
    if code == ErrorCode.OTHER_REQUIRED:
        return _("Enter your answer for ‘%(label)s’") % {"label": p["label"]}
    if code == ErrorCode.OTHER_TOO_LONG:
        return _("Your answer for ‘%(label)s’ must be %(max)d characters or fewer") % p
    if code == ErrorCode.TOO_LONG:
        return _("Answer must be %(max)d characters or fewer (you have entered %(length)d)") % p
    if code == ErrorCode.NOT_A_WHOLE_NUMBER:
        return _("Enter a whole number, like 25")
    if code == ErrorCode.NUMBER_RANGE:
        return _("Enter a number between %(min)s and %(max)s") % {
            "min": p["min"],
            "max": _number(p["max"], p.get("unit", "")),
        }
    if code == ErrorCode.NUMBER_TOO_SMALL:
        return _("Enter a number of %(min)s or more") % {"min": _number(p["min"], p.get("unit", ""))}
    if code == ErrorCode.NUMBER_TOO_BIG:
        return _("Enter a number of %(max)s or less") % {"max": _number(p["max"], p.get("unit", ""))}
    if code == ErrorCode.DATE_INCOMPLETE:
        names = {"day": _("a day"), "month": _("a month"), "year": _("a year")}
        missing = [names[m] for m in p["missing"]]
        listed = (
            missing[0]
            if len(missing) == 1
            else _("%(first)s and %(last)s")
            % {
                "first": ", ".join(missing[:-1]),
                "last": missing[-1],
            }
        )
        return _("Date must include %(parts)s") % {"parts": listed}
    if code == ErrorCode.DATE_NOT_REAL:
        return _("Date must be a real date")
    with_day = bool(p.get("with_day"))
    if code == ErrorCode.DATE_RANGE:
        return _("Date must be between %(min)s and %(max)s") % {
            "min": human_date(p["min"], with_day=with_day),
            "max": human_date(p["max"], with_day=with_day),
        }
    if code == ErrorCode.DATE_TOO_EARLY:
        return _("Date must be %(min)s or later") % {"min": human_date(p["min"], with_day=with_day)}
    if code == ErrorCode.DATE_TOO_LATE:
        return _("Date must be %(max)s or earlier") % {"max": human_date(p["max"], with_day=with_day)}
    if code == ErrorCode.ROW_REQUIRED:
        return _("Select an answer for ‘%(row)s’") % {"row": p["row"]}
    return _("Check this answer")
