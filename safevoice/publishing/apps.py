from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """Putting content on the site: a consultation folder or the support services file, checked then written."""

    name = "safevoice.publishing"
    label = "publishing"
