"""Deleting what has outlived its use. Each kind of record says when it expires; this removes the expired ones.

- Sessions (a resident's unsent answers live in theirs) once their expiry date has passed.
- Saved answers once their consultation has closed.
- Rate-limit counters a day after their window began.
- The idempotency token of a response a few hours after it was sent (SAFEVOICE_IDEMPOTENCY_HOURS).
- Export files (copies of responses) SAFEVOICE_EXPORT_KEEP_HOURS after the export finished.

Retention, which deletes a consultation's responses after its retention date, is in ``retention`` and runs daily.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.sessions.models import Session

from safevoice.exports.services import delete_expired_exports
from safevoice.protection.services import purge_expired_counters
from safevoice.responses.services import clear_old_idempotency_tokens, purge_expired_saved_answers


@dataclass(frozen=True)
class Deleted:
    sessions: int
    saved_answers: int
    rate_limit_counters: int
    idempotency_tokens: int
    exports: int = 0

    def __str__(self) -> str:
        return (
            f"{self.sessions} expired session(s), {self.saved_answers} expired set(s) of saved answers, "
            f"{self.rate_limit_counters} expired rate-limit counter(s), "
            f"{self.idempotency_tokens} idempotency token(s) no longer needed, {self.exports} expired export(s)"
        )


def delete_expired(*, now: datetime) -> Deleted:
    sessions, _ = Session.objects.filter(expire_date__lte=now).delete()
    return Deleted(
        sessions=sessions,
        saved_answers=purge_expired_saved_answers(now=now),
        rate_limit_counters=purge_expired_counters(now=now),
        idempotency_tokens=clear_old_idempotency_tokens(now=now),
        exports=delete_expired_exports(now=now),
    )
