from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HousekeepingConfig(AppConfig):
    """What is deleted when (expired sessions, saved answers, rate-limit counters), and the task that does it."""

    name = "safevoice.housekeeping"
    label = "housekeeping"

    def ready(self) -> None:
        from safevoice.housekeeping.scheduling import schedule_after_migrate

        # Every migrate leaves the next run queued, so a fresh deployment is tidied without anyone remembering to.
        post_migrate.connect(schedule_after_migrate, sender=self)
