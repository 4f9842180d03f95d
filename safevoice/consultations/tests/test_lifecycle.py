"""When a consultation is open, in UK time: "closes at midnight, Friday" keeps all of Friday open, BST or GMT."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from safevoice.consultations.models import Consultation, ConsultationState
from safevoice.consultations.timing import (
    LocalTimeError,
    end_of_local_day,
    last_open_day,
    parse_local_datetime,
)

ONE_MICROSECOND = timedelta(microseconds=1)


def test_midnight_on_a_friday_in_british_summer_time_is_2300_utc() -> None:
    # "This survey closes at midnight, Friday 27 October 2023": the clocks go back on Sunday 29 October.
    assert end_of_local_day(date(2023, 10, 27)) == datetime(2023, 10, 27, 23, 0, tzinfo=UTC)


def test_midnight_in_greenwich_mean_time_is_the_next_day_at_0000_utc() -> None:
    assert end_of_local_day(date(2023, 12, 15)) == datetime(2023, 12, 16, 0, 0, tzinfo=UTC)


def test_the_day_the_clocks_go_back_is_25_hours_long() -> None:
    start = end_of_local_day(date(2023, 10, 28))
    assert end_of_local_day(date(2023, 10, 29)) - start == timedelta(hours=25)


def test_the_last_open_day_is_the_day_named_in_the_notice() -> None:
    assert last_open_day(datetime(2023, 10, 27, 23, 0, tzinfo=UTC)) == date(2023, 10, 27)
    assert last_open_day(datetime(2023, 12, 16, 0, 0, tzinfo=UTC)) == date(2023, 12, 15)
    assert last_open_day(datetime(2023, 12, 15, 17, 0, tzinfo=UTC)) == date(2023, 12, 15)


def test_local_times_are_converted_with_the_uk_offset_of_their_date() -> None:
    assert parse_local_datetime("2023-07-01 09:00") == datetime(2023, 7, 1, 8, 0, tzinfo=UTC)
    assert parse_local_datetime("2023-12-01 09:00") == datetime(2023, 12, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2024-03-31 01:30", "does not exist in UK time"),
        ("2023-10-29 01:30", "happens twice in UK time"),
        ("2023-02-30 10:00", "is not a real date and time"),
    ],
)
def test_times_that_do_not_name_one_instant_are_refused(text: str, reason: str) -> None:
    with pytest.raises(LocalTimeError, match=reason):
        parse_local_datetime(text)


def _consultation(**fields: object) -> Consultation:
    defaults: dict[str, object] = {
        "slug": "c",
        "opens_at": datetime(2023, 9, 1, 8, 0, tzinfo=UTC),
        "closes_at": end_of_local_day(date(2023, 10, 27)),
    }
    return Consultation(**{**defaults, **fields})


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (datetime(2023, 9, 1, 8, 0, tzinfo=UTC) - ONE_MICROSECOND, ConsultationState.FORTHCOMING),
        (datetime(2023, 9, 1, 8, 0, tzinfo=UTC), ConsultationState.OPEN),
        (
            datetime(2023, 10, 27, 22, 59, 59, 999999, tzinfo=UTC),
            ConsultationState.OPEN,
        ),  # 23:59:59.999999 BST
        (datetime(2023, 10, 27, 23, 0, tzinfo=UTC), ConsultationState.CLOSED),  # midnight, the end of Friday
        (datetime(2024, 1, 1, tzinfo=UTC), ConsultationState.CLOSED),
    ],
)
def test_state_at_each_boundary_instant(now: datetime, state: ConsultationState) -> None:
    consultation = _consultation()
    assert consultation.state_at(now) == state
    assert consultation.is_open_at(now) is (state == ConsultationState.OPEN)


def test_a_gmt_closing_is_open_until_the_last_microsecond_of_the_day() -> None:
    consultation = _consultation(closes_at=end_of_local_day(date(2023, 12, 15)))
    assert consultation.is_open_at(datetime(2023, 12, 15, 23, 59, 59, 999999, tzinfo=UTC))
    assert not consultation.is_open_at(datetime(2023, 12, 16, 0, 0, tzinfo=UTC))


def test_results_published_follows_closed_once_the_results_date_comes() -> None:
    published = datetime(2024, 3, 1, 10, 0, tzinfo=UTC)
    consultation = _consultation(results_published_at=published)
    assert consultation.state_at(published - ONE_MICROSECOND) == ConsultationState.CLOSED
    assert consultation.state_at(published) == ConsultationState.RESULTS_PUBLISHED


def test_state_uses_the_current_time() -> None:
    consultation = _consultation()
    with time_machine.travel(datetime(2023, 10, 27, 22, 30, tzinfo=UTC), tick=False):
        assert consultation.state == ConsultationState.OPEN
    with time_machine.travel(datetime(2023, 10, 27, 23, 0, tzinfo=UTC), tick=False):
        assert consultation.state == ConsultationState.CLOSED
