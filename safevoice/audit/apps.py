from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The append-only record of what staff did: who, what, when. Nothing in the application edits or deletes it."""

    name = "safevoice.audit"
    label = "audit"
