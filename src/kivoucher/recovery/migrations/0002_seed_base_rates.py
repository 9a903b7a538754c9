"""The base rates of § 247 BGB (Basiszinssatz), one row per half-year, as published by
the Deutsche Bundesbank in the Bundesanzeiger. Only values confirmed by a source are
seeded (each row names it); admins add the others in the Django admin:

- 01.07.2002 – 01.01.2023: Prütting/Wegen/Weinreich, BGB, § 247 Rn 3 (haufe.de,
  https://haufe.de/recht/deutsches-anwalt-office-premium/pruettingwegenweinreich-bgb-247-bgb-basiszinssatz-b-hoehe-und-anpassung-des-basiszinssatzes_idesk_PI17574_HI15892686.html),
  which lists the values back to 1.7.2002, the last from BAnz AT 28.12.22 B5; the
  2002-2010 values also in the table of https://ais-rechtsanwaelte.de/rechtsgebiet/inkasso/basiszinsatz/;
- 01.07.2023 (3,12 %) and 01.01.2024 (3,62 %): Bundesbank announcement reported by
  https://flash-up.com/2023/12/basiszinssatz-wird-erhoeht-schuldner-muessen-mehr-zahlen/125548
  ("von 3,12 auf 3,62 Prozent") and https://www.vdwbayern.de/2024/01/10/basiszinssatzes-zum-1-januar-2024-anpassung-auf-362/;
- 01.07.2025 and 01.01.2026 (1,27 %): Bundesbank announcement of 1 January 2026,
  "bleibt unverändert bei 1,27 %" since July 2025
  (https://state-of.biz/bbk/bekanntgabe-des-basiszinssatzes-zum-1-januar-2026-basiszinssatz-bleibt-unveraendert-bei-127).

Not seeded (no source confirmed them here): 01.07.2024 and 01.01.2025; the interest
computation refuses a period that crosses a half-year without its row.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

PRUETTING = "Prütting/Wegen/Weinreich, BGB § 247 Rn 3 (Bundesanzeiger values)"
BBK_2024 = "Deutsche Bundesbank, Bekanntgabe zum 1. Januar 2024 (3,12 -> 3,62 %)"
BBK_2026 = "Deutsche Bundesbank, Bekanntgabe zum 1. Januar 2026 (unverändert 1,27 %)"

# (first half-year, last half-year, rate, source): the rate of every half-year between.
RANGES = [
    ((2002, 7), (2002, 7), "2.47", PRUETTING),
    ((2003, 1), (2003, 1), "1.97", PRUETTING),
    ((2003, 7), (2003, 7), "1.22", PRUETTING),
    ((2004, 1), (2004, 1), "1.14", PRUETTING),
    ((2004, 7), (2004, 7), "1.13", PRUETTING),
    ((2005, 1), (2005, 1), "1.21", PRUETTING),
    ((2005, 7), (2005, 7), "1.17", PRUETTING),
    ((2006, 1), (2006, 1), "1.37", PRUETTING),
    ((2006, 7), (2006, 7), "1.95", PRUETTING),
    ((2007, 1), (2007, 1), "2.70", PRUETTING),
    ((2007, 7), (2007, 7), "3.19", PRUETTING),
    ((2008, 1), (2008, 1), "3.32", PRUETTING),
    ((2008, 7), (2008, 7), "3.19", PRUETTING),
    ((2009, 1), (2009, 1), "1.62", PRUETTING),
    ((2009, 7), (2011, 1), "0.12", PRUETTING),
    ((2011, 7), (2011, 7), "0.37", PRUETTING),
    ((2012, 1), (2012, 7), "0.12", PRUETTING),
    ((2013, 1), (2013, 1), "-0.13", PRUETTING),
    ((2013, 7), (2013, 7), "-0.38", PRUETTING),
    ((2014, 1), (2014, 1), "-0.63", PRUETTING),
    ((2014, 7), (2014, 7), "-0.73", PRUETTING),
    ((2015, 1), (2016, 1), "-0.83", PRUETTING),
    ((2016, 7), (2022, 7), "-0.88", PRUETTING),
    ((2023, 1), (2023, 1), "1.62", PRUETTING),
    ((2023, 7), (2023, 7), "3.12", BBK_2024),
    ((2024, 1), (2024, 1), "3.62", BBK_2024),
    ((2025, 7), (2026, 1), "1.27", BBK_2026),
]


def half_years(first, last):
    year, month = first
    while (year, month) <= last:
        yield date(year, month, 1)
        year, month = (year, 7) if month == 1 else (year + 1, 1)


def seed(apps, schema_editor):
    BaseRate = apps.get_model("recovery", "BaseRate")
    for first, last, rate, source in RANGES:
        for day in half_years(first, last):
            BaseRate.objects.get_or_create(
                valid_from=day, defaults={"rate": Decimal(rate), "source": source}
            )


def unseed(apps, schema_editor):
    apps.get_model("recovery", "BaseRate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("recovery", "0001_receivables_cases_objections")]

    operations = [migrations.RunPython(seed, unseed)]
