"""More nodes behind the proxy, one database: a resident's requests land on one node then the other, and the
response is stored once. The address the proxy saw reaches the application only as X-Forwarded-For."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import psycopg
import pytest
import requests

from bench.server import database_url, running_server, sqlite_path
from tests.durability.residents import Resident
from tests.proxy.conftest import running_proxy

pytestmark = pytest.mark.durability

NODE_PORTS = (8795, 8796)
PROXY_PORT = 8797
NAME = "nodes"


def stored_answers(kind: str) -> list[dict]:
    query = "SELECT answers FROM responses_response"
    if kind == "sqlite":
        with sqlite3.connect(sqlite_path(NAME)) as connection:
            rows = connection.execute(query).fetchall()
    else:
        with psycopg.connect(database_url(kind, NAME).replace("postgres://", "postgresql://")) as connection:
            rows = connection.execute(query).fetchall()
    return [answers if isinstance(answers, dict) else json.loads(answers) for (answers,) in rows]


def test_a_resident_alternating_between_two_nodes_is_stored_once(database: str, tmp_path: Path) -> None:
    settings = {"SAFEVOICE_CLIENT_ADDRESS_HEADER": "HTTP_X_FORWARDED_FOR"}
    with (
        running_server(database=database, port=NODE_PORTS[0], workers=2, name=NAME, **settings),
        running_server(database=database, port=NODE_PORTS[1], workers=2, name=NAME, fresh=False, **settings),
        running_proxy(
            port=PROXY_PORT, upstreams=[f"127.0.0.1:{port}" for port in NODE_PORTS], tmp_path=tmp_path
        ) as proxy,
    ):
        nodes = {
            requests.get(f"{proxy.url}/healthz", timeout=5).headers["X-SafeVoice-Node"] for _ in range(6)
        }
        assert nodes == {f"127.0.0.1:{port}" for port in NODE_PORTS}
        resident = Resident(proxy.url, marker="MARKER-two-nodes-0001", rng=random.Random(7))
        resident.send_one_response()
        assert resident.confirmed
        # The form sent again (a double click, a resent page) goes to the other node and still stores nothing more.
        resent = resident.session.post(
            f"{proxy.url}/consultations/serious-violence-duty-2023-demo/questionnaire/check-your-answers/",
            data={"token": resident.token},
            allow_redirects=False,
            timeout=10,
        )
        assert resent.status_code in {302, 403}
    mine = [answers for answers in stored_answers(database) if "MARKER-two-nodes-0001" in json.dumps(answers)]
    assert len(mine) == 1
