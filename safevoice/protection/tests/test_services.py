import datetime as dt
import os
import subprocess
import sys

import pytest
from django.db import connection

from safevoice.protection import day_keys
from safevoice.protection.models import RateLimitCounter
from safevoice.protection.services import RateLimit, client_key, purge_expired_counters, register_attempt

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 6, 1, 11, 0, tzinfo=dt.UTC)


def test_same_address_same_day_gives_same_opaque_key():
    first = client_key(address="203.0.113.9", now=NOON)
    assert first == client_key(address="203.0.113.9", now=NOON + dt.timedelta(hours=5))
    assert first != client_key(address="203.0.113.10", now=NOON)
    assert "203.0.113.9" not in first
    assert len(first) == 64


def test_key_changes_at_uk_midnight_and_the_day_before_cannot_be_recovered():
    before = client_key(address="203.0.113.9", now=dt.datetime(2026, 6, 1, 22, 59, tzinfo=dt.UTC))
    # 23:00 UTC is midnight in British Summer Time.
    after = client_key(address="203.0.113.9", now=dt.datetime(2026, 6, 1, 23, 0, tzinfo=dt.UTC))
    assert before != after
    # The process holds only today's key now: asked for yesterday, it has nothing but today's to give.
    assert client_key(address="203.0.113.9", now=dt.datetime(2026, 6, 1, 22, 59, tzinfo=dt.UTC)) == after


def test_the_key_is_in_no_table_of_the_database():
    key = day_keys.key_for(NOON)
    register_attempt(
        rate_limit=RateLimit("submission", 10, dt.timedelta(hours=1)),
        client=client_key(address="203.0.113.9", now=NOON),
        now=NOON,
    )
    assert "protection_dailysecret" not in connection.introspection.table_names()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - our own table names
            for row in cursor.fetchall():
                for value in row:
                    assert key.hex() not in str(value)
                    assert key not in (value if isinstance(value, bytes) else b"")


def worker_key(environment: dict[str, str]) -> tuple[str, str]:
    """What a freshly forked worker computes, and whether the key is still in its environment afterwards."""
    code = (
        "import datetime as dt, os; from safevoice.protection import day_keys;"
        "print(day_keys.key_for(dt.datetime(2026, 6, 1, 11, tzinfo=dt.UTC)).hex());"
        f"print(os.environ.get({day_keys.ENVIRONMENT_VARIABLE!r}, 'gone'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    key, left = result.stdout.split()
    return key, left


def test_workers_forked_from_one_master_share_the_key_and_keep_no_copy_of_it_around(monkeypatch):
    monkeypatch.delenv(day_keys.ENVIRONMENT_VARIABLE, raising=False)
    day_keys.start(NOON)
    handed_over = dict(os.environ)
    first, left = worker_key(handed_over)
    second, _ = worker_key(handed_over)
    assert first == second
    assert left == "gone"
    # Another start (a restart) is another key.
    day_keys.start(NOON)
    assert worker_key(dict(os.environ))[0] != first


def test_the_master_moves_its_copy_on_each_day_before_forking(monkeypatch):
    monkeypatch.delenv(day_keys.ENVIRONMENT_VARIABLE, raising=False)
    day_keys.start(NOON)
    (day, key) = day_keys.decode(os.environ[day_keys.ENVIRONMENT_VARIABLE]) or (None, b"")
    day_keys.before_fork(NOON + dt.timedelta(days=1))
    moved = day_keys.decode(os.environ[day_keys.ENVIRONMENT_VARIABLE])
    assert moved == (dt.date(2026, 6, 2), day_keys.next_key(key))
    assert day == dt.date(2026, 6, 1)


def test_limit_allows_up_to_the_limit_in_a_window_then_refuses():
    limit = RateLimit(bucket="submit", limit=3, window=dt.timedelta(minutes=10))
    results = [
        register_attempt(rate_limit=limit, client="k", now=NOON + dt.timedelta(seconds=i)) for i in range(4)
    ]
    assert results == [True, True, True, False]
    # A new window starts afresh, and other clients are unaffected.
    assert register_attempt(rate_limit=limit, client="k", now=NOON + dt.timedelta(minutes=10))
    assert register_attempt(rate_limit=limit, client="other", now=NOON)


def test_counters_expire():
    limit = RateLimit(bucket="resume", limit=5, window=dt.timedelta(minutes=1))
    register_attempt(rate_limit=limit, client="k", now=NOON)
    assert purge_expired_counters(now=NOON + dt.timedelta(days=2)) == 1
    assert RateLimitCounter.objects.count() == 0
