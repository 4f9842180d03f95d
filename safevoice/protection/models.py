from __future__ import annotations

from django.db import models


class RateLimitCounter(models.Model):
    """How many times one opaque client key used one protected action in one time window."""

    bucket = models.CharField(max_length=40)
    client_key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["bucket", "client_key", "window_start"], name="one_counter_per_client_window"
            )
        ]
        indexes = [models.Index(fields=["window_start"], name="ratelimit_window_idx")]

    def __str__(self) -> str:
        return f"{self.bucket} {self.window_start:%Y-%m-%d %H:%M} × {self.count}"
