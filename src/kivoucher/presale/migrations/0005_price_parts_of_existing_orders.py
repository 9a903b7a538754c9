"""Every hours order placed before price parts existed was priced whole at its tier's
price or, without a tier, at the regular price: one part each."""

from django.db import migrations


def forwards(apps, schema_editor):
    Purchase = apps.get_model("presale", "Purchase")
    PurchasePricePart = apps.get_model("presale", "PurchasePricePart")
    orders = (
        Purchase.objects.filter(kind="hours", unit_hours__gt=0, price_parts__isnull=True)
        .select_related("tier", "offer")
        .order_by("pk")
    )
    PurchasePricePart.objects.bulk_create(
        (
            PurchasePricePart(
                purchase_id=order.pk,
                tier_id=order.tier_id,
                unit_hours=order.unit_hours,
                price=order.tier.price if order.tier_id else order.offer.regular_price,
            )
            for order in orders.iterator(chunk_size=500)
        ),
        batch_size=500,
    )


def backwards(apps, schema_editor):
    apps.get_model("presale", "PurchasePricePart").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("presale", "0004_price_parts_calendar_feeds_slurm_prefix")]

    operations = [migrations.RunPython(forwards, backwards)]
