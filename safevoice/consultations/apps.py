from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    """Consultations as content: loading, lifecycle, the public page, events, support services."""

    name = "safevoice.consultations"
    label = "consultations"
