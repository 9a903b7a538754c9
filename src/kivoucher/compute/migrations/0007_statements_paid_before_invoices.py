"""Statements approved before e-invoices were asked for had their payout queued at
approval: they count as invoiced (their payout exists), not as awaiting an invoice."""

from django.db import migrations


def forwards(apps, schema_editor):
    SettlementStatement = apps.get_model("compute", "SettlementStatement")
    SettlementStatement.objects.filter(status="approved", payout__isnull=False).update(
        status="invoiced"
    )


class Migration(migrations.Migration):
    dependencies = [("compute", "0006_settlement_invoice")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
