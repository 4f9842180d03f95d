"""`make run`'s set-up: the real consultation, a re-opened demonstration copy, support services, a staff login."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from safevoice.consultations.models import Consultation, ConsultationState, SupportService

pytestmark = pytest.mark.django_db

# A Wednesday in winter (GMT): the copy closes at the end of the day four weeks on.
NOW = datetime(2026, 1, 7, 15, 0, tzinfo=UTC)


def _run(capsys) -> str:
    with time_machine.travel(NOW, tick=False):
        call_command("load_demo")
    return capsys.readouterr().out


def test_demo_loads_the_real_consultation_and_an_open_copy(capsys) -> None:
    out = _run(capsys)

    real = Consultation.objects.get(slug="serious-violence-duty-2023")
    demo = Consultation.objects.get(slug="serious-violence-duty-2023-demo")
    assert real.closes_at == datetime(2023, 10, 27, 23, 0, tzinfo=UTC)
    assert not real.is_demonstration
    assert demo.is_demonstration
    assert demo.state_at(NOW) == ConsultationState.OPEN
    assert demo.closes_at == datetime(2026, 2, 5, 0, 0, tzinfo=UTC)  # the end of Wednesday 4 February 2026
    assert demo.sections.count() == real.sections.count()
    assert SupportService.objects.filter(is_verified=True).count() == 8
    assert "closes at midnight at the end of Wednesday 4 February 2026" in out


def test_demo_prints_a_working_staff_login_and_can_run_again(capsys) -> None:
    first = _run(capsys)
    second = _run(capsys)

    passwords = [re.search(r"password: (\S+)", out).group(1) for out in (first, second)]  # type: ignore[union-attr]
    assert passwords[0] != passwords[1], "each run resets the staff password"
    assert "username: demo-staff" in second
    user = get_user_model().objects.get(username="demo-staff")
    assert user.check_password(passwords[1])
    assert re.search(r"^two-factor secret: [A-Z2-7]{32}$", second, re.M)
    assert re.search(r"^recovery code: [a-z2-7]{4}-[a-z2-7]{4}$", second, re.M)
    assert Consultation.objects.count() == 2


def test_demo_refuses_to_run_in_production(settings) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="does not run with SAFEVOICE_ENV=production"):
        call_command("load_demo")
    assert not Consultation.objects.exists()


def test_the_copy_holds_about_two_thousand_synthetic_responses_and_no_more_after_another_run(capsys) -> None:
    out = _run(capsys)
    demo = Consultation.objects.get(slug="serious-violence-duty-2023-demo")
    assert demo.responses.count() == 2000
    assert "2,000 synthetic responses (2,000 added)" in out
    # Spread over the three weeks it has been open, kept to the hour, never in the future.
    times = sorted(demo.responses.values_list("submitted_at", flat=True))
    assert times[0] >= demo.opens_at.replace(minute=0, second=0, microsecond=0)
    assert times[-1] <= NOW
    assert len({t.date() for t in times}) >= 20
    assert {(t.minute, t.second) for t in times} == {(0, 0)}
    assert set(demo.responses.values_list("channel", flat=True)) >= {"online", "paper"}
    out = _run(capsys)
    assert demo.responses.count() == 2000
    assert "(0 added)" in out
    assert not Consultation.objects.get(slug="serious-violence-duty-2023").responses.exists()
