from django.apps import AppConfig


class JourneyConfig(AppConfig):
    """The resident's journey: start page, one question per page, check your answers, sent; save and return."""

    name = "safevoice.journey"
    label = "journey"

    def ready(self) -> None:
        from safevoice.journey import checks  # noqa: F401 - registers the deployment checks
