"""Nothing acknowledged is lost: the application server is killed with SIGKILL (master and every worker, no
chance to clean up) while residents are sending answers; once it is restarted, every response whose confirmation
page a resident saw is stored exactly once, and residents caught mid-way finish without starting again."""

from __future__ import annotations

import os
import signal
import time

import pytest

from bench.server import running_server
from tests.durability.conftest import NAME, PORT, stored_responses
from tests.durability.residents import Crowd

pytestmark = pytest.mark.durability


def test_every_confirmed_response_survives_a_sigkill_of_the_server_exactly_once(database: str) -> None:
    with running_server(database=database, port=PORT, workers=3, name=NAME) as server:
        crowd = Crowd(server.url, threads=6)
        crowd.start()
        crowd.wait_for(lambda: len(crowd.confirmed()) >= 6)
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait()
        confirmed_before_kill = len(crowd.confirmed())
        time.sleep(1)  # residents meet a server that is down, and keep trying
        with running_server(database=database, port=PORT, workers=3, name=NAME, fresh=False):
            crowd.wait_for(lambda: len(crowd.confirmed()) >= confirmed_before_kill + 6)
            crowd.finish()

    assert crowd.errors == []
    assert any(resident.unreachable for resident in crowd.residents), "the kill caught nobody mid-journey"
    confirmed = crowd.confirmed()
    assert len(confirmed) == len(crowd.residents), "every resident finished, including those caught mid-way"
    stored = stored_responses(database)
    assert sorted(r.token for r in stored) == sorted(resident.token for resident in confirmed)
    for resident in confirmed:
        if resident.typed_marker:
            assert sum(response.mentions(resident.marker) for response in stored) == 1, resident.marker
    assert sum(resident.typed_marker for resident in confirmed) >= len(confirmed) // 2
