"""The audit log in 16 chains (core/audit.py). The rows written before are shard 1's
chain as they were written (hash version 1, head 1 was the single head): nothing
is rehashed."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0004_apitoken_expires_at_required")]

    operations = [
        migrations.AlterModelOptions(
            name="auditevent",
            options={
                "ordering": ["created_at", "id"],
                "verbose_name": "audit event",
                "verbose_name_plural": "audit events",
            },
        ),
        migrations.RemoveConstraint(model_name="audithead", name="audithead_single_row"),
        migrations.AddField(
            model_name="auditevent",
            name="hash_version",
            field=models.PositiveSmallIntegerField(default=1),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="shard",
            field=models.PositiveSmallIntegerField(default=1),
            preserve_default=False,
        ),
        migrations.AlterField(model_name="auditevent", name="seq", field=models.BigIntegerField()),
        migrations.AlterField(
            model_name="audithead",
            name="id",
            field=models.PositiveSmallIntegerField(primary_key=True, serialize=False),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["created_at", "id"], name="auditevent_time_order"),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                fields=("shard", "seq"), name="auditevent_one_row_per_link"
            ),
        ),
        migrations.AddConstraint(
            model_name="audithead",
            constraint=models.CheckConstraint(
                condition=models.Q(("id__lt", 16)), name="audithead_shard_range"
            ),
        ),
    ]
