"""`make bench`: load tests of the resident's journey on SQLite and PostgreSQL, then the analysis benchmarks.

Writes docs/benchmarks.md with the machine, the commands and the figures. Every load figure is also shown as a
ratio to a bare Django view on the same server (the framework's floor).

Options (environment): BENCH_SECONDS (default 20 per scenario), BENCH_USERS (50), BENCH_DATABASES
("sqlite postgresql"), BENCH_SKIP_ANALYSIS=1.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
import sys
from pathlib import Path

import django

from bench.load import LoadResult, run_locust
from bench.server import BENCH_VAR, ROOT, have_postgres, running_server, server_environment

DOC = ROOT / "docs" / "benchmarks.md"
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
USERS = int(os.environ.get("BENCH_USERS", "50"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))


def machine() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    postgres = subprocess.run(
        ["psql", "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return (
        f"- {os.cpu_count()} CPU cores ({cpu}), {memory} memory, {platform.platform()}\n"
        f"- Python {platform.python_version()}, Django {django.get_version()}, {postgres or 'PostgreSQL client not found'}\n"
        f"- gunicorn with {WORKERS} sync workers (safevoice/config/gunicorn.py, as `make run`), Locust on the same "
        "machine, so load generator and server share the 2 cores"
    )


def load_table(results: list[LoadResult], floor: LoadResult) -> str:
    rows = [
        "| scenario | requests/s | ratio to floor | p50 ms | p95 ms | p99 ms | errors | completed submissions/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ratio = r.requests_per_second / floor.requests_per_second if floor.requests_per_second else 0
        subs = f"{r.submissions_per_second:.1f}" if r.scenario in {"journey", "send"} else "–"
        rows.append(
            f"| {r.scenario} | {r.requests_per_second:.0f} | {ratio:.2f} | {r.p50_ms:.0f} | {r.p95_ms:.0f} | "
            f"{r.p99_ms:.0f} | {r.failures} | {subs} |"
        )
    return "\n".join(rows)


def prepare_codes(database: str) -> Path:
    """Answer sets saved at "Check your answers" for the send scenario: more than the fastest server could use."""
    codes = BENCH_VAR / f"codes-{database}.txt"
    count = max(2000, SECONDS * 400)
    subprocess.run(
        [sys.executable, "-m", "bench.ready_to_send", str(count), str(codes)],
        check=True,
        cwd=ROOT,
        env=server_environment(database),
    )
    return codes


def run_load(database: str) -> str:
    results: list[LoadResult] = []
    with running_server(database=database, workers=WORKERS) as server:
        codes = prepare_codes(database)
        # Unpaced: as fast as the server answers (the ceiling); paced: 50 residents at 10 requests a second each.
        ceiling = run_locust(
            scenario="floor",
            database=database,
            host=server.url,
            users=USERS,
            seconds=SECONDS,
            extra_env={"BENCH_RATE": "0"},
        )
        for scenario in ("floor", "consultation", "journey"):
            results.append(
                run_locust(
                    scenario=scenario, database=database, host=server.url, users=USERS, seconds=SECONDS
                )
            )
        # Sending is measured unpaced: as many as the server can store, each through the real forms.
        send = run_locust(
            scenario="send",
            database=database,
            host=server.url,
            users=USERS,
            seconds=SECONDS,
            extra_env={"BENCH_RATE": "0", "BENCH_CODES_FILE": str(codes)},
        )
    floor = results[0]
    lines = [
        f"### {database}",
        "",
        f"Floor ceiling (bare view, no pacing): {ceiling.requests_per_second:.0f} requests/s, "
        f"p95 {ceiling.p95_ms:.0f} ms. Paced scenarios offer {USERS} residents × 10 requests/s = {USERS * 10} requests/s.",
        "",
        load_table(results, floor),
        "",
        f"Sending, unpaced (*send*: enter a resume code, check your answers, send, see the confirmation; five "
        f"requests per response): **{send.submissions_per_second:.0f} responses stored per second**, "
        f"{send.requests_per_second:.0f} requests/s ({send.requests_per_second / ceiling.requests_per_second:.2f} "
        f"of the unpaced floor), p50 {send.p50_ms:.0f} ms, p95 {send.p95_ms:.0f} ms, p99 {send.p99_ms:.0f} ms, "
        f"{send.failures} errors.",
        "",
    ]
    return "\n".join(lines)


def run_module(module: str) -> str:
    completed = subprocess.run(
        [sys.executable, "-m", module], cwd=ROOT, capture_output=True, text=True, check=False, timeout=1800
    )
    if completed.returncode != 0:
        return f"`python -m {module}` failed:\n\n```\n{completed.stderr[-2000:]}\n```\n"
    return completed.stdout


def main() -> None:
    databases = os.environ.get("BENCH_DATABASES", "sqlite postgresql").split()
    if "postgresql" in databases and not have_postgres():
        print("PostgreSQL is not running on 127.0.0.1:5432: skipping it", file=sys.stderr)
        databases.remove("postgresql")
    parts = [
        "# Benchmarks",
        "",
        f"Written by `make bench` on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC. Re-run it to refresh this page.",
        "",
        "## Machine",
        "",
        machine(),
        "",
        "## The resident's journey under load",
        "",
        f"`make bench` (BENCH_SECONDS={SECONDS}, BENCH_USERS={USERS}): Locust headless against gunicorn on 127.0.0.1, "
        "a fresh database per run with the demo consultation loaded. *journey* residents walk the whole demo "
        "questionnaire through the real forms (CSRF included), answering the way `bench/journey.py` picks, and send "
        "it; its requests/s counts every GET and POST of the walk.",
        "",
    ]
    for database in databases:
        print(f"load test on {database}…", file=sys.stderr)
        parts.append(run_load(database))
    if not os.environ.get("BENCH_SKIP_ANALYSIS"):
        parts += ["## Analysis", ""]
        for module in ("bench.analysis_tables", "bench.analysis_text"):
            if (ROOT / (module.replace(".", "/") + ".py")).exists():
                print(f"{module}…", file=sys.stderr)
                parts.append(run_module(module))
    DOC.write_text("\n".join(parts) + "\n", encoding="utf-8")
    print(f"wrote {DOC}", file=sys.stderr)


if __name__ == "__main__":
    main()
