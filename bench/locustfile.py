"""Locust scenarios for `make bench` (chosen by the BENCH_SCENARIO environment variable).

- floor: a bare Django view (/healthz), the framework's floor on this server.
- consultation: the public consultation page.
- journey: residents walking the whole demo questionnaire through the real forms (CSRF included) and sending
  it; every GET of a question page counts as a page view, every confirmation page reached as a completed submission.
- send: the rush at the end: residents whose answers are saved at "Check your answers" (bench/ready_to_send.py,
  codes in BENCH_CODES_FILE) enter their code, check and send: five requests per stored response.

Each simulated resident starts at most BENCH_RATE tasks a second (default 10: 50 residents → 500 a second), so the
figures show whether the server keeps up with that offered load and at what latency. A task of *journey* is a whole
walk (about sixty requests) and one of *send* five requests, so those two scenarios are run unpaced (BENCH_RATE=0):
each resident sends its next request as soon as the last is answered.
"""

from __future__ import annotations

import os
import random
import re
from urllib.parse import urlencode

from locust import FastHttpUser, constant, constant_throughput, events, task

from bench.journey import answers_for, parse_form

SCENARIO = os.environ.get("BENCH_SCENARIO", "floor")
SLUG = os.environ.get("BENCH_CONSULTATION", "serious-violence-duty-2023-demo")
RATE = float(os.environ.get("BENCH_RATE", "10"))
COUNTER_FILE = os.environ.get("BENCH_SUBMISSION_COUNTER", "")
QUESTIONNAIRE = f"/consultations/{SLUG}/questionnaire/"
PAGE_NAME = re.compile(r"/questionnaire/([a-z][a-z0-9_]*)/$")
TOKEN = re.compile(r'name="token" value="([0-9a-f]{32})"')
CODES_FILE = os.environ.get("BENCH_CODES_FILE", "")
# Locust runs every simulated user in one process (gevent), so one iterator hands each code out once.
_codes = iter(open(CODES_FILE).read().split() if CODES_FILE else [])  # noqa: SIM115 - read once at start

completed = 0


@events.quitting.add_listener
def _write_counter(environment, **kwargs) -> None:
    if COUNTER_FILE:
        with open(COUNTER_FILE, "a") as f:
            f.write(f"{completed}\n")


class Resident(FastHttpUser):
    # Paced: each simulated resident starts a task RATE times a second at most; BENCH_RATE=0: no wait at all.
    wait_time = constant_throughput(RATE) if RATE > 0 else constant(0)

    def on_start(self) -> None:
        self.rng = random.Random()

    @task
    def visit(self) -> None:
        if SCENARIO == "floor":
            self.client.get("/healthz", name="floor /healthz")
        elif SCENARIO == "consultation":
            self.client.get(f"/consultations/{SLUG}/", name="consultation page")
        elif SCENARIO == "journey":
            self.walk_and_send()
        elif SCENARIO == "send":
            self.resume_check_and_send()
        else:
            raise RuntimeError(f"unknown BENCH_SCENARIO {SCENARIO!r}")

    def _post(self, path: str, fields: list[tuple[str, str]], name: str):  # type: ignore[no-untyped-def]
        return self.client.post(
            path,
            data=urlencode(fields),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            name=name,
            allow_redirects=False,
        )

    def _get(self, path: str, name: str) -> tuple[int, str]:
        response = self.client.get(path, name=name, allow_redirects=False)
        return response.status_code, response.text or ""

    def walk_and_send(self) -> None:
        global completed
        self.client.cookiejar.clear() if hasattr(self.client, "cookiejar") else None
        _, html = self._get(QUESTIONNAIRE, "start page")
        form = parse_form(html)
        response = self._post(QUESTIONNAIRE, answers_for(form, self.rng, skip_all=True), "start (POST)")
        location = response.headers.get("Location", "")
        for _ in range(80):
            if not location:
                raise RuntimeError("the journey stopped: a page neither moved on nor showed an error")
            if location.endswith("/sent/"):
                self._get(location, "confirmation page")
                completed += 1
                return
            if location.endswith("/check-your-answers/"):
                _, html = self._get(location, "check your answers")
                sent = self._post(
                    location, answers_for(parse_form(html), self.rng, skip_all=True), "send answers (POST)"
                )
                location = sent.headers.get("Location", "")
                continue
            _status, html = self._get(location, "question page")
            form = parse_form(html)
            posted = self._post(location, answers_for(form, self.rng), "question page (POST)")
            if posted.status_code == 200:
                # The page refused the answers (a specific error, e.g. a required choice left out): answer
                # every choice on it, as a person would after reading the message.
                posted = self._post(
                    location,
                    answers_for(parse_form(posted.text or ""), self.rng, choose_every_group=True),
                    "question page (POST, corrected)",
                )
            location = posted.headers.get("Location", "")

    def resume_check_and_send(self) -> None:
        global completed
        code = next(_codes, None)
        if code is None:
            raise RuntimeError("bench/ready_to_send.py made too few codes for this run")
        self.client.cookiejar.clear() if hasattr(self.client, "cookiejar") else None
        resume = f"{QUESTIONNAIRE}resume/"
        _, html = self._get(resume, "resume page")
        fields = [*parse_form(html).hidden.items(), ("code", code)]
        location = self._post(resume, fields, "resume code (POST)").headers.get("Location", "")
        if not location.endswith("/check-your-answers/"):
            raise RuntimeError(f"the code led to {location!r}, not to check your answers")
        _, html = self._get(location, "check your answers")
        token = TOKEN.search(html)
        if token is None:
            raise RuntimeError("check your answers has no submit token")
        sent = self._post(location, [*parse_form(html).hidden.items()], "send answers (POST)").headers.get(
            "Location", ""
        )
        if sent.endswith("/sent/"):
            self._get(sent, "confirmation page")
            completed += 1
