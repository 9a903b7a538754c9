"""A head row for each of the 16 chains (head 1, the former single head, stays)."""

from django.db import migrations

SHARDS = 16  # core.models.AUDIT_SHARDS when this migration was written


def heads_create(apps, schema_editor):
    AuditHead = apps.get_model("core", "AuditHead")
    AuditHead.objects.bulk_create(
        [AuditHead(id=shard) for shard in range(SHARDS)], ignore_conflicts=True
    )


def heads_remove(apps, schema_editor):
    """Back to the single chain: possible only while no other chain has rows."""
    AuditHead = apps.get_model("core", "AuditHead")
    if AuditHead.objects.exclude(id=1).filter(seq__gt=0).exists():
        raise RuntimeError("The audit log has rows in chains other than 1: no way back.")
    AuditHead.objects.exclude(id=1).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0005_audit_shards")]

    operations = [migrations.RunPython(heads_create, heads_remove)]
