"""Responses stored before submission times were coarsened get the same treatment: their time, to the hour.

There is no way back (the minutes are gone), so reversing leaves the hours as they are."""

from django.db import migrations
from django.db.models.functions import TruncHour


def to_the_hour(apps, schema_editor):
    Response = apps.get_model("responses", "Response")
    Response.objects.update(submitted_at=TruncHour("submitted_at"))


class Migration(migrations.Migration):
    dependencies = [("responses", "0003_idempotency_token_may_be_cleared")]

    operations = [migrations.RunPython(to_the_hour, migrations.RunPython.noop)]
