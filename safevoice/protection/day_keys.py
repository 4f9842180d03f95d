"""The key that turns a client's address into an opaque rate-limit key: in memory only, one per UK day, and
never recoverable for a day that has passed. Plain Python (gunicorn's configuration imports it).

Threat model (docs/abuse-protection.md): the counters in the database hold HMAC-SHA256(day key, address). If the
day key were in the database too, anyone holding a copy of it could test every IPv4 address (2^32 HMACs, minutes
on one core) and turn counters back into addresses. So the key is never written anywhere:

- gunicorn's master makes a random key when it starts (``start``) and hands it to each worker it forks through
  the worker's environment, as ``<day>:<hex key>``; a worker reads it once and removes it from its environment.
- The next day's key is the SHA-256 of the day before's (a ratchet): every worker of a node moves forward to the
  same key on its own, and from today's key nobody can work out yesterday's, so once a day is over its counters
  can never be matched to an address, not even by us. The master moves its copy forward before each fork.
- A process started without gunicorn (tests, runserver, a management command) makes its own key.

A restart makes a new key, so counting starts again: the limits are a speed bump against scripts, not a record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
import threading
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")
ENVIRONMENT_VARIABLE = "SAFEVOICE_RATE_LIMIT_DAY_KEY"
_RATCHET_PREFIX = b"safevoice rate-limit day key ratchet v1:"

_lock = threading.Lock()
_current: tuple[dt.date, bytes] | None = None


def uk_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(UK).date()


def next_key(key: bytes) -> bytes:
    return hashlib.sha256(_RATCHET_PREFIX + key).digest()


def advance(day_and_key: tuple[dt.date, bytes], to: dt.date) -> tuple[dt.date, bytes]:
    """The key for ``to``, from an earlier day's. A clock that went back keeps the key it has."""
    day, key = day_and_key
    while day < to:
        key = next_key(key)
        day += dt.timedelta(days=1)
    return day, key


def encode(day_and_key: tuple[dt.date, bytes]) -> str:
    day, key = day_and_key
    return f"{day.isoformat()}:{key.hex()}"


def decode(text: str) -> tuple[dt.date, bytes] | None:
    try:
        day_text, key_text = text.split(":", 1)
        key = bytes.fromhex(key_text)
        return (dt.date.fromisoformat(day_text), key) if len(key) == 32 else None
    except ValueError:
        return None


def start(now: dt.datetime) -> None:
    """In gunicorn's master: a fresh key for today, for the workers it will fork."""
    os.environ[ENVIRONMENT_VARIABLE] = encode((uk_day(now), secrets.token_bytes(32)))


def before_fork(now: dt.datetime) -> None:
    """In gunicorn's master, before each fork: move its copy on to today, forgetting the older day's."""
    inherited = decode(os.environ.get(ENVIRONMENT_VARIABLE, ""))
    if inherited is None:
        start(now)
    else:
        os.environ[ENVIRONMENT_VARIABLE] = encode(advance(inherited, uk_day(now)))


def key_for(moment: dt.datetime) -> bytes:
    """This process's key for the UK day of ``moment``."""
    global _current
    day = uk_day(moment)
    with _lock:
        if _current is None:
            _current = decode(os.environ.pop(ENVIRONMENT_VARIABLE, "")) or (day, secrets.token_bytes(32))
        _current = advance(_current, day)
        return _current[1]


def forget() -> None:
    """Drop this process's key (tests: as a restart would)."""
    global _current
    with _lock:
        _current = None
