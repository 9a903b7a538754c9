"""Line III on the dashboard: the pre-sale's progress towards its funding target and
the order book (collected by `kivoucher.reporting.sections`)."""

from datetime import date

from django.db.models import CharField, Count, Sum
from django.db.models.functions import Cast, Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kivoucher.core.money import ZERO, format_eur
from kivoucher.presale.models import Offer, Purchase
from kivoucher.reporting.sections import (
    COUNT,
    DATE,
    MONEY,
    PERCENT,
    Column,
    ReportFilter,
    Section,
    SectionResult,
    Table,
    bar_chart,
    line_chart,
    status_table,
)

# Paid purchases: money received, whatever became of the hours since.
PAID = [Purchase.Status.CONFIRMED, Purchase.Status.ACTIVE, Purchase.Status.EXPIRED]


class PresaleSection(Section):
    key = "presale"
    title = gettext_lazy("Capacity pre-sale")
    order = 70

    def build(self, report_filter: ReportFilter) -> SectionResult:
        offers = report_filter.apply(Offer.objects.order_by("pk"), programme="programme_id")
        purchases = report_filter.apply(
            Purchase.objects.filter(status__in=PAID),
            programme="offer__programme_id",
            state="buyer__federal_state",
        )
        if report_filter.end:  # the order book runs from the first sale up to the period's end
            purchases = purchases.filter(confirmed_at__lte=report_filter.end)
        sold = {
            row["offer_id"]: row
            for row in purchases.values("offer_id")
            .annotate(
                amount=Sum("amount"),
                hours=Sum("unit_hours"),
                shares=Sum("shares"),
                n=Count("pk"),
                buyers=Count("buyer_id", distinct=True),
            )
            .order_by()
        }
        rows = []
        for offer in offers:
            s = sold.get(offer.pk, {})
            amount = s.get("amount") or ZERO
            share = amount * 100 / offer.funding_target if offer.funding_target else ZERO
            rows.append(
                (
                    offer.title,
                    offer.funding_target,
                    amount,
                    share,
                    s.get("hours") or 0,
                    s.get("shares") or 0,
                    s.get("n") or 0,
                )
            )
        progress = Table(
            "presale-progress",
            _("Pre-sale progress"),
            [
                Column("offer", _("Offer")),
                Column("target", _("Funding target"), MONEY),
                Column("raised", _("Paid in"), MONEY),
                Column("share", _("Of the target"), PERCENT),
                Column("hours", _("Unit-hours sold"), COUNT),
                Column("shares", _("Shares subscribed"), COUNT),
                Column("purchases", _("Purchases"), COUNT),
            ],
            rows,
        )
        daily = (
            purchases.annotate(day=Substr(Cast("confirmed_at", CharField()), 1, 10))
            .values_list("day")
            .annotate(amount=Sum("amount"), hours=Sum("unit_hours"))
            .order_by("day")
        )
        running, hours, book = ZERO, 0, []
        for day, amount, unit_hours in daily:
            running += amount or ZERO
            hours += unit_hours or 0
            if day and (
                not report_filter.date_from or date.fromisoformat(day) >= report_filter.date_from
            ):
                book.append((date.fromisoformat(day), running, hours))
        order_book = Table(
            "presale-order-book",
            _("Order book: paid purchases over time"),
            [
                Column("date", _("Date"), DATE),
                Column("amount", _("Paid in (cumulative)"), MONEY),
                Column("hours", _("Unit-hours sold (cumulative)"), COUNT),
            ],
            book,
        )
        status_rows = (
            Purchase.objects.filter(offer__in=offers)
            .values_list("status")
            .annotate(n=Count("pk"), amount=Sum("amount"))
            .order_by("status")
        )
        labels = dict(Purchase.Status.choices)
        by_status = status_table(
            "presale-by-status",
            _("Purchases by status"),
            noun=_("Purchases"),
            labels=labels,
            rows=status_rows,
        )
        total = sum((r[2] for r in rows), ZERO)
        target = sum((r[1] for r in rows), ZERO)
        return SectionResult(
            key=self.key,
            title=str(self.title),
            intro=_("Paid purchases of capacity and shares against the funding target."),
            facts=[
                (_("Funding target"), format_eur(target)),
                (_("Paid in"), format_eur(total)),
            ],
            charts=[
                bar_chart(
                    key="presale-progress",
                    title=_("Paid in per offer"),
                    table=progress,
                    label_column="offer",
                    value_column="raised",
                ),
                line_chart(
                    key="presale-order-book",
                    title=_("Order book over time"),
                    table=order_book,
                    x_column="date",
                    series=["amount"],
                ),
            ],
            tables=[by_status],
        )


SECTIONS = [PresaleSection()]
