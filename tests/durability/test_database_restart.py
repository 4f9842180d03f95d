"""PostgreSQL restarted while residents are answering: they get the clear "Sorry, please try again" page (a 503,
never a stack trace), their answers are still there when they try again, sending again succeeds, and every
confirmed response is stored exactly once."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bench.server import running_server
from tests.durability.conftest import NAME, PORT, stored_responses
from tests.durability.residents import Crowd

pytestmark = pytest.mark.durability


def restart_postgresql() -> None:
    versions = sorted(p.name for p in Path("/etc/postgresql").iterdir())
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "restart"],
        check=True,
        capture_output=True,
    )


def test_residents_ride_out_a_postgresql_restart_and_lose_nothing(database: str) -> None:
    if database != "postgresql":
        pytest.skip("runs when DATABASE_URL names PostgreSQL")
    if shutil.which("pg_ctlcluster") is None or not Path("/etc/postgresql").is_dir():
        pytest.skip("restarts a Debian-managed PostgreSQL cluster (pg_ctlcluster), and there is none here")
    with running_server(database=database, port=PORT, workers=3, name=NAME) as server:
        crowd = Crowd(server.url, threads=6)
        crowd.start()
        crowd.wait_for(lambda: len(crowd.confirmed()) >= 6)
        restart_postgresql()
        confirmed_before = len(crowd.confirmed())
        crowd.wait_for(lambda: len(crowd.confirmed()) >= confirmed_before + 6)
        crowd.finish()

    assert crowd.errors == []
    told_to_try_again = [resident for resident in crowd.residents if resident.try_again_pages]
    assert told_to_try_again, "nobody met the restart: it was not mid-run"
    confirmed = crowd.confirmed()
    assert len(confirmed) == len(crowd.residents)
    stored = stored_responses(database)
    assert sorted(r.token for r in stored) == sorted(resident.token for resident in confirmed)
    for resident in confirmed:
        if resident.typed_marker:
            # What they typed before the restart was kept and sent with the rest.
            assert sum(response.mentions(resident.marker) for response in stored) == 1, resident.marker
