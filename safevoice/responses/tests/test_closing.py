from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from safevoice.consultations.models import Consultation
from safevoice.responses.closing import Window, answering_window

OPENS = datetime(2023, 9, 1, 8, 0, tzinfo=UTC)
CLOSES = datetime(2023, 10, 27, 23, 0, tzinfo=UTC)  # midnight at the end of Friday 27 October, UK time


def window(now: datetime, started: datetime | None) -> Window:
    consultation = Consultation(opens_at=OPENS, closes_at=CLOSES)
    return answering_window(consultation=consultation, started_at=started, now=now)


@pytest.mark.parametrize(
    ("now", "started", "expected"),
    [
        (OPENS - timedelta(seconds=1), None, Window.NOT_OPEN_YET),
        (OPENS, None, Window.OPEN),
        (CLOSES - timedelta(seconds=1), CLOSES - timedelta(minutes=30), Window.OPEN),
        (CLOSES, None, Window.CLOSED),
        (CLOSES, CLOSES - timedelta(minutes=30), Window.GRACE),
        (CLOSES + timedelta(minutes=59), CLOSES - timedelta(minutes=30), Window.GRACE),
        (CLOSES + timedelta(minutes=60), CLOSES - timedelta(minutes=30), Window.TIME_RAN_OUT),
        (CLOSES + timedelta(minutes=5), CLOSES + timedelta(minutes=1), Window.CLOSED),
    ],
)
def test_the_answering_window(now: datetime, started: datetime | None, expected: Window) -> None:
    assert window(now, started) == expected


def test_the_grace_period_is_configurable(settings) -> None:
    settings.SAFEVOICE_CLOSING_GRACE_MINUTES = 10
    assert window(CLOSES + timedelta(minutes=11), CLOSES - timedelta(minutes=1)) == Window.TIME_RAN_OUT
