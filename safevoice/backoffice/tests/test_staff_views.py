"""Administrators add staff, give and take away roles, deactivate accounts, reset passwords and authenticator apps,
and unlock accounts: each in the audit log. A new member of staff signs in with the temporary password, chooses
their own, and sets up their app."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from safevoice.audit.models import AuditEvent
from safevoice.backoffice.models import RoleGrant
from safevoice.backoffice.roles import Role
from safevoice.backoffice.tests.conftest import PASSWORD, make_staff, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db) -> Client:
    return sign_in(Client(), make_staff("admin1", Role.ADMINISTRATOR))


def test_an_administrator_adds_someone_who_then_signs_in_for_the_first_time(admin: Client, survey) -> None:
    response = admin.post(
        "/staff/staff/add/",
        {"username": "j.smith", "full_name": "Jo Smith", "role": "analyst", "consultation": str(survey.pk)},
    )
    user = get_user_model().objects.get(username="j.smith")
    assert response["Location"] == f"/staff/staff/{user.pk}/"
    page = admin.get(response["Location"]).content.decode()
    password = re.search(
        r'<code class="safevoice-secret" id="temporary-password">([^<]+)</code>', page
    ).group(1)  # type: ignore[union-attr]
    assert "It is shown only now" in page
    assert password not in admin.get(response["Location"]).content.decode(), "shown once"
    assert RoleGrant.objects.get(user=user).consultation == survey
    assert AuditEvent.objects.filter(action="staff.created", target="user:j.smith", actor="admin1").exists()
    assert AuditEvent.objects.filter(action="role.granted", target="user:j.smith").exists()
    assert password not in str(list(AuditEvent.objects.values_list("details", flat=True)))

    newcomer = Client()
    newcomer.post("/staff/sign-in/", {"username": "j.smith", "password": password})
    assert newcomer.get("/staff/sign-in/code/")["Location"] == "/staff/sign-in/set-up-authenticator/"


def test_adding_staff_explains_each_mistake_and_keeps_what_was_typed(admin: Client, survey) -> None:
    make_staff("taken", Role.ANALYST)
    page = admin.post(
        "/staff/staff/add/", {"username": "Taken", "full_name": "", "role": ""}
    ).content.decode()
    assert "There is already an account with the username Taken" in page
    assert '<a href="#full_name">Enter the person&#x27;s full name</a>' in page
    assert '<a href="#role_0">Select a role</a>' in page
    assert 'value="Taken"' in page
    page = admin.post(
        "/staff/staff/add/",
        {"username": "bad name!", "full_name": "X", "role": "administrator", "consultation": str(survey.pk)},
    ).content.decode()
    assert "The username can only have letters" in page
    assert "An administrator looks after every consultation" in page


def test_roles_are_given_and_taken_away(admin: Client, survey) -> None:
    member = make_staff("analyst1")
    admin.post(f"/staff/staff/{member.pk}/roles/add/", {"role": "data_entry", "consultation": str(survey.pk)})
    grant = RoleGrant.objects.get(user=member)
    assert (grant.role, grant.consultation) == ("data_entry", survey)
    admin.post(f"/staff/staff/{member.pk}/roles/{grant.pk}/remove/")
    assert not RoleGrant.objects.filter(user=member).exists()
    assert AuditEvent.objects.filter(action="role.removed", target="user:analyst1").exists()


def test_an_administrator_cannot_take_away_their_own_administrator_role(db) -> None:
    me = make_staff("admin1", Role.ADMINISTRATOR)
    client = sign_in(Client(), me)
    grant = RoleGrant.objects.get(user=me)
    page = client.post(f"/staff/staff/{me.pk}/roles/{grant.pk}/remove/").content.decode()
    assert "You cannot take away your own administrator role" in page
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_a_deactivated_account_cannot_sign_in_and_can_be_reactivated(admin: Client) -> None:
    member = make_staff("analyst1", Role.ANALYST)
    admin.post(f"/staff/staff/{member.pk}/deactivate/")
    member.refresh_from_db()
    assert not member.is_active
    page = Client().post("/staff/sign-in/", {"username": "analyst1", "password": PASSWORD}).content.decode()
    assert "The username or password is not right" in page
    admin.post(f"/staff/staff/{member.pk}/reactivate/")
    member.refresh_from_db()
    assert member.is_active


def test_a_lost_phone_means_setting_up_the_app_again(admin: Client) -> None:
    member = make_staff("analyst1", Role.ANALYST)
    admin.post(f"/staff/staff/{member.pk}/reset-authenticator/")
    client = Client()
    client.post("/staff/sign-in/", {"username": "analyst1", "password": PASSWORD})
    assert client.get("/staff/sign-in/code/")["Location"] == "/staff/sign-in/set-up-authenticator/"
    assert AuditEvent.objects.filter(action="staff.two_factor_reset").exists()


def test_a_new_temporary_password_replaces_the_old_one(admin: Client) -> None:
    member = make_staff("analyst1", Role.ANALYST)
    admin.post(f"/staff/staff/{member.pk}/new-password/")
    page = admin.get(f"/staff/staff/{member.pk}/").content.decode()
    password = re.search(r'id="temporary-password">([^<]+)<', page).group(1)  # type: ignore[union-attr]
    member.refresh_from_db()
    assert member.check_password(password)
    assert member.staff_profile.must_change_password


def test_a_locked_out_account_is_shown_and_unlocked(admin: Client) -> None:
    member = make_staff("analyst1", Role.ANALYST)
    for _ in range(5):
        Client().post("/staff/sign-in/", {"username": "analyst1", "password": "wrong"})
    assert "Locked out" in admin.get("/staff/staff/").content.decode()
    admin.post(f"/staff/staff/{member.pk}/unlock/")
    assert "Locked out" not in admin.get("/staff/staff/").content.decode()
    assert (
        Client().post("/staff/sign-in/", {"username": "analyst1", "password": PASSWORD})["Location"]
        == "/staff/sign-in/code/"
    )
