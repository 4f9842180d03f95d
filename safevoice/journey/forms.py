from __future__ import annotations

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from safevoice.responses import resume_codes


class ResumeCodeForm(forms.Form):
    code = forms.CharField(
        max_length=40,
        error_messages={
            "required": _("Enter your resume code"),
            "max_length": _("Enter the code exactly as it was shown, like 7KQ2-M9XD-4T6H"),
        },
    )

    def clean_code(self) -> str:
        """The code in its canonical written form, e.g. '7kq2 m9xd 4t6h' -> '7KQ2-M9XD-4T6H'."""
        canonical = resume_codes.normalise(self.cleaned_data["code"])
        if canonical is None:
            raise forms.ValidationError(
                _("Enter the code exactly as it was shown: 12 letters and numbers, like 7KQ2-M9XD-4T6H")
            )
        return "-".join(
            canonical[i : i + resume_codes.GROUP] for i in range(0, len(canonical), resume_codes.GROUP)
        )


class EmailLinkForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": _("Enter an email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _("Email address must be 254 characters or fewer"),
        },
    )
    # The code shown on the page, posted back with the address: the server keeps only its hash, so this is how
    # the email can carry it. It is checked against the hash before anything is sent.
    code = forms.CharField(max_length=40, widget=forms.HiddenInput)

    def clean_email(self) -> str:
        address = str(self.cleaned_data["email"]).strip()
        # Invisible characters (a right-to-left override, a zero-width space) make an address that is not what it
        # looks like, and a domain that cannot be written in the DNS's own form cannot receive mail.
        domain = address.rpartition("@")[2]
        try:
            has_invisible = any(unicodedata.category(c) in {"Cf", "Cc"} for c in address)
            if has_invisible:
                raise UnicodeError
            domain.encode("idna")
        except UnicodeError:
            raise forms.ValidationError(
                _("Enter an email address in the correct format, like name@example.com"), code="invalid"
            ) from None
        return address
