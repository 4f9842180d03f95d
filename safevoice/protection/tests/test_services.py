import datetime as dt

import pytest

from safevoice.protection import services
from safevoice.protection.models import DailySecret, RateLimitCounter
from safevoice.protection.services import RateLimit, client_key, purge_expired_counters, register_attempt

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 6, 1, 11, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def fresh_secret_cache():
    services._secret_cache.clear()
    yield
    services._secret_cache.clear()


def test_same_address_same_day_gives_same_opaque_key():
    first = client_key(address="203.0.113.9", now=NOON)
    assert first == client_key(address="203.0.113.9", now=NOON + dt.timedelta(hours=5))
    assert first != client_key(address="203.0.113.10", now=NOON)
    assert "203.0.113.9" not in first
    assert len(first) == 64


def test_key_changes_at_uk_midnight_and_yesterdays_secret_is_gone():
    before = client_key(address="203.0.113.9", now=dt.datetime(2026, 6, 1, 22, 59, tzinfo=dt.UTC))
    # 23:00 UTC is midnight in British Summer Time.
    after = client_key(address="203.0.113.9", now=dt.datetime(2026, 6, 1, 23, 0, tzinfo=dt.UTC))
    assert before != after
    assert list(DailySecret.objects.values_list("day", flat=True)) == [dt.date(2026, 6, 2)]


def test_secret_is_shared_through_the_database_not_the_process():
    key = client_key(address="198.51.100.1", now=NOON)
    services._secret_cache.clear()  # as if another worker process asked
    assert client_key(address="198.51.100.1", now=NOON) == key


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


def test_expired_counters_go_when_a_worker_first_needs_the_days_secret():
    limit = RateLimit(bucket="submit", limit=5, window=dt.timedelta(hours=1))
    register_attempt(rate_limit=limit, client="yesterday", now=NOON - dt.timedelta(days=2))
    register_attempt(rate_limit=limit, client="today", now=NOON)
    client_key(address="203.0.113.9", now=NOON)
    assert list(RateLimitCounter.objects.values_list("client_key", flat=True)) == ["today"]
