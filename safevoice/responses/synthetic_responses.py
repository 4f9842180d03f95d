"""Storing synthetic responses (``safevoice.synthetic``) as the journey would store real ones, for demonstrations
and benchmarks. Never in production: a synthetic response among real ones could not be told apart afterwards.

Each answer set is one the web journey could have produced (the generator follows the engine's routing); stored
on the consultation's current questionnaire version, in its language, mostly online with some paper, easy read
and event responses, sent at times spread over the part of the consultation's open period that has passed, kept
to the hour, as sending keeps them. Identical answer sets sent close together are flagged, as sending flags them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safevoice.consultations.models import Consultation
from safevoice.questionnaires.models import QuestionnaireVersion
from safevoice.questionnaires.selectors import questionnaire_for_version
from safevoice.responses.models import Channel, Response
from safevoice.responses.services import answers_digest, duplicate_window, submission_hour
from safevoice.synthetic.profile import load_profile
from safevoice.synthetic.sampler import generate_answers

#: How responses come in, roughly, for a consultation that also takes paper and event forms.
CHANNEL_SHARES = {Channel.ONLINE: 0.86, Channel.PAPER: 0.08, Channel.EASY_READ: 0.04, Channel.EVENT: 0.02}
BATCH_SIZE = 2_000


class SyntheticResponsesRefused(Exception):
    """Synthetic responses cannot be added here; the message says why."""


@dataclass(frozen=True)
class Generated:
    stored: int
    flagged: int
    first: datetime | None
    last: datetime | None


def generate_synthetic_responses(
    *,
    consultation: Consultation,
    count: int,
    seed: int,
    profile_path: Path | None = None,
    now: datetime | None = None,
) -> Generated:
    """Store ``count`` synthetic responses; the same seed gives the same answers. ``profile_path``: the survey
    profile (``synthetic-profile.yaml``) to answer by; generic answers without one."""
    if settings.PRODUCTION:
        raise SyntheticResponsesRefused(
            "synthetic responses are never added with SAFEVOICE_ENV=production: they could not be told apart "
            "from real ones afterwards"
        )
    if count < 1:
        raise SyntheticResponsesRefused(f"the number of responses must be 1 or more, not {count}")
    now = now or timezone.now()
    start, end = consultation.opens_at, min(now, consultation.closes_at)
    if end <= start:
        raise SyntheticResponsesRefused(
            f"{consultation.slug} has not opened yet (it opens {consultation.opens_at:%Y-%m-%d %H:%M} UTC), so no "
            "response could have been sent"
        )
    version = (
        QuestionnaireVersion.objects.filter(consultation=consultation, is_current=True)
        .defer("definition")
        .first()
    )
    if version is None:
        raise SyntheticResponsesRefused(f"{consultation.slug} has no questionnaire to answer")
    questionnaire = questionnaire_for_version(version=version)
    profile = load_profile(profile_path, questionnaire) if profile_path is not None else None
    answer_sets = generate_answers(questionnaire, n=count, seed=seed, profile=profile)

    rng = np.random.default_rng([seed, 2])  # a stream of its own: the answers stay those of generate_answers
    seconds = np.sort(rng.uniform(0, (end - start).total_seconds(), size=count))
    sent_at = [start + timedelta(seconds=float(s)) for s in seconds]
    channels = rng.choice(list(CHANNEL_SHARES), size=count, p=list(CHANNEL_SHARES.values()))
    order = rng.permutation(count)  # answer sets in no particular order over the period
    digests = [answers_digest(a) for a in answer_sets]
    flagged = _flag_repeats([digests[i] for i in order], sent_at)

    rows = [
        Response(
            consultation=consultation,
            questionnaire_version=version,
            answers=answer_sets[i],
            language=questionnaire.language,
            channel=str(channels[n]),
            submitted_at=submission_hour(sent_at[n]),
            idempotency_token=uuid.uuid4(),
            answers_digest=digests[i],
            flagged_for_review=flagged[n],
        )
        for n, i in enumerate(order)
    ]
    with transaction.atomic():
        Response.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return Generated(
        stored=count, flagged=sum(flagged), first=rows[0].submitted_at, last=rows[-1].submitted_at
    )


def _flag_repeats(digests: list[str], sent_at: list[datetime]) -> list[bool]:
    """Which responses sending would have flagged: those with an identical answer set sent within the duplicate
    window of another (``sent_at`` is in order)."""
    window = duplicate_window()
    flagged = [False] * len(digests)
    last_seen: dict[str, int] = {}
    for n, digest in enumerate(digests):
        previous = last_seen.get(digest)
        if previous is not None and sent_at[n] - sent_at[previous] <= window:
            flagged[n] = flagged[previous] = True
        last_seen[digest] = n
    return flagged


def top_up_synthetic_responses(
    *, consultation: Consultation, target: int, seed: int, profile_path: Path | None = None
) -> int:
    """Add synthetic responses until the consultation has ``target`` (none when it already has that many), so
    a demonstration loaded again and again keeps about the same number; returns how many were added."""
    missing = target - Response.objects.filter(consultation=consultation).count()
    if missing <= 0:
        return 0
    return generate_synthetic_responses(
        consultation=consultation, count=missing, seed=seed, profile_path=profile_path
    ).stored
