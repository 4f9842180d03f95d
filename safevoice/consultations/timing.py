"""UK local dates and times in content files, and the instants they stand for.

Authors write what the public reads ("closes at midnight, Friday 27 October 2023"); the database holds UTC
instants. The closing instant is exclusive: a consultation that closes "at midnight" at the end of a day is stored
as 00:00 on the next day, local time, so every second of the named day is open, in BST and in GMT alike.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


class LocalTimeError(ValueError):
    """A local UK time that cannot stand for exactly one instant, with a reason an author can act on."""


def parse_local_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise LocalTimeError(f"{text!r} is not a real date (write YYYY-MM-DD)") from None


def parse_local_datetime(text: str) -> datetime:
    """``"YYYY-MM-DD HH:MM"`` in UK time as an aware UTC datetime; refuses a time the clocks skip or repeat."""
    try:
        naive = datetime.strptime(text, "%Y-%m-%d %H:%M")  # made aware just below
    except ValueError:
        raise LocalTimeError(f"{text!r} is not a real date and time (write YYYY-MM-DD HH:MM)") from None
    return local_to_utc(naive)


def local_to_utc(naive: datetime) -> datetime:
    earlier = naive.replace(tzinfo=UK, fold=0)
    later = naive.replace(tzinfo=UK, fold=1)
    if earlier.utcoffset() != later.utcoffset():
        # zoneinfo gives the two readings different offsets both in the spring gap and in the autumn overlap.
        if earlier.astimezone(UTC).astimezone(UK).replace(tzinfo=None) != naive:
            raise LocalTimeError(
                f"{naive:%Y-%m-%d %H:%M} does not exist in UK time: the clocks go forward an hour then"
            )
        raise LocalTimeError(
            f"{naive:%Y-%m-%d %H:%M} happens twice in UK time (the clocks go back then): choose another time"
        )
    return earlier.astimezone(UTC)


def end_of_local_day(day: date) -> datetime:
    """The first instant after ``day`` in the UK: "midnight at the end of Friday" is 00:00 on Saturday."""
    return local_to_utc(datetime.combine(day + timedelta(days=1), time(0, 0)))


def closes_at_midnight(closes_at: datetime) -> bool:
    local = closes_at.astimezone(UK)
    return local.time() == time(0, 0)


def last_open_day(closes_at: datetime) -> date:
    """The last UK calendar day on which responses are accepted."""
    local = closes_at.astimezone(UK)
    if local.time() == time(0, 0):
        return local.date() - timedelta(days=1)
    return local.date()
