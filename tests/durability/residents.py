"""Residents who keep going through a crash: each walks the demo questionnaire through the real forms (CSRF
included, read from the HTML by bench/journey.py), types a unique marker into every free-text box, and sends.

When the server is unreachable or answers with the 503 "please try again" page, a resident does what the page asks:
waits a moment and sends the same request again. Nothing else is retried, so any other failure shows up.
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import requests

from bench.journey import answers_for, parse_form

SLUG = "serious-violence-duty-2023-demo"
QUESTIONNAIRE = f"/consultations/{SLUG}/questionnaire/"
TRY_AGAIN_PAGE = "Sorry, please try again"
TOKEN = re.compile(r'name="token" value="([0-9a-f]{32})"')


def _main_text(html: str) -> str:
    """The words of a page's <main>, to say in a failure what the resident was shown."""
    main = re.search(r"<main.*?</main>", html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main.group(0) if main else html)).strip()[:400]


class ResidentGaveUp(Exception):
    """A resident met something other than the outage they were told to wait out."""


@dataclass
class Resident:
    base_url: str
    marker: str
    rng: random.Random
    #: How long a resident keeps trying one request while the server or database is down.
    patience_seconds: float = 45.0
    session: requests.Session = field(default_factory=requests.Session)
    token: str = ""
    confirmed: bool = False
    unreachable: int = 0
    try_again_pages: int = 0
    try_again_while_sending: int = 0
    typed_marker: bool = False
    problems: list[str] = field(default_factory=list)

    def _request(
        self, method: str, path: str, fields: list[tuple[str, str]] | None = None
    ) -> requests.Response:
        deadline = time.monotonic() + self.patience_seconds
        while time.monotonic() < deadline:
            try:
                response = self.session.request(
                    method, self.base_url + path, data=fields, allow_redirects=False, timeout=15
                )
            except requests.RequestException:
                # Refused, reset, timed out, or a reply cut off mid-body (ChunkedEncodingError) by the kill.
                self.unreachable += 1
                time.sleep(0.2)
                continue
            if response.status_code == 503:
                if TRY_AGAIN_PAGE not in response.text or "Traceback" in response.text:
                    raise ResidentGaveUp(f"a 503 without the 'please try again' page at {path}")
                self.try_again_pages += 1
                if path.endswith("/check-your-answers/") and method == "POST":
                    self.try_again_while_sending += 1
                time.sleep(0.3)
                continue
            if response.status_code >= 500:
                raise ResidentGaveUp(f"{response.status_code} at {method} {path}: {response.text[:300]}")
            return response
        raise ResidentGaveUp(
            f"the server did not come back within {self.patience_seconds} s ({method} {path})"
        )

    def _fields_for(
        self, html: str, *, skip: bool = False, every_group: bool = False
    ) -> list[tuple[str, str]]:
        form = parse_form(html)
        fields = answers_for(form, self.rng, skip_all=skip, choose_every_group=every_group)
        if not skip:
            # Every free-text box carries this resident's marker, so their response can be recognised.
            fields = [(name, value) for name, value in fields if name not in form.textareas]
            fields += [(name, f"{self.marker} more lighting and youth clubs") for name in form.textareas]
            self.typed_marker = self.typed_marker or bool(form.textareas)
        return fields

    def send_one_response(self) -> None:
        start = self._request("GET", QUESTIONNAIRE)
        location = self._request("POST", QUESTIONNAIRE, self._fields_for(start.text, skip=True)).headers[
            "Location"
        ]
        for _ in range(120):
            if location.endswith("/sent/"):
                page = self._request("GET", location)
                if page.status_code != 200 or "govuk-panel--confirmation" not in page.text:
                    raise ResidentGaveUp(f"no confirmation page: {page.status_code}")
                self.confirmed = True
                return
            page = self._request("GET", location)
            if page.status_code == 302:
                location = page.headers["Location"]
                continue
            if location.endswith("/check-your-answers/"):
                found = TOKEN.search(page.text)
                if found is None:
                    raise ResidentGaveUp("no submit token on check your answers")
                self.token = found.group(1)
                sent = self._request("POST", location, self._fields_for(page.text, skip=True))
            else:
                sent = self._request("POST", location, self._fields_for(page.text))
                if sent.status_code == 200:
                    # The page asked for an answer this resident left out: answer every choice, as a person would.
                    sent = self._request("POST", location, self._fields_for(sent.text, every_group=True))
            if sent.status_code != 302:
                raise ResidentGaveUp(f"{sent.status_code} after POST {location}: {_main_text(sent.text)}")
            location = sent.headers["Location"]
        raise ResidentGaveUp("the walk never ended")


@dataclass
class Crowd:
    """Residents sending responses from several threads until told to stop; each finishes the one in hand."""

    base_url: str
    threads: int
    #: Sent with every request (e.g. a distinctive User-Agent, to prove it is never logged).
    headers: dict[str, str] = field(default_factory=dict)
    residents: list[Resident] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _workers: list[threading.Thread] = field(default_factory=list)

    def _run(self, number: int) -> None:
        rng = random.Random(number)
        sequence = 0
        while not self._stop.is_set():
            sequence += 1
            resident = Resident(
                self.base_url, marker=f"MARKER-{number}-{sequence}-{rng.getrandbits(32):08x}", rng=rng
            )
            resident.session.headers.update(self.headers)
            with self._lock:
                self.residents.append(resident)
            try:
                resident.send_one_response()
            except Exception as gave_up:  # any failure is reported by the test, not lost in a thread
                with self._lock:
                    self.errors.append(f"{resident.marker}: {type(gave_up).__name__}: {gave_up}")
                return

    def start(self) -> None:
        for number in range(self.threads):
            worker = threading.Thread(target=self._run, args=(number,), daemon=True)
            worker.start()
            self._workers.append(worker)

    def confirmed(self) -> list[Resident]:
        with self._lock:
            return [r for r in self.residents if r.confirmed]

    def wait_for(self, condition: Callable[[], bool], timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError("the residents did not get that far in time")
            if self.errors:
                raise AssertionError(f"a resident gave up: {self.errors[0]}")
            time.sleep(0.1)

    def finish(self, timeout: float = 90) -> None:
        self._stop.set()
        for worker in self._workers:
            worker.join(timeout)
        assert not any(worker.is_alive() for worker in self._workers), "a resident never finished"
