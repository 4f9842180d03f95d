"""Run Locust headless against a running server and read back its figures."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.server import BENCH_VAR, ROOT

LOCUSTFILE = ROOT / "bench" / "locustfile.py"


@dataclass(frozen=True)
class LoadResult:
    scenario: str
    database: str
    users: int
    seconds: float
    requests: int
    failures: int
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    completed_submissions: int = 0

    @property
    def submissions_per_second(self) -> float:
        return self.completed_submissions / self.seconds if self.seconds else 0.0


def run_locust(
    *,
    scenario: str,
    database: str,
    host: str,
    users: int = 50,
    seconds: int = 20,
    extra_env: dict[str, str] | None = None,
) -> LoadResult:
    prefix = BENCH_VAR / f"locust-{database}-{scenario}"
    env = {**os.environ, "BENCH_SCENARIO": scenario, **(extra_env or {})}
    counter_file = Path(f"{prefix}-submissions.txt")
    counter_file.unlink(missing_ok=True)
    env["BENCH_SUBMISSION_COUNTER"] = str(counter_file)
    subprocess.run(
        [
            str(Path(sys.executable).parent / "locust"),
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--host",
            host,
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "5",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        check=False,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv", newline="") as f:
        rows = {row["Name"]: row for row in csv.DictReader(f)}
    total = rows["Aggregated"]
    completed = 0
    if counter_file.exists():
        completed = sum(int(line) for line in counter_file.read_text().split() if line.strip())
    return LoadResult(
        scenario=scenario,
        database=database,
        users=users,
        seconds=float(seconds),
        requests=int(total["Request Count"]),
        failures=int(total["Failure Count"]),
        requests_per_second=float(total["Requests/s"]),
        p50_ms=float(total["50%"]),
        p95_ms=float(total["95%"]),
        p99_ms=float(total["99%"]),
        completed_submissions=completed,
    )
