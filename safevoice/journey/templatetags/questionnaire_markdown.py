from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from safevoice.consultations.markdown import render_page_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """Questionnaire Markdown (start, information and confirmation pages) as sanitised GOV.UK-styled HTML.

    It sits straight under the page's <h1>, so "## Leaving quickly" is an <h2>, not an <h3> that skips a level.
    """
    return render_page_markdown(text or "")
