"""Receivables on the dashboard: what is owed to the programme, by kind and status,
outstanding, repaid and written off (collected by `kivoucher.reporting.sections`)."""

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kivoucher.core.money import ZERO, format_eur, round_money
from kivoucher.recovery.models import Receivable, RecoveryCase
from kivoucher.reporting.sections import (
    COUNT,
    MONEY,
    Column,
    ReportFilter,
    Section,
    SectionResult,
    Table,
)


def _m(value) -> object:
    return round_money(value or ZERO)


class ReceivablesSection(Section):
    key = "receivables"
    title = gettext_lazy("Receivables and recovery")
    order = 55

    def build(self, report_filter: ReportFilter) -> SectionResult:
        receivables = report_filter.apply(
            Receivable.objects.all(),
            call="call_id",
            programme="call__programme_id",
            state="organisation__federal_state",
            moment="created_at",
        )
        kinds = dict(Receivable.Kind.choices)
        statuses = dict(Receivable.Status.choices)
        rows = []
        totals = {"due": ZERO, "repaid": ZERO, "written_off": ZERO, "outstanding": ZERO}
        grouped = (
            receivables.values_list("kind", "status")
            .annotate(
                n=Count("pk"),
                amount=Sum("amount"),
                interest=Sum("interest"),
                repaid=Sum("amount_repaid"),
                written_off=Sum("amount_written_off"),
            )
            .order_by("kind", "status")
        )
        for kind, status, n, amount, interest, repaid, written_off in grouped:
            due = _m(amount) + _m(interest)
            outstanding = due - _m(repaid) if status == Receivable.Status.OPEN else ZERO
            rows.append(
                (
                    str(kinds.get(kind, kind)),
                    str(statuses.get(status, status)),
                    n,
                    due + _m(written_off),
                    _m(repaid),
                    _m(written_off),
                    outstanding,
                )
            )
            totals["due"] += due + _m(written_off)
            totals["repaid"] += _m(repaid)
            totals["written_off"] += _m(written_off)
            totals["outstanding"] += outstanding
        table = Table(
            "receivables-by-status",
            _("Receivables by kind and status"),
            [
                Column("kind", _("Kind")),
                Column("status", _("Status")),
                Column("count", _("Receivables"), COUNT),
                Column("due", _("Established"), MONEY),
                Column("repaid", _("Recovered"), MONEY),
                Column("written_off", _("Written off"), MONEY),
                Column("outstanding", _("Outstanding"), MONEY),
            ],
            rows,
        )
        cases = report_filter.apply(
            RecoveryCase.objects.all(),
            call="call_id",
            programme="call__programme_id",
            state="organisation__federal_state",
            moment="started_at",
        )
        labels = dict(RecoveryCase.Status.choices)
        case_table = Table(
            "recovery-cases-by-status",
            _("Recovery cases by status"),
            [
                Column("status", _("Status")),
                Column("count", _("Cases"), COUNT),
                Column("amount", _("Amount"), MONEY),
            ],
            [
                (str(labels.get(s, s)), n, _m(a))
                for s, n, a in cases.values_list("status")
                .annotate(n=Count("pk"), a=Sum("amount"))
                .order_by("status")
            ],
        )
        return SectionResult(
            key=self.key,
            title=str(self.title),
            intro=_(
                "Money the programme is owed: overpayments found by a final proof of use "
                "and recoveries decided after a hearing, with interest."
            ),
            facts=[
                (_("Outstanding"), format_eur(totals["outstanding"])),
                (_("Recovered"), format_eur(totals["repaid"])),
                (_("Written off"), format_eur(totals["written_off"])),
            ],
            tables=[table, case_table],
        )


SECTIONS = [ReceivablesSection()]
