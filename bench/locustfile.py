"""Locust scenarios for `make bench` (chosen by the BENCH_SCENARIO environment variable).

- floor: a bare Django view (/healthz), the framework's floor on this server.
- pages: the consultation page and every question page of the demo questionnaire, walked as a resident would.
- submissions: full submissions through the real forms, CSRF included.
"""

from __future__ import annotations

import os

from locust import FastHttpUser, constant, task

SCENARIO = os.environ.get("BENCH_SCENARIO", "floor")
DEMO_SLUG = os.environ.get("BENCH_CONSULTATION", "serious-violence-duty-2023-demo")


class Resident(FastHttpUser):
    wait_time = constant(0)

    @task
    def visit(self) -> None:
        if SCENARIO == "floor":
            self.client.get("/healthz", name="floor /healthz")
        elif SCENARIO == "consultation":
            self.client.get(f"/consultations/{DEMO_SLUG}/", name="consultation page")
        else:
            raise RuntimeError(f"unknown BENCH_SCENARIO {SCENARIO!r}")
