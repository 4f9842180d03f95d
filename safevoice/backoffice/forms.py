"""Back-office forms. Each clean_* returns a typed value; every message says what to do, in GOV.UK words."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from safevoice.backoffice.roles import GLOBAL_ONLY_ROLES, Role
from safevoice.backoffice.uploads import MAX_UPLOAD_BYTES
from safevoice.consultations.models import Consultation
from safevoice.consultations.timing import LocalTimeError, local_to_utc


class GovukForm(forms.Form):
    """Field ids are the field names, so the error summary links to ``#name``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def _choices(self, name: str, choices: list[tuple[str, StrOrPromise]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


# Dates ---------------------------------------------------------------------------------------------------------


class DatePartsWidget(forms.MultiWidget):
    first_part = "day"

    def __init__(self) -> None:
        super().__init__(
            widgets={"day": forms.TextInput(), "month": forms.TextInput(), "year": forms.TextInput()}
        )

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """GOV.UK's date input (day, month, year), with its error messages, naming what the date is."""

    widget = DatePartsWidget

    def __init__(self, *, what: StrOrPromise, **kwargs: Any) -> None:
        self.what = what
        parts = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        kwargs.setdefault("error_messages", {"required": _("Enter %(what)s") % {"what": what}})
        super().__init__(fields=parts, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> date | None:
        if not data_list or not any((part or "").strip() for part in data_list):
            return None
        day, month, year = ((part or "").strip() for part in data_list)
        for name, part in (("day", day), ("month", month), ("year", year)):
            if not part:
                raise ValidationError(
                    _("%(What)s must include a %(part)s") % {"What": self.what.capitalize(), "part": name}
                )
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(_("%(What)s must be a real date") % {"What": self.what.capitalize()})
        if len(year) != 4:
            raise ValidationError(_("Year must include 4 numbers"))
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(
                _("%(What)s must be a real date") % {"What": self.what.capitalize()}
            ) from None


_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


def parse_time(text: str) -> time | None:
    """'14:30', '2:30pm', '9am', '09.00' as a time; None when it is not one."""
    match = _TIME.match(text)
    if match is None:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class TimeField(forms.CharField):
    def __init__(self, *, what: StrOrPromise, **kwargs: Any) -> None:
        self.what = what
        kwargs.setdefault("error_messages", {"required": _("Enter %(what)s") % {"what": what}})
        super().__init__(max_length=10, **kwargs)

    def clean(self, value: Any) -> time:
        text = super().clean(value)
        parsed = parse_time(text)
        if parsed is None:
            raise ValidationError(
                _("%(What)s must be a time, like 14:30 or 2:30pm") % {"What": self.what.capitalize()}
            )
        return parsed


def uk_instant(day: date, at: time) -> datetime:
    try:
        return local_to_utc(datetime.combine(day, at))
    except LocalTimeError as exc:
        raise ValidationError(str(exc)) from None


# Signing in ----------------------------------------------------------------------------------------------------


class SignInForm(GovukForm):
    username = forms.CharField(
        label=_("Username"), max_length=150, error_messages={"required": _("Enter your username")}
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        error_messages={"required": _("Enter your password")},
    )


class CodeForm(GovukForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        error_messages={
            "required": _("Enter the 6-digit code from your authenticator app, or a recovery code")
        },
    )


class EnrolmentCodeForm(GovukForm):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=20,
        error_messages={"required": _("Enter the 6-digit code your authenticator app shows")},
    )


class NewPasswordForm(GovukForm):
    """Choosing a password (at first sign-in, after an administrator set one, or at any time)."""

    current_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        required=False,
        widget=forms.PasswordInput(render_value=False),
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("At least 12 characters. A few unrelated words make a good password."),
        error_messages={"required": _("Enter a new password")},
    )
    new_password2 = forms.CharField(
        label=_("Confirm new password"),
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        error_messages={"required": _("Enter the new password again")},
    )

    def __init__(self, *args: Any, user: Any, needs_current: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.needs_current = needs_current
        if not needs_current:
            del self.fields["current_password"]

    def clean_current_password(self) -> str:
        typed = self.cleaned_data.get("current_password", "")
        if not typed:
            raise ValidationError(_("Enter your current password"))
        if not self.user.check_password(typed):
            raise ValidationError(_("Your current password is not right"))
        return str(typed)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("new_password1"), data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("The two new passwords are not the same"))
        elif first:
            try:
                password_validation.validate_password(first, self.user)
            except ValidationError as exc:
                self.add_error("new_password1", exc)
        return data


# Staff accounts --------------------------------------------------------------------------------------------------


def _consultation_choices() -> list[tuple[str, StrOrPromise]]:
    return [("", _("Every consultation"))] + [
        (str(c.pk), c.title + (" (demonstration)" if c.is_demonstration else ""))
        for c in Consultation.objects.order_by("title", "slug")
    ]


class RoleForm(GovukForm):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select a role")},
    )
    consultation = forms.ChoiceField(
        label=_("For which consultation"), required=False, choices=(), widget=forms.Select
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("consultation", _consultation_choices())

    def clean_role(self) -> Role:
        return Role(self.cleaned_data["role"])

    def clean_consultation(self) -> Consultation | None:
        value = self.cleaned_data.get("consultation") or ""
        if not value:
            return None
        found = Consultation.objects.filter(pk=int(value)).first() if value.isdigit() else None
        if found is None:
            raise ValidationError(_("Select a consultation from the list"))
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") in GLOBAL_ONLY_ROLES and data.get("consultation") is not None:
            self.add_error(
                "consultation",
                _("An administrator looks after every consultation: choose Every consultation"),
            )
        return data


class NewStaffForm(RoleForm):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and . - _ only, for example j.smith"),
        error_messages={"required": _("Enter a username")},
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        help_text=_("So the audit log and colleagues can tell who it is."),
        error_messages={"required": _("Enter the person's full name")},
    )

    field_order = ["username", "full_name", "role", "consultation"]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if not re.fullmatch(r"[A-Za-z0-9._-]+", username):
            raise ValidationError(
                _("The username can only have letters, digits, full stops, hyphens and underscores")
            )
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError(
                _("There is already an account with the username %(name)s") % {"name": username}
            )
        return username


class ConfirmForm(GovukForm):
    """A button that needs nothing typed (the CSRF token is the only field)."""


# Running a consultation ------------------------------------------------------------------------------------------


class ClosingDateForm(GovukForm):
    closes_on = DateField(
        what=_("the last day people can respond"),
        label=_("What is the last day people can respond?"),
        help_text=_("It closes at midnight at the end of this day, UK time. For example, 27 11 2026"),
    )


class EventForm(GovukForm):
    title = forms.CharField(
        label=_("Name of the event"),
        max_length=200,
        error_messages={"required": _("Enter the name of the event")},
    )
    day = DateField(what=_("the date of the event"), label=_("Date"), help_text=_("For example, 6 11 2026"))
    starts = TimeField(
        what=_("the start time"), label=_("Start time"), help_text=_("UK time, for example 10:00 or 6:30pm")
    )
    ends = TimeField(what=_("the end time"), label=_("End time"), help_text=_("For example, 12:00"))
    venue_name = forms.CharField(
        label=_("Venue"), max_length=200, error_messages={"required": _("Enter the name of the venue")}
    )
    address = forms.CharField(
        label=_("Address"),
        widget=forms.Textarea,
        max_length=1000,
        error_messages={"required": _("Enter the address of the venue")},
    )
    access_information = forms.CharField(
        label=_("Access information"),
        widget=forms.Textarea,
        max_length=2000,
        required=False,
        help_text=_("Step-free access, hearing loop, toilets, parking, a quiet space, and so on."),
    )
    is_published = forms.BooleanField(
        label=_("Show it on the public page"),
        required=False,
        help_text=_("Leave unticked to keep it as a draft."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, starts, ends = data.get("day"), data.get("starts"), data.get("ends")
        if isinstance(day, date) and isinstance(starts, time) and isinstance(ends, time):
            if ends <= starts:
                self.add_error("ends", _("The end time must be after the start time"))
                return data
            try:
                data["starts_at"] = uk_instant(day, starts)
                data["ends_at"] = uk_instant(day, ends)
            except ValidationError as exc:
                self.add_error("starts", exc)
        return data


class SectionForm(GovukForm):
    heading = forms.CharField(
        label=_("Heading"), max_length=200, error_messages={"required": _("Enter the heading")}
    )
    body_markdown = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea,
        required=False,
        max_length=20000,
        help_text=_(
            "Markdown: a blank line between paragraphs, ## for a subheading, - for a list, [words](https://address) for a link."
        ),
    )


class PrivacyNoticeForm(GovukForm):
    url = forms.URLField(
        label=_("Web address of the notice"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_(
            "Starting https://. Leave empty if the notice has no address yet: the page then offers the contact email."
        ),
        error_messages={"invalid": _("Enter a web address, like https://www.example.org/privacy")},
    )


class SupportServiceCheckForm(GovukForm):
    verified = forms.ChoiceField(
        label=_("Have the details been checked?"),
        choices=[
            ("yes", _("Yes, show it on the support page")),
            ("no", _("No, hide it until it is checked")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether the details have been checked")},
    )
    note = forms.CharField(
        label=_("How and when was it checked?"),
        max_length=200,
        required=False,
        help_text=_("For example: Phoned the helpline on 1 December 2026; number and hours right."),
    )

    def clean_verified(self) -> bool:
        return self.cleaned_data["verified"] == "yes"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("verified") is True and not (data.get("note") or "").strip():
            self.add_error("note", _("Say how and when the details were checked"))
        return data


# Responses -----------------------------------------------------------------------------------------------------


class ResponseFilterForm(GovukForm):
    submitted_from = DateField(
        what=_("the first day"), label=_("Sent from"), required=False, help_text=_("For example, 1 11 2026")
    )
    submitted_to = DateField(
        what=_("the last day"),
        label=_("Sent up to and including"),
        required=False,
        help_text=_("For example, 30 11 2026"),
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=())
    language = forms.ChoiceField(label=_("Language"), required=False, choices=())
    flagged = forms.ChoiceField(
        label=_("Possible repeats"),
        required=False,
        choices=[("", _("Any")), ("yes", _("Flagged only")), ("no", _("Not flagged"))],
    )
    excluded = forms.ChoiceField(
        label=_("Excluded from analysis"),
        required=False,
        choices=[("", _("Any")), ("yes", _("Excluded only")), ("no", _("In analysis"))],
    )

    def __init__(
        self, *args: Any, languages: list[str], channels: list[tuple[str, StrOrPromise]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._choices("channel", [("", _("Any")), *channels])
        self._choices("language", [("", _("Any")), *((code, code) for code in languages)])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("submitted_from"), data.get("submitted_to")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.add_error("submitted_to", _("The last day must be the same as or after the first day"))
        return data


# The audit log -----------------------------------------------------------------------------------------------------

#: The kinds of event an administrator filters by, as the action prefixes that make them up.
AUDIT_KINDS: list[tuple[str, StrOrPromise, tuple[str, ...]]] = [
    ("sign_ins", _("Sign-ins, failures and sign-outs"), ("sign_in.", "sign_out", "two_factor.")),
    ("staff", _("Staff accounts and roles"), ("staff.", "role.")),
    ("views", _("Views of single responses"), ("response.viewed",)),
    ("exports", _("Exports"), ("responses.exported", "export.")),
    ("exclusions", _("Exclusions from analysis"), ("response.excluded", "response.included")),
    ("paper", _("Paper responses entered"), ("response.entered",)),
    (
        "content",
        _("Content changes"),
        ("consultation.", "section.", "event.", "privacy_notice.", "questionnaire.", "support_service."),
    ),
    ("deletions", _("Deletions (retention)"), ("retention.",)),
]


class AuditFilterForm(GovukForm):
    kind = forms.ChoiceField(label=_("What happened"), required=False, choices=())
    actor = forms.CharField(label=_("Who (username)"), required=False, max_length=150)
    target = forms.CharField(
        label=_("What it was done to"),
        required=False,
        max_length=200,
        help_text=_("For example, response:412"),
    )
    since = DateField(
        what=_("the first day"), label=_("From"), required=False, help_text=_("For example, 1 11 2026")
    )
    until = DateField(
        what=_("the last day"),
        label=_("Up to and including"),
        required=False,
        help_text=_("For example, 30 11 2026"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("kind", [("", _("Anything")), *((key, label) for key, label, _prefixes in AUDIT_KINDS)])

    def clean_kind(self) -> tuple[str, ...]:
        key = self.cleaned_data.get("kind") or ""
        return next((prefixes for k, _label, prefixes in AUDIT_KINDS if k == key), ())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("since"), data.get("until")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.add_error("until", _("The last day must be the same as or after the first day"))
        return data


# Uploads -----------------------------------------------------------------------------------------------------------


class UploadForm(GovukForm):
    """One file, checked for its kind and size; what is inside is checked by the content checks."""

    file = forms.FileField(
        label=_("File"),
        error_messages={"required": _("Choose a file to upload"), "empty": _("The file is empty")},
    )
    suffixes: tuple[str, ...] = ()
    kind: StrOrPromise = ""

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file must be smaller than %(mb)s MB") % {"mb": MAX_UPLOAD_BYTES // 2**20}
            )
        if not upload.name.lower().endswith(self.suffixes):
            raise ValidationError(_("The file must be %(kind)s") % {"kind": self.kind})
        return upload


class ConsultationZipForm(UploadForm):
    suffixes = (".zip",)
    kind = _("a .zip file of the consultation's content folder")


class QuestionnaireFileForm(UploadForm):
    suffixes = (".yaml", ".yml", ".xlsx")
    kind = _("a questionnaire file (.yaml) or an XLSForm (.xlsx)")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload is not None and upload.name.lower().endswith(".xls"):
            raise ValidationError(
                _("The file is an old Excel file (.xls): open it in Excel and save it as .xlsx")
            )
        return super().clean_file()


class PaperChannelForm(GovukForm):
    channel = forms.ChoiceField(
        label=_("What kind of form is it?"),
        choices=[
            ("paper", _("The printed questionnaire")),
            ("easy_read", _("The easy read questionnaire")),
            ("event", _("A form filled in at an event")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what kind of form it is")},
    )


# Exclusion, exports, retention (services of the responses, exports and housekeeping apps) ----------------------------


class ExclusionForm(GovukForm):
    reason = forms.CharField(
        label=_("Why should this response be left out of analysis?"),
        widget=forms.Textarea,
        max_length=500,
        help_text=_(
            "For example: the same answers as response 412, sent two minutes later. The reason goes in the audit "
            "log; never copy answers into it."
        ),
        error_messages={
            "required": _("Enter why this response should be left out of analysis"),
            "max_length": _("The reason must be 500 characters or fewer"),
        },
    )


class ExportForm(GovukForm):
    export_format = forms.ChoiceField(
        label=_("Which format?"),
        choices=(),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select a format for the export")},
    )
    include_excluded = forms.BooleanField(
        label=_("Include responses excluded from analysis"),
        required=False,
        help_text=_("They are left out unless you tick this; a column then says which they are."),
    )

    def __init__(self, *args: Any, formats: list[tuple[str, StrOrPromise]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("export_format", formats)


class RetentionForm(GovukForm):
    keep_until = DateField(
        what=_("the last day responses are kept"),
        label=_("What is the last day responses are kept?"),
        help_text=_(
            "After this day (UK time) the responses, saved answers and exports are deleted. For example, 31 3 2027"
        ),
    )
