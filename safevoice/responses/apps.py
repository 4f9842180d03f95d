from django.apps import AppConfig


class ResponsesConfig(AppConfig):
    """Anonymous responses: submission, save and return, closing rules; selectors that feed analysis."""

    name = "safevoice.responses"
    label = "responses"
