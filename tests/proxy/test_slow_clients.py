"""Slow clients cannot take the site down once the reverse proxy is in front of it.

Six connections that send a header line every few seconds hold every one of gunicorn's sync workers on their own;
behind nginx (deploy/nginx/safevoice-proxy.conf) nginx holds them, gives up on them, and residents are served."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
import requests

from bench.server import running_server
from tests.proxy.conftest import running_proxy

pytestmark = pytest.mark.durability

GUNICORN_PORT = 8793
PROXY_PORT = 8794
SLOW_CONNECTIONS = 6


class SlowLoris:
    """Connections that start a request and add a header line every few seconds, never finishing it."""

    def __init__(self, port: int, connections: int) -> None:
        self.port = port
        self.connections = connections
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._hold, daemon=True) for _ in range(connections)]

    def _hold(self) -> None:
        while not self.stop.is_set():
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=30) as conn:
                    conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    while not self.stop.wait(4):
                        conn.sendall(b"X-Slow: 1\r\n")
            except OSError:
                time.sleep(0.2)  # closed by the other side: start again, as an attacker would

    def __enter__(self) -> SlowLoris:
        for thread in self.threads:
            thread.start()
        time.sleep(2)  # every connection is open and holding
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=10)


def a_resident_is_served(url: str) -> bool:
    try:
        return requests.get(f"{url}/healthz", timeout=3).status_code == 200
    except requests.RequestException:
        return False


def test_slow_clients_stop_gunicorn_alone_but_not_gunicorn_behind_the_proxy(
    database: str, tmp_path: Path
) -> None:
    with running_server(
        database=database,
        port=GUNICORN_PORT,
        workers=2,
        name="proxy",
        SAFEVOICE_CLIENT_ADDRESS_HEADER="HTTP_X_FORWARDED_FOR",
    ) as server:
        # Without the proxy: the slow connections take both workers, and nobody else gets in.
        with SlowLoris(GUNICORN_PORT, SLOW_CONNECTIONS):
            assert not a_resident_is_served(server.url)
        time.sleep(1)
        assert a_resident_is_served(server.url)
        with (
            running_proxy(
                port=PROXY_PORT, upstreams=[f"127.0.0.1:{GUNICORN_PORT}"], tmp_path=tmp_path
            ) as proxy,
            SlowLoris(PROXY_PORT, SLOW_CONNECTIONS),
        ):
            served = [a_resident_is_served(proxy.url) for _ in range(10)]
    assert all(served)
