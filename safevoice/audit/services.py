"""Writing to the audit log. Every sensitive read and every change in the back office calls ``record_event``."""

from __future__ import annotations

import getpass
from datetime import datetime
from typing import Any

from django.utils import timezone

from safevoice.audit.models import AuditEvent


def record_event(
    *,
    actor: str,
    action: str,
    target: str = "",
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Add one event. ``details`` must never hold an answer's text or anything identifying a respondent."""
    return AuditEvent.objects.create(
        at=at or timezone.now(), actor=actor, action=action, target=target, details=details or {}
    )


def command_line_actor(command: str) -> str:
    """The actor for something done with ``manage.py``, where nobody signs in: the operating-system account and
    the command, e.g. "deploy (manage.py export_responses)"."""
    try:
        account = getpass.getuser()
    except (KeyError, OSError):  # no name for the process's user (some containers)
        account = "unknown account"
    return f"{account} (manage.py {command})"[:150]
