"""Tokens made before expiry existed get a year from the upgrade, so integrations
keep working while their owners replace them."""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone

GRACE = timedelta(days=365)


def fill(apps, schema_editor):
    ApiToken = apps.get_model("core", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=timezone.now() + GRACE)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_apitoken_expires_at")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
