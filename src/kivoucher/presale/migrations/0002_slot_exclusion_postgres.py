"""No partition-hour is ever booked twice: on PostgreSQL an exclusion constraint
(btree_gist) over (offer, partition, [start, end)) for active slots. SQLite has no
such constraint; the allocation service checks there."""

from django.db import migrations

CONSTRAINT = "presale_slot_no_double_booking"

CREATE = f"""
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE presale_slot ADD CONSTRAINT {CONSTRAINT}
    EXCLUDE USING gist (
        offer_id WITH =,
        partition WITH =,
        tstzrange(start, "end", '[)') WITH &&
    ) WHERE (status <> 'released');
"""
DROP = f"ALTER TABLE presale_slot DROP CONSTRAINT IF EXISTS {CONSTRAINT};"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("presale", "0001_offers_purchases_slots")]

    operations = [migrations.RunPython(forwards, backwards)]
