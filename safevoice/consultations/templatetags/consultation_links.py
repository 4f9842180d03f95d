from __future__ import annotations

import re

from django import template

register = template.Library()


@register.filter
def tel_number(phone: str) -> str:
    """``0808 2000 247`` as a tel: target: digits and a leading + only, so every phone dials it."""
    return re.sub(r"[^\d+]", "", phone)


@register.filter
def website_label(url: str) -> str:
    """``https://www.voicenorthants.org/`` read aloud and shown as ``voicenorthants.org``."""
    label = re.sub(r"^https?://(www\.)?", "", url)
    return label.rstrip("/")
