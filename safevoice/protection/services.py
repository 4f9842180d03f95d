"""Rate limits that never store who the client is.

The address is turned into HMAC-SHA256(today's secret, address) while the request is being handled; only that
opaque key is stored, in counters that expire with their window. The secret rotates at midnight UK time and the old
one is deleted, so even with the database and the logs nobody can later link a counter to an address.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from safevoice.protection.models import DailySecret, RateLimitCounter

UK = ZoneInfo("Europe/London")

# Process-local copy of today's secret: one query per worker per day, not per request.
_secret_cache: dict[dt.date, bytes] = {}


@dataclass(frozen=True)
class RateLimit:
    bucket: str
    limit: int
    window: dt.timedelta


def _secret_for(day: dt.date, moment: dt.datetime) -> bytes:
    cached = _secret_cache.get(day)
    if cached is not None:
        return cached
    with transaction.atomic():
        DailySecret.objects.filter(day__lt=day).delete()
        # Once a day in each worker is often enough to drop counters whose window is long over.
        purge_expired_counters(now=moment)
        try:
            with transaction.atomic():
                row, _ = DailySecret.objects.get_or_create(
                    day=day, defaults={"secret": secrets.token_bytes(32)}
                )
        except IntegrityError:
            # Another worker made today's secret between our read and our write: use theirs.
            row = DailySecret.objects.get(day=day)
    secret = bytes(row.secret)
    _secret_cache.clear()
    _secret_cache[day] = secret
    return secret


def client_key(*, address: str, now: dt.datetime | None = None) -> str:
    """An opaque key for the client at ``address`` that is stable for one UK day and unlinkable afterwards."""
    moment = now or timezone.now()
    day = moment.astimezone(UK).date()
    return hmac.new(_secret_for(day, moment), address.encode("utf-8"), hashlib.sha256).hexdigest()


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
