from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from safevoice.consultations.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """Questionnaire Markdown (start, information and confirmation pages) as sanitised GOV.UK-styled HTML."""
    return render_markdown(text or "")
