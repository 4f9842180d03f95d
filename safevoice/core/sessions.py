"""Database sessions that tell an outage apart from a deleted session.

Django's database session store reports any database error while updating a session as "the session was deleted"
(UpdateError), which the session middleware turns into a 400 page. When the database is restarting, that would
tell residents their request was malformed; re-raising the database error instead gives them the "please try
again" page (safevoice.core.views.server_error), and their answers, already saved in the session, are still there.
"""

from __future__ import annotations

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import InterfaceError, OperationalError


class SessionStore(DatabaseSessionStore):
    def save(self, must_create: bool = False) -> None:
        try:
            super().save(must_create=must_create)
        except UpdateError as exc:
            # A deleted row shows up as a plain DatabaseError ("Forced update did not affect any rows"); a lost
            # connection or a database shutting down as one of these.
            if isinstance(exc.__context__, OperationalError | InterfaceError):
                raise exc.__context__ from None
            raise
