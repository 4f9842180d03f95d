"""After a load run against the production server set-up, no line of the application's or gunicorn's logs holds
the client's address or user agent: not for pages, not for refusals (404, CSRF, oversized bodies), not for the
forwarded address a proxy would add."""

from __future__ import annotations

import socket

import pytest
import requests

from bench.journey import parse_form
from bench.server import running_server
from tests.durability.residents import QUESTIONNAIRE, Crowd

# It runs the real server (and collectstatic before it), so it goes with the serial durability step.
pytestmark = pytest.mark.durability

USER_AGENT = "Mozilla/5.0 (SafeVoiceLogProbe; zq7wx) Gecko/20100101 Firefox/999.0"
FORWARDED_FOR = "198.51.100.77"
CLIENT_ADDRESS = "127.0.0.1"  # the address the server sees for every request in this test
PORT = 8792


def _refusals(url: str) -> list[int]:
    """Requests that make Django or gunicorn log a warning: not found, CSRF, too large, bad, a request line that
    is not HTTP at all, and a Host this site is not."""
    session = requests.Session()
    session.headers.update({"User-Agent": USER_AGENT, "X-Forwarded-For": FORWARDED_FOR})
    token = parse_form(session.get(f"{url}{QUESTIONNAIRE}", timeout=10).text).hidden["csrfmiddlewaretoken"]
    statuses = []
    for _ in range(20):
        statuses.append(session.get(f"{url}/consultations/no-such-consultation/", timeout=10).status_code)
        statuses.append(session.post(f"{url}/staff/sign-in/", data={"a": "1"}, timeout=10).status_code)
        too_large = {"csrfmiddlewaretoken": token, "x": "y" * 300_000}
        statuses.append(session.post(f"{url}{QUESTIONNAIRE}", data=too_large, timeout=10).status_code)
        statuses.append(session.get(f"{url}/consultations/%00/", timeout=10).status_code)
        statuses.append(session.get(f"{url}/", headers={"Host": "attacker.example"}, timeout=10).status_code)
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as raw:
            raw.sendall(b"GARBAGE\r\n\r\n")
            statuses.append(int(raw.recv(64).split()[1]))
    return statuses


def test_no_log_line_holds_a_client_address_or_user_agent(database: str) -> None:
    with running_server(database=database, port=PORT, workers=2, name="logs") as server:
        log_start = server.log_path.stat().st_size
        crowd = Crowd(
            server.url, threads=4, headers={"User-Agent": USER_AGENT, "X-Forwarded-For": FORWARDED_FOR}
        )
        crowd.start()
        crowd.wait_for(lambda: len(crowd.confirmed()) >= 6)
        crowd.finish()
        refused = _refusals(server.url)
    with server.log_path.open(errors="replace") as log:
        log.seek(log_start)
        lines = log.read().splitlines()

    assert crowd.errors == []
    assert sorted(set(refused)) == [400, 403, 404, 413]
    logged = "\n".join(lines)
    assert "Traceback" not in logged
    assert "attacker.example" not in logged
    for refusal in ("Not Found", "Forbidden (CSRF", "Request Entity Too Large", "Invalid request from ip="):
        assert refusal in logged, f"{refusal} was not logged: the checks below would prove nothing"
    for line in lines:
        assert CLIENT_ADDRESS not in line, line
        assert FORWARDED_FOR not in line, line
        assert "SafeVoiceLogProbe" not in line, line
        assert "zq7wx" not in line, line
