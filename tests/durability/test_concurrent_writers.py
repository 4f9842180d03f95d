"""On SQLite, many residents sending at once never meet "database is locked": WAL lets readers run beside the one
writer, IMMEDIATE transactions queue writers on the busy timeout instead of failing on a lock upgrade, and every
write transaction is short."""

from __future__ import annotations

import pytest

from bench.server import running_server
from tests.durability.conftest import NAME, PORT, stored_responses
from tests.durability.residents import Crowd

pytestmark = pytest.mark.durability


def test_concurrent_writers_on_sqlite_never_see_database_is_locked(database: str) -> None:
    if database != "sqlite":
        pytest.skip("only SQLite has a single writer lock")
    # Eight single-threaded workers: up to eight requests writing sessions, counters and responses at once.
    with running_server(database=database, port=PORT, workers=8, name=NAME) as server:
        crowd = Crowd(server.url, threads=12)
        crowd.start()
        crowd.wait_for(lambda: len(crowd.confirmed()) >= 24, timeout=90)
        crowd.finish()
        log = server.log_path.read_text(errors="replace")

    assert crowd.errors == []
    assert sum(resident.try_again_pages for resident in crowd.residents) == 0
    assert "database is locked" not in log
    assert "OperationalError" not in log
    assert len(stored_responses(database)) == len(crowd.confirmed()) == len(crowd.residents)
