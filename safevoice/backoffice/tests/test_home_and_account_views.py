"""The staff home page lists only the consultations a person's roles cover; Your account shows the roles held and
makes new recovery codes."""

from __future__ import annotations

import re

import pytest

from safevoice.backoffice.roles import Role
from safevoice.questionnaires.tests.factories import make_consultation

pytestmark = pytest.mark.django_db


def test_home_lists_the_consultations_of_ones_roles_and_the_service_tasks_one_may_do(
    staff_client, survey
) -> None:
    make_consultation(slug="other-survey")
    mine = staff_client((Role.ANALYST, survey)).get("/staff/").content.decode()
    assert "/staff/consultations/test-survey/" in mine
    assert "/staff/consultations/other-survey/" not in mine
    assert "/staff/audit-log/" not in mine
    everything = staff_client(Role.MANAGER, Role.ADMINISTRATOR).get("/staff/").content.decode()
    for link in ("/staff/consultations/test-survey/", "/staff/consultations/other-survey/", "/staff/audit-log/",
                 "/staff/support-services/", "/staff/staff/", "/staff/consultations/new/"):  # fmt: skip
        assert link in everything, link


def test_the_staff_menu_shows_only_what_the_roles_open(staff_client, survey) -> None:
    page = staff_client((Role.DATA_ENTRY, survey)).get("/staff/").content.decode()
    menu = page.split('id="staff-navigation"')[1].split("</ul>")[0]
    assert "Consultations" in menu
    assert "Your account" in menu
    assert "Audit log" not in menu
    assert "Sign out" in menu


def test_account_lists_roles_and_makes_new_recovery_codes(staff_client, survey) -> None:
    client = staff_client((Role.ANALYST, survey), Role.PARTNER_VIEWER)
    page = client.get("/staff/account/").content.decode()
    assert "Analyst" in page
    assert "Test survey" in page
    assert "Every consultation" in page
    assert re.search(r"Recovery codes left</dt>\s*<dd[^>]*>0</dd>", page)
    assert client.post("/staff/account/recovery-codes/")["Location"] == "/staff/sign-in/recovery-codes/"
    codes = client.get("/staff/sign-in/recovery-codes/").content.decode()
    assert len(re.findall(r"<li><code>[a-z2-7]{4}-[a-z2-7]{4}</code></li>", codes)) == 10
    assert re.search(
        r"Recovery codes left</dt>\s*<dd[^>]*>10</dd>", client.get("/staff/account/").content.decode()
    )


def test_changing_ones_password_needs_the_current_one(staff_client, survey) -> None:
    client = staff_client(Role.ANALYST)
    page = client.post(
        "/staff/account/password/",
        {
            "current_password": "wrong",
            "new_password1": "another long phrase here",
            "new_password2": "another long phrase here",
        },
    ).content.decode()
    assert "Your current password is not right" in page
    page = client.post(
        "/staff/account/password/",
        {
            "current_password": "correct horse battery staple",
            "new_password1": "another long phrase here",
            "new_password2": "different phrase here",
        },
    ).content.decode()
    assert "The two new passwords are not the same" in page
    response = client.post(
        "/staff/account/password/",
        {
            "current_password": "correct horse battery staple",
            "new_password1": "another long phrase here",
            "new_password2": "another long phrase here",
        },
    )
    assert response["Location"] == "/staff/account/"
    assert client.get("/staff/account/").status_code == 200, "still signed in after changing it"
