from django.apps import AppConfig


class JourneyConfig(AppConfig):
    """The resident's journey: start page, one question per page, check your answers, sent; save and return."""

    name = "safevoice.journey"
    label = "journey"
