"""The two half-years 0002 left out, derived by the rule of § 247 Abs. 1 BGB: the base
rate moves by as many points as the ECB's main refinancing rate moved since the last
adjustment (its rate for the latest operation before the half-year's first day).

- 01.07.2024: MRO 4.50 % -> 4.25 % (effective 19.06.2024): 3.62 - 0.25 = 3.37 %;
- 01.01.2025: MRO 4.25 % -> 3.15 % (effective 18.12.2024): 3.37 - 1.10 = 2.27 %;
- check: 01.07.2025, MRO 3.15 % -> 2.15 % (effective 11.06.2025): 2.27 - 1.00 = 1.27 %,
  the value 0002 seeded from the Bundesbank's announcement.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

SOURCE = "§ 247 Abs. 1 BGB from the ECB main refinancing rate (see migration 0003)"
ROWS = [(date(2024, 7, 1), "3.37"), (date(2025, 1, 1), "2.27")]


def seed(apps, schema_editor):
    BaseRate = apps.get_model("recovery", "BaseRate")
    for day, rate in ROWS:
        BaseRate.objects.get_or_create(
            valid_from=day, defaults={"rate": Decimal(rate), "source": SOURCE}
        )


def unseed(apps, schema_editor):
    BaseRate = apps.get_model("recovery", "BaseRate")
    BaseRate.objects.filter(valid_from__in=[day for day, _rate in ROWS], source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("recovery", "0002_seed_base_rates")]

    operations = [migrations.RunPython(seed, unseed)]
