"""A questionnaire as stored: one immutable row per version, so every response can say what it answered."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from safevoice.consultations.models import Consultation


class QuestionnaireVersion(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="questionnaire_versions"
    )
    questionnaire_id = models.SlugField(
        max_length=63, help_text=_("The stable id in the questionnaire file.")
    )
    version = models.CharField(max_length=50)
    language = models.CharField(max_length=20)
    definition = models.JSONField(help_text=_("The validated questionnaire file, as JSON."))
    sha256 = models.CharField(
        max_length=64, help_text=_("Of the canonical JSON: proves a version never changed.")
    )
    is_current = models.BooleanField(
        default=False, help_text=_("The version new respondents answer. One per consultation.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["consultation", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "version"], name="questionnaire_version_unique"),
            models.UniqueConstraint(
                fields=["consultation"],
                condition=models.Q(is_current=True),
                name="one_current_questionnaire_per_consultation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire_id} {self.version}"
