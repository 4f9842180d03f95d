"""Markdown from content files to safe HTML in GOV.UK Frontend style.

markdown-it-py renders CommonMark (raw HTML in the source is escaped, not passed through); nh3 then keeps only
the tags, attributes, classes and link schemes listed here, so a content file can never inject script or style.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.token import Token

GOVUK_CLASSES = {
    "h2": "govuk-heading-m",
    "h3": "govuk-heading-s",
    "h4": "govuk-heading-s",
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    # Long addresses (an email address is wider than a 320px phone) wrap instead of pushing the page sideways.
    "a": "govuk-link govuk-!-text-break-word",
    "blockquote": "govuk-inset-text",
    "hr": "govuk-section-break govuk-section-break--m govuk-section-break--visible",
}
# Section headings on the page are <h2>, so headings inside a section's Markdown start one level lower.
HEADING_TAG_FOR_LEVEL = {"h1": "h3", "h2": "h3", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
# A questionnaire's start, information and confirmation text follows the page's own <h1> (or an <h2>), so its
# headings start at <h2>: "## Leaving quickly" must not skip a level.
PAGE_HEADING_TAG_FOR_LEVEL = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "a",
    "strong",
    "em",
    "br",
    "blockquote",
    "hr",
    "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "abbr": {"title"}}
ALLOWED_CLASSES = {tag: set(classes.split()) for tag, classes in GOVUK_CLASSES.items()}


def _add_govuk_classes(md: MarkdownIt, heading_tags: dict[str, str]) -> None:
    def core_rule(state: Any) -> None:
        tokens: Sequence[Token] = state.tokens
        for token in tokens:
            if token.type in {"heading_open", "heading_close"}:
                token.tag = heading_tags[token.tag]
            if token.nesting == 1 or token.type == "hr":
                css = GOVUK_CLASSES.get(token.tag)
                if css:
                    token.attrSet("class", css)
            for child in token.children or []:
                if child.type == "link_open":
                    child.attrSet("class", GOVUK_CLASSES["a"])

    md.core.ruler.push("govuk_classes", core_rule)


def _renderer(heading_tags: dict[str, str]) -> MarkdownIt:
    md = (
        MarkdownIt("commonmark", {"html": False, "typographer": True})
        .enable("replacements")
        .enable("smartquotes")
    )
    _add_govuk_classes(md, heading_tags)
    return md


_markdown = _renderer(HEADING_TAG_FOR_LEVEL)
_page_markdown = _renderer(PAGE_HEADING_TAG_FOR_LEVEL)


# Section texts and question hints change only when content is loaded, yet pages render them on every request:
# keep the HTML per text (an immutable string, so safe to share between requests and threads).
@functools.lru_cache(maxsize=1024)
def render_markdown(text: str) -> SafeString:
    """Markdown inside a section under an <h2>: its headings are <h3> and <h4>."""
    return _sanitised(_markdown.render(text))


@functools.lru_cache(maxsize=256)
def render_page_markdown(text: str) -> SafeString:
    """Markdown straight under a page's <h1>: its headings are <h2> (govuk-heading-m), <h3> and <h4>."""
    return _sanitised(_page_markdown.render(text))


def _sanitised(html: str) -> SafeString:
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
