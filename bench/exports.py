"""Benchmark: exporting 100,000 responses in every format, each in a fresh process, as the task worker runs it.

Target (issue 15): an export of 100,000 responses streams or runs in the background with progress, and stays
under 1 GB of memory. Each database gets a fresh copy of the demonstration consultation with N synthetic responses
(``manage.py generate_responses``: the routing-faithful generator, stored as sending stores them); storing them is
set-up, timed separately. Prints a Markdown section for docs/benchmarks.md.

    python -m bench.exports [--responses N] [--databases sqlite postgresql]

Environment: BENCH_EXPORT_DB_NAME (default "bench_exports": var/bench/bench_exports.sqlite3 or the PostgreSQL
database safevoice_bench_exports).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

from bench.server import BENCH_VAR, ROOT, _psql, have_postgres, server_environment, sqlite_path

FORMATS = ("csv", "xlsx", "sav", "json", "parquet")
SLUG = "serious-violence-duty-2023-demo"
PROFILE = ROOT / "content/consultations/serious-violence-duty-2023/synthetic-profile.yaml"
MEMORY_TARGET_MB = 1024


def prepare(database: str, name: str, responses: int) -> tuple[dict[str, str], float]:
    env = server_environment(database, name)
    if database == "sqlite":
        BENCH_VAR.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            sqlite_path(name).with_name(sqlite_path(name).name + suffix).unlink(missing_ok=True)
    else:
        _psql(f"DROP DATABASE IF EXISTS safevoice_{name} WITH (FORCE)")
        _psql(f"CREATE DATABASE safevoice_{name}")
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], check=True, env=env, cwd=ROOT)
    subprocess.run(
        [*manage, "load_demo", "--no-staff-user", "--responses", "0"],
        check=True,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    start = time.perf_counter()
    subprocess.run(
        [
            *manage,
            "generate_responses",
            SLUG,
            "--count",
            str(responses),
            "--seed",
            "15",
            "--profile",
            str(PROFILE),
        ],
        check=True,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    return env, time.perf_counter() - start


def export(env: dict[str, str], export_format: str, out_dir: str) -> dict[str, float]:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.export_one",
            SLUG,
            export_format,
            f"{out_dir}/responses.{export_format}",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{export_format} export failed:\n{completed.stderr[-2000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    name = os.environ.get("BENCH_EXPORT_DB_NAME", "bench_exports")
    databases = [d for d in args.databases if d != "postgresql" or have_postgres()]
    lines = [
        f"`python -m bench.exports` (run by `make bench`): {args.responses:,} synthetic responses to the Serious "
        "Violence Duty survey in a fresh database, then each format exported by `export_responses` (what "
        "`manage.py export_responses` and the task worker run) in a fresh process, a chunk of 5,000 at a time. "
        "Peak RSS is the whole process's high-water mark, Django and the libraries included (*at start* is the "
        "same process before the export began).",
        "",
    ]
    for database in databases:
        print(f"exports on {database}…", file=sys.stderr)
        env, stored_seconds = prepare(database, name, args.responses)
        out_dir = BENCH_VAR / f"exports-{database}"
        shutil.rmtree(out_dir, ignore_errors=True)
        out_dir.mkdir(parents=True)
        results = [export(env, f, str(out_dir)) for f in FORMATS]
        shutil.rmtree(out_dir, ignore_errors=True)
        lines += [
            f"### {database}",
            "",
            f"Storing {args.responses:,} synthetic responses (set-up, one bulk insert): {stored_seconds:.0f} s.",
            "",
            "| format | responses | file (MB) | seconds | CPU seconds | peak RSS (MB) | at start (MB) | target |",
            "|---|---:|---:|---:|---:|---:|---:|---|",
            *(
                f"| {r['format']} | {int(r['count']):,} | {r['bytes'] / 1e6:.1f} | {r['seconds']:.1f} | "
                f"{r['cpu_seconds']:.1f} | {r['peak_rss_mb']:,.0f} | {r['baseline_mb']:,.0f} | "
                f"< {MEMORY_TARGET_MB:,} MB: {'met' if r['peak_rss_mb'] < MEMORY_TARGET_MB else '**missed**'} |"
                for r in results
            ),
            "",
        ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
