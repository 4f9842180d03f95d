"""The production server set-up (gunicorn, the same config as `make run`) on 127.0.0.1, for load tests.

Each run gets a fresh database: a SQLite file under var/bench/ or a PostgreSQL database named safevoice_<name>
(``name`` is "bench" for `make bench`; the durability and security tests use their own, so they never collide).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"
PYTHON = sys.executable
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"


@dataclass(frozen=True)
class Server:
    url: str
    database: str
    process: subprocess.Popen[bytes]
    log_path: Path


def database_url(database: str, name: str = "bench") -> str:
    if database == "sqlite":
        return f"sqlite:///{sqlite_path(name)}"
    if database == "postgresql":
        return f"{POSTGRES_SERVER}/safevoice_{name}"
    raise ValueError(f"unknown database {database!r}: use sqlite or postgresql")


def sqlite_path(name: str = "bench") -> Path:
    return BENCH_VAR / f"{name}.sqlite3"


def _psql(command: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", command], check=True)


def _reset_database(database: str, env: dict[str, str], name: str) -> None:
    if database == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_path(name)}{suffix}").unlink(missing_ok=True)
    else:
        _psql(f"DROP DATABASE IF EXISTS safevoice_{name} WITH (FORCE)")
        _psql(f"CREATE DATABASE safevoice_{name}")
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], check=True, env=env, cwd=ROOT)
    # No synthetic responses: the tests count exactly what their residents store, and the load tests store their own.
    subprocess.run(
        [*manage, "load_demo", "--responses", "0"], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL
    )
    subprocess.run([*manage, "collectstatic", "--no-input", "-v0"], check=True, env=env, cwd=ROOT)


def server_environment(database: str, name: str = "bench", **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url(database, name),
            "SAFEVOICE_ENV": "local",
            "DJANGO_DEBUG": "false",
            "SAFEVOICE_DEMONSTRATION": "true",
            # Load tests complete the survey in milliseconds and from one address: switch the human-speed checks
            # off here only, never in a deployment.
            "SAFEVOICE_MIN_COMPLETION_SECONDS": "0",
            "SAFEVOICE_RATE_LIMITS_ENABLED": "false",
        }
    )
    env.update(extra)
    return env


@contextmanager
def running_server(
    *,
    database: str,
    port: int = 8765,
    workers: int = 4,
    fresh: bool = True,
    name: str = "bench",
    **extra_env: str,
) -> Iterator[Server]:
    """gunicorn serving a fresh (or, with ``fresh=False``, the existing) database; stopped on leaving."""
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    env = server_environment(
        database, name, SAFEVOICE_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=str(workers), **extra_env
    )
    if fresh:
        _reset_database(database, env, name)
    log_path = BENCH_VAR / f"server-{name}-{database}.log"
    log = log_path.open("ab")
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "safevoice.config.wsgi",
            "-c",
            str(ROOT / "safevoice/config/gunicorn.py"),
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        # Its own process group, so the master and every worker can be signalled (or killed) together.
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process)
        yield Server(url=url, database=database, process=process, log_path=log_path)
    finally:
        stop(process)
        log.close()


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 120) -> None:
    """Until the server answers. Generous: eight workers importing Django on two busy cores can take a while, and
    how long a server takes to start is not what any test here measures."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before answering")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server at {url} did not answer within {timeout} s")


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def have_postgres() -> bool:
    return (
        shutil.which("psql") is not None
        and subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"], check=False).returncode == 0
    )
