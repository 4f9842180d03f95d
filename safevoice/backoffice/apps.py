from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    """The staff side at /staff/: sign-in with a second factor, roles, running consultations, reading responses.
    Nothing public imports it (the import-linter layers contract)."""

    name = "safevoice.backoffice"
    label = "backoffice"
