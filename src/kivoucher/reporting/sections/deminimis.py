"""How much of the de-minimis ceiling the funded companies have used."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kivoucher.core.money import ZERO, format_eur
from kivoucher.programmes.models import Programme
from kivoucher.reporting import selectors
from kivoucher.reporting.filters import ReportFilter
from kivoucher.reporting.sections.base import Section, SectionResult
from kivoucher.reporting.svg import bar_chart
from kivoucher.reporting.tables import COUNT, MONEY, Column, Table


class DeMinimisSection(Section):
    key = "de-minimis"
    title = gettext_lazy("De-minimis headroom")
    order = 40

    def build(self, report_filter: ReportFilter) -> SectionResult:
        programme = None
        if report_filter.programme_id:
            programme = Programme.objects.filter(pk=report_filter.programme_id).first()
        ceiling = programme.de_minimis_ceiling if programme else Decimal("300000")
        years = programme.de_minimis_years if programme else 3
        rows = selectors.de_minimis_usage(report_filter=report_filter, ceiling=ceiling, years=years)
        table = Table(
            "de-minimis-used",
            _("Companies by share of the de-minimis ceiling used"),
            [
                Column("bucket", _("Share of the ceiling used")),
                Column("companies", _("Companies"), COUNT),
                Column("used", _("De-minimis aid received"), MONEY),
            ],
            rows,
            note=_(
                "All de-minimis aid (granted here and declared) in the %(years)s years up to the "
                "end of the period, per organisation, against a ceiling of %(ceiling)s."
            )
            % {"years": years, "ceiling": format_eur(ceiling)},
        )
        companies = sum(n for _b, n, _u in rows)
        used = sum((u for _b, _n, u in rows), ZERO)
        share = used * 100 / (companies * ceiling) if companies else ZERO
        return SectionResult(
            key=self.key,
            title=str(self.title),
            intro=_("De-minimis aid is limited per single undertaking over three years."),
            facts=[
                (_("Companies"), str(companies)),
                (_("De-minimis aid received"), format_eur(used)),
                (_("Average share of the ceiling used"), f"{share:.1f} %".replace(".", ",")),
            ],
            charts=[
                bar_chart(
                    key="de-minimis-used",
                    title=_("Share of the de-minimis ceiling used"),
                    table=table,
                    label_column="bucket",
                    value_column="companies",
                )
            ],
        )
