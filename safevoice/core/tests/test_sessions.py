from unittest import mock

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.db import OperationalError

from safevoice.core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_database_outage_while_saving_is_reported_as_an_outage_not_a_deleted_session():
    session = SessionStore()
    session["answers"] = {"affected": ["victim"]}
    session.save()
    session["answers"] = {"affected": ["witness"]}
    with (
        mock.patch("django.db.models.Model.save", side_effect=OperationalError("terminating connection")),
        pytest.raises(OperationalError),
    ):
        session.save()


def test_a_session_deleted_meanwhile_is_still_reported_as_deleted():
    session = SessionStore()
    session["answers"] = {"affected": ["victim"]}
    session.save()
    SessionStore(session_key=session.session_key).delete()
    session["answers"] = {"affected": ["witness"]}
    with pytest.raises(UpdateError):
        session.save()


def test_answers_survive_a_round_trip():
    session = SessionStore()
    session["answers"] = {"affected": ["victim"]}
    session.save()
    assert SessionStore(session_key=session.session_key)["answers"] == {"affected": ["victim"]}
