"""A cache of daily ledger sums for the budget figures (reporting owns it; the
ledger stays the only truth).

`LedgerDay` holds, per UTC day, source, destination and kind, the sum of the
transfers that touch a call's budget accounts, for the transfers up to the
watermark `LedgerRollup.upto`. Readers add the transfers above the watermark
live, so the figures equal the ledger to the cent; the rollup is checked on every
read (the count of transfers up to the watermark must be unchanged) and rebuilt
when a late-committed transfer slipped under it.
"""

from django.db import models

MONEY = {"max_digits": 18, "decimal_places": 2}


class LedgerRollup(models.Model):
    generation = models.PositiveIntegerField(default=1)
    upto = models.BigIntegerField(default=0, help_text="highest transfer id summed")
    transfers = models.BigIntegerField(default=0, help_text="transfers with id <= upto")
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "ledger rollup state"

    def __str__(self) -> str:
        return f"rollup g{self.generation} up to #{self.upto}"


class LedgerDay(models.Model):
    generation = models.PositiveIntegerField()
    upto = models.BigIntegerField()
    day = models.CharField(max_length=10)
    source_id = models.BigIntegerField()
    destination_id = models.BigIntegerField()
    kind = models.CharField(max_length=40)
    amount = models.DecimalField(**MONEY)
    transfers = models.PositiveIntegerField()

    class Meta:
        verbose_name = "ledger day sum"
        indexes = [
            models.Index(fields=["generation", "source_id"], name="rep_ledgerday_src"),
            models.Index(fields=["generation", "destination_id"], name="rep_ledgerday_dst"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.source_id}->{self.destination_id} {self.kind} {self.amount}"
