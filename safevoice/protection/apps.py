from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    """Abuse protection that keeps respondents anonymous: rate limits keyed on a daily-rotating HMAC of the address."""

    name = "safevoice.protection"
    label = "protection"
