"""Rate limits that never store who the client is.

The address is turned into HMAC-SHA256(day key, address) while the request is being handled; only that opaque key
is stored, in counters that expire with their window. The day key exists only in the server's memory and changes
at midnight UK time in a way that cannot be undone (``day_keys``), so neither the database nor the logs, nor both
together, can link a counter to an address.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from safevoice.protection import day_keys
from safevoice.protection.models import RateLimitCounter


@dataclass(frozen=True)
class RateLimit:
    bucket: str
    limit: int
    window: dt.timedelta


def client_key(*, address: str, now: dt.datetime | None = None) -> str:
    """An opaque key for the client at ``address`` that is stable for one UK day and unlinkable afterwards."""
    moment = now or timezone.now()
    return hmac.new(day_keys.key_for(moment), address.encode("utf-8"), hashlib.sha256).hexdigest()


def _window_start(moment: dt.datetime, window: dt.timedelta) -> dt.datetime:
    seconds = int(window.total_seconds())
    epoch = int(moment.timestamp())
    return dt.datetime.fromtimestamp(epoch - epoch % seconds, tz=dt.UTC)


@dataclass(frozen=True)
class LimitDecision:
    """The outcome of counting one attempt: whether it is allowed, and when the current window ends."""

    allowed: bool
    count: int
    retry_at: dt.datetime

    @property
    def retry_after_seconds(self) -> int:
        return max(1, int((self.retry_at - timezone.now()).total_seconds()))


def record_attempt(*, rate_limit: RateLimit, client: str, now: dt.datetime | None = None) -> LimitDecision:
    """Count one attempt by ``client`` and say whether it is within ``rate_limit``.

    One statement (an upsert that returns the new count) so that counting costs one round trip under load and two
    workers counting at once can never both read the old value. SQLite (3.35+) and PostgreSQL both support it.
    """
    moment = now or timezone.now()
    start = _window_start(moment, rate_limit.window)
    table = connection.ops.quote_name(RateLimitCounter._meta.db_table)
    sql = (
        f"INSERT INTO {table} (bucket, client_key, window_start, count) VALUES (%s, %s, %s, 1) "  # noqa: S608
        f"ON CONFLICT (bucket, client_key, window_start) DO UPDATE SET count = {table}.count + 1 "
        "RETURNING count"
    )
    params = [rate_limit.bucket, client, connection.ops.adapt_datetimefield_value(start)]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        (count,) = cursor.fetchone()
    return LimitDecision(allowed=count <= rate_limit.limit, count=count, retry_at=start + rate_limit.window)


def register_attempt(*, rate_limit: RateLimit, client: str, now: dt.datetime | None = None) -> bool:
    """Count one attempt; True while the client is within its limit for the current window."""
    return record_attempt(rate_limit=rate_limit, client=client, now=now).allowed


def purge_expired_counters(
    *, now: dt.datetime | None = None, older_than: dt.timedelta = dt.timedelta(days=1)
) -> int:
    """Delete counters whose window began more than ``older_than`` ago; returns how many."""
    moment = now or timezone.now()
    deleted, _ = RateLimitCounter.objects.filter(window_start__lt=moment - older_than).delete()
    return deleted
