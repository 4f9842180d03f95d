"""`make run` prints a staff login a person or a script can use at once: username, password, the authenticator
secret and a recovery code, all new each run, and none of it in production."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from safevoice.audit.models import AuditEvent
from safevoice.backoffice.roles import Role
from safevoice.backoffice.tests.conftest import code_for_secret

pytestmark = pytest.mark.django_db


def _login(capsys) -> dict[str, str]:
    call_command("demo_staff_login")
    out = capsys.readouterr().out
    return dict(re.findall(r"^(address|username|password|two-factor secret|recovery code): (.+)$", out, re.M))


def test_the_printed_secret_signs_in_with_every_role(capsys) -> None:
    login = _login(capsys)
    assert login["address"] == "http://127.0.0.1:8000/staff/"
    assert login["username"] == "demo-staff"
    client = Client()
    client.post("/staff/sign-in/", {"username": login["username"], "password": login["password"]})
    assert (
        client.post("/staff/sign-in/code/", {"code": code_for_secret(login["two-factor secret"])})["Location"]
        == "/staff/"
    )
    page = client.get("/staff/account/").content.decode()
    for role in Role:
        assert str(role.label) in page
    assert client.get("/staff/audit-log/").status_code == 200


def test_the_printed_recovery_code_signs_in_once_and_every_run_makes_new_ones(capsys) -> None:
    first = _login(capsys)
    second = _login(capsys)
    for name in ("password", "two-factor secret", "recovery code"):
        assert first[name] != second[name], name
    client = Client()
    old = client.post("/staff/sign-in/", {"username": "demo-staff", "password": first["password"]})
    assert "The username or password is not right" in old.content.decode(), "the old password stopped working"
    client.post("/staff/sign-in/", {"username": "demo-staff", "password": second["password"]})
    assert client.post("/staff/sign-in/code/", {"code": second["recovery code"]})["Location"] == "/staff/"
    assert AuditEvent.objects.filter(action="staff.demo_login_reset").count() == 2


def test_it_refuses_to_run_in_production(settings) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="does not run with SAFEVOICE_ENV=production"):
        call_command("demo_staff_login")
