"""A resident's walk through a questionnaire, driven only by the HTML the server sends (no knowledge of ids).

Used by the Locust scenarios and by the durability tests: it reads each page's form, picks answers the way a
person might (never the "other" options, whose specify box some questions require, and sometimes nothing at
all), and posts it with the page's own CSRF token.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser

COMMENTS = [
    "More youth clubs and things for teenagers to do in the evenings would help.",
    "Drug dealing near the shops makes people scared to go out after dark.",
    "Better street lighting in the park and more police on foot.",
    "Knife crime worries me because young people carry them for protection.",
    "Pubs and clubs in the town centre need more staff trained to stop fights.",
]


@dataclass
class PageForm:
    """What a question page's <form method="post"> holds."""

    hidden: dict[str, str] = field(default_factory=dict)
    radios: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    checkboxes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    textareas: list[str] = field(default_factory=list)
    reveals: set[str] = field(default_factory=set)
    found: bool = False


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.form = PageForm()
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._in_form = True
            self.form.found = True
        if not self._in_form:
            return
        if tag == "input":
            kind, name, value = a.get("type", "text"), a.get("name", ""), a.get("value", "")
            if not name:
                return
            if kind == "hidden":
                self.form.hidden[name] = value
            elif kind == "radio":
                if "data-aria-controls" in a:
                    self.form.reveals.add(value)
                else:
                    self.form.radios[name].append(value)
            elif kind == "checkbox" and "data-aria-controls" not in a:
                self.form.checkboxes[name].append(value)
        elif tag == "textarea" and a.get("name"):
            self.form.textareas.append(a["name"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False


def parse_form(html: str) -> PageForm:
    parser = _FormParser()
    parser.feed(html)
    return parser.form


def answers_for(
    form: PageForm, rng: random.Random, *, skip_all: bool = False, choose_every_group: bool = False
) -> list[tuple[str, str]]:
    """Form fields for one page: the CSRF token always, answers unless ``skip_all``.

    A person skips some optional questions; when a page says an answer is needed, ``choose_every_group`` answers
    every choice on it.
    """
    fields = list(form.hidden.items())
    if skip_all:
        return fields
    for name, values in form.radios.items():
        if values and (choose_every_group or rng.random() < 0.85):
            fields.append((name, rng.choice(values)))
    for name, values in form.checkboxes.items():
        if values and (choose_every_group or rng.random() < 0.7):
            # The first options are the ordinary ones; exclusive ones ("none", "prefer not to say") come last.
            fields.append((name, values[0]))
    for name in form.textareas:
        if rng.random() < 0.6:
            fields.append((name, rng.choice(COMMENTS)))
    return fields
