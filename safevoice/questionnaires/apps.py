from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    """Questionnaires as data: schema, validator, routing engine and the resident's question pages."""

    name = "safevoice.questionnaires"
    label = "questionnaires"
