"""Anonymous responses and saved, unfinished answers.

Nothing here describes the respondent's device or network: no IP address, user agent, user or session id.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from safevoice.consultations.models import Consultation
from safevoice.questionnaires.models import QuestionnaireVersion


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    EASY_READ = "easy_read", _("Easy read")
    PAPER = "paper", _("Paper")
    EVENT = "event", _("At an event")


class Response(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="responses")
    questionnaire_version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.PROTECT, related_name="responses"
    )
    answers = models.JSONField(
        help_text=_("Question id to answer, only for questions the respondent was shown.")
    )
    language = models.CharField(max_length=20)
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    # To the hour only: a precise time would join the response to any log of the request that sent it.
    submitted_at = models.DateTimeField()
    # One per attempt, made when the attempt starts: a double click or a resent form cannot store a second copy.
    # Cleared a few hours after sending (housekeeping), once no resent form can still arrive.
    idempotency_token = models.UUIDField(unique=True, null=True, editable=False)
    # SHA-256 of the canonical JSON of the answers: finds identical answer sets sent close together.
    answers_digest = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    flagged_for_review = models.BooleanField(
        default=False,
        help_text=_(
            "Set when identical answers were sent within a few minutes of each other: possibly one person "
            "sending many times. Kept, for a person to review; never deleted automatically."
        ),
    )
    # Left out of analysis and exports by a member of staff, with their reason; kept, and put back the same way
    # (``services.exclude_response`` / ``include_response``, each in the audit log).
    excluded_from_analysis = models.BooleanField(default=False)
    exclusion_reason = models.TextField(blank=True)
    excluded_by = models.CharField(
        max_length=150, blank=True, help_text=_("The username of who excluded it.")
    )
    excluded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        indexes = [models.Index(fields=["consultation", "submitted_at"], name="response_by_consultation")]

    def __str__(self) -> str:
        return f"Response {self.pk}"


class SavedAnswers(models.Model):
    """Answers saved to finish later, found only by the hash of the resume code (the code itself is not kept)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="saved_answers")
    questionnaire_version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.CASCADE, related_name="saved_answers"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    answers = models.JSONField()
    visited_pages = models.JSONField(default=list, help_text=_("Page ids already gone through, in order."))
    reached_check_answers = models.BooleanField(default=False)
    attempt_started_at = models.DateTimeField(
        help_text=_("When the respondent began: decides the closing grace.")
    )
    saved_at = models.DateTimeField()
    expires_at = models.DateTimeField(help_text=_("When the consultation closes; deleted after this."))

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="saved_answers_expiry")]

    def __str__(self) -> str:
        return f"Saved answers {self.pk}"
