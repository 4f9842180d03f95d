"""gunicorn's own messages lose any client address before they are written."""

from __future__ import annotations

import logging

from gunicorn.config import Config

from safevoice.config.gunicorn_logging import PrivacyLogger, scrub


def test_addresses_are_removed_from_gunicorns_messages() -> None:
    assert scrub("Invalid request from ip=203.0.113.7: Invalid HTTP request line: 'GARBAGE'") == (
        "Invalid request from ip=[address removed]: Invalid HTTP request line: 'GARBAGE'"
    )
    assert "2001:db8::1" not in scrub("Invalid request from ip=2001:db8::1: bad")
    assert scrub("Booting worker with pid: 4242") == "Booting worker with pid: 4242"
    assert scrub("Listening at: http://127.0.0.1:8000") == "Listening at: http://[address removed]:8000"


def test_the_logger_gunicorn_uses_writes_no_address(caplog) -> None:
    logger = PrivacyLogger(Config())
    logger.error_log.propagate = True
    with caplog.at_level(logging.WARNING, logger="gunicorn.error"):
        logger.warning("Invalid request from ip=198.51.100.4: Invalid HTTP Version")
    assert "198.51.100.4" not in caplog.text
    assert "Invalid request from ip=[address removed]" in caplog.text
