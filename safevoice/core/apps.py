from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The site's shell: base layout, safety, cookies and accessibility pages, privacy headers, error pages."""

    name = "safevoice.core"
    label = "core"
