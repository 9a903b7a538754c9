"""Reads of line II with object-level access (foreign objects are 404)."""

import bisect
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.compute.models import (
    ComputeApplication,
    ComputeChangeNotice,
    ComputeChangeRequest,
    ComputeHold,
    ComputeVoucher,
    DataCentre,
    FinalReport,
    PriceItem,
    PriceListVersion,
    SettlementInvoice,
    SettlementStatement,
    Unit,
    UsageRecord,
)
from kivoucher.core.errors import NotFound, PermissionDenied
from kivoucher.core.money import round_money
from kivoucher.core.roles import Role
from kivoucher.organizations.selectors import member_organisation_ids


def data_centre_of_user(*, user, organisation: bool = True) -> DataCentre | None:
    """The data centre a dc_operator acts for (None for everybody else), with its
    organisation unless `organisation=False` (then loaded when first used)."""
    if getattr(user, "role", None) != Role.DC_OPERATOR:
        return None
    found = DataCentre.objects.filter(organisation__memberships__user=user).order_by("pk")
    if organisation:
        found = found.select_related("organisation")
    return found.first()


def data_centres_for_user(*, user) -> QuerySet[DataCentre]:
    qs = DataCentre.objects.select_related("organisation")
    if user.sees_everything:
        return qs
    return qs.filter(organisation__memberships__user=user)


def data_centre_get_for_user(*, user, code: str) -> DataCentre:
    dc = data_centres_for_user(user=user).filter(code=code).first()
    if dc is None:
        raise NotFound(_("Data centre not found."))
    return dc


def data_centre_by_code(*, code: str) -> DataCentre:
    """Any onboarded data centre (applicants choose one; they are public partners)."""
    dc = DataCentre.objects.select_related("organisation").filter(code=code).first()
    if dc is None:
        raise NotFound(_("Data centre not found."))
    return dc


def data_centres_for_applicants() -> QuerySet[DataCentre]:
    """Every onboarded data centre (public partners), with whether it takes new
    vouchers (`accepts_new_vouchers`): applicants choose one by its code."""
    return DataCentre.objects.select_related("organisation").order_by("code")


def data_centres_accepting() -> QuerySet[DataCentre]:
    """The data centres an application may name now: their Gaia-X evidence is valid."""
    return data_centres_for_applicants().filter(
        evidence_status__in=[DataCentre.Evidence.VALID, DataCentre.Evidence.EXPIRING]
    )


def gpu_hour_prices(*, data_centres, at: datetime | None = None) -> dict[int, list[PriceItem]]:
    """{data centre pk: its GPU-hour prices valid `at` (now), cheapest first}, in two
    queries for all of them (what an applicant compares on the form)."""
    at = at or timezone.now()
    latest: dict[int, int] = {}
    versions = (
        PriceListVersion.objects.filter(data_centre__in=data_centres, valid_from__lte=at)
        .order_by("data_centre_id", "valid_from", "version")
        .values_list("data_centre_id", "pk")
    )
    for dc_pk, version_pk in versions:
        latest[dc_pk] = version_pk  # the last one valid at `at` counts, as in PriceBook
    prices: dict[int, list[PriceItem]] = {dc_pk: [] for dc_pk in latest}
    items = PriceItem.objects.filter(
        price_list_id__in=latest.values(), unit=Unit.GPU_HOUR
    ).select_related("price_list")
    for item in sorted(items, key=lambda i: (i.price, i.resource)):
        prices[item.price_list.data_centre_id].append(item)
    return prices


def vouchers_for_user(*, user) -> QuerySet[ComputeVoucher]:
    qs = ComputeVoucher.objects.select_related(
        "account", "organisation", "data_centre__organisation"
    )
    if user.sees_everything:
        return qs
    dc = data_centre_of_user(user=user)
    if dc is not None:
        return qs.filter(data_centre=dc)
    return qs.filter(organisation_id__in=member_organisation_ids(user=user))


def voucher_get_for_user(*, user, code: str) -> ComputeVoucher:
    voucher = vouchers_for_user(user=user).filter(code=code).first()
    if voucher is None:
        raise NotFound(_("Voucher not found."))
    return voucher


def vouchers_redeemable_at(*, data_centre: DataCentre) -> QuerySet[ComputeVoucher]:
    return (
        ComputeVoucher.objects.select_related("account")
        .filter(data_centre=data_centre)
        .order_by("issued_at", "pk")
    )


def voucher_for_slurm_mapping(*, user, code: str) -> ComputeVoucher:
    """The voucher whose Slurm account `user` may set: the data centre's operators
    (vouchers redeemable there) and the members of the company holding it. Anyone
    else who may see it (staff) is refused; who may not see it gets a 404."""
    dc = data_centre_of_user(user=user)
    if dc is not None:
        return voucher_at_data_centre(data_centre=dc, code=code)
    voucher = voucher_get_for_user(user=user, code=code)
    if not voucher.organisation.memberships.filter(user=user).exists():
        raise PermissionDenied(
            _("Only the data centre and the company holding the voucher may set its Slurm account.")
        )
    return voucher


def slurm_mapping_allowed(*, user, voucher: ComputeVoucher) -> bool:
    """May `user` set the voucher's Slurm account (see voucher_for_slurm_mapping)?"""
    dc = data_centre_of_user(user=user, organisation=False)
    if dc is not None:
        return dc.pk == voucher.data_centre_id
    return voucher.organisation.memberships.filter(user=user).exists()


def evidence_lapsed(data_centre: DataCentre, *, now=None) -> bool:
    """True when the data centre's Gaia-X evidence does not (or no longer) hold: not
    verified as valid, or its expiry has passed (before the daily check noticed)."""
    now = now or timezone.now()
    expires = data_centre.evidence_expires_at
    return not data_centre.accepts_new_vouchers or (expires is not None and expires <= now)


def vouchers_usable_at(*, data_centre: DataCentre, now=None) -> QuerySet[ComputeVoucher]:
    """The vouchers that can be used at the data centre now: active (not used up,
    expired or cancelled) and within their validity; none at all while the data
    centre's Gaia-X evidence has lapsed. The site agent gives exactly these Slurm
    accounts a limit above zero."""
    now = now or timezone.now()
    if evidence_lapsed(data_centre, now=now):
        return ComputeVoucher.objects.none()
    return vouchers_redeemable_at(data_centre=data_centre).filter(
        status=ComputeVoucher.Status.ACTIVE,
        valid_until__gte=timezone.localdate(now),
        issued_at__lte=now,
    )


def voucher_at_data_centre(*, data_centre: DataCentre, code: str) -> ComputeVoucher:
    voucher = vouchers_redeemable_at(data_centre=data_centre).filter(code=code).first()
    if voucher is None:
        raise NotFound(_("Voucher not found."))
    return voucher


def hold_at_data_centre(*, data_centre: DataCentre, hold_id: str) -> ComputeHold:
    hold = (
        ComputeHold.objects.select_related("voucher", "data_centre", "ledger_hold")
        .filter(data_centre=data_centre, hold_id=hold_id)
        .first()
    )
    if hold is None:
        raise NotFound(_("Hold not found."))
    return hold


@dataclass(frozen=True)
class PriceBook:
    """All versions of a data centre's prices in memory, for pricing a batch."""

    starts: list[datetime]
    versions: list[tuple[PriceListVersion, dict[str, PriceItem]]]
    known: frozenset[str]

    def lookup(self, resource: str, at: datetime) -> tuple[PriceListVersion, PriceItem] | None:
        index = bisect.bisect_right(self.starts, at) - 1
        if index < 0:
            return None
        version, items = self.versions[index]
        item = items.get(resource)
        return (version, item) if item else None

    def current(self) -> list[PriceItem]:
        found = self.lookup_version(timezone.now())
        return sorted(found[1].values(), key=lambda i: i.resource) if found else []

    def lookup_version(self, at: datetime):
        index = bisect.bisect_right(self.starts, at) - 1
        return self.versions[index] if index >= 0 else None


def price_book(*, data_centre: DataCentre) -> PriceBook:
    """Every version of the data centre's prices with their items, in one query."""
    versions: dict[int, PriceListVersion] = {}
    items: dict[int, dict[str, PriceItem]] = {}
    rows = (
        PriceListVersion.objects.filter(data_centre=data_centre)
        .order_by("valid_from", "version", "items__pk")
        .values_list(
            "pk",
            "version",
            "valid_from",
            "created_at",
            "items__pk",
            "items__resource",
            "items__unit",
            "items__price",
            "items__slurm_tres",
        )
    )
    for pk, number, valid_from, created_at, item_pk, resource, unit, price, tres in rows:
        if pk not in versions:
            versions[pk] = PriceListVersion(
                pk=pk,
                data_centre=data_centre,
                version=number,
                valid_from=valid_from,
                created_at=created_at,
            )
            items[pk] = {}
        if item_pk is not None:
            items[pk][resource] = PriceItem(
                pk=item_pk,
                price_list_id=pk,
                resource=resource,
                unit=unit,
                price=price,
                slurm_tres=tres,
            )
    return PriceBook(
        starts=[v.valid_from for v in versions.values()],
        versions=[(v, items[pk]) for pk, v in versions.items()],
        known=frozenset(r for v in items.values() for r in v),
    )


def current_prices(*, data_centre: DataCentre):
    return price_book(data_centre=data_centre).current()


def usage_for_voucher(*, voucher: ComputeVoucher) -> QuerySet[UsageRecord]:
    return voucher.usage.select_related("reverses").order_by("-end", "-pk")


def usage_by_day(*, voucher: ComputeVoucher) -> list[dict]:
    """Charged amounts per day and resource, for the usage chart."""
    rows = (
        voucher.usage.annotate(day=TruncDate("end"))
        .values("day", "resource")
        .annotate(charged=Sum("charged"), quantity=Sum("quantity"))
        .order_by("day", "resource")
    )
    return [{**row, "charged": round_money(Decimal(str(row["charged"] or 0)))} for row in rows]


def statements_for_user(*, user) -> QuerySet[SettlementStatement]:
    qs = SettlementStatement.objects.select_related(
        "data_centre__organisation", "payout", "invoice"
    )
    if user.sees_everything:
        return qs
    return qs.filter(data_centre__organisation__memberships__user=user)


def statement_get_for_user(*, user, pk: int) -> SettlementStatement:
    statement = statements_for_user(user=user).filter(pk=pk).first()
    if statement is None:
        raise NotFound(_("Statement not found."))
    return statement


def settlement_invoice_get_for_user(*, user, pk: int) -> SettlementInvoice:
    """The invoice of statement `pk`, for those who may see the statement."""
    statement = statement_get_for_user(user=user, pk=pk)
    invoice = SettlementInvoice.objects.filter(statement=statement).first()
    if invoice is None:
        raise NotFound(_("The statement has no invoice yet."))
    return invoice


def applications_for_user(*, user) -> QuerySet[ComputeApplication]:
    qs = ComputeApplication.objects.select_related("organisation", "preferred_data_centre", "call")
    if user.sees_everything:
        return qs
    return qs.filter(organisation_id__in=member_organisation_ids(user=user))


def application_get_for_user(*, user, pk: int) -> ComputeApplication:
    application = applications_for_user(user=user).filter(pk=pk).first()
    if application is None:
        raise NotFound(_("Application not found."))
    return application


def reports_for_user(*, user) -> QuerySet[FinalReport]:
    qs = FinalReport.objects.select_related("voucher__organisation")
    if user.sees_everything:
        return qs
    return qs.filter(voucher__organisation_id__in=member_organisation_ids(user=user))


def report_get_for_user(*, user, pk: int) -> FinalReport:
    report = reports_for_user(user=user).filter(pk=pk).first()
    if report is None:
        raise NotFound(_("Report not found."))
    return report


def final_report_is_own(*, user, report: FinalReport) -> bool:
    """True if `user` acts for the company whose report it is (the one who submits it)."""
    return report.voucher.organisation.memberships.filter(user=user).exists()


def reports_overdue(*, today=None) -> QuerySet[FinalReport]:
    today = today or timezone.localdate()
    return FinalReport.objects.select_related("voucher__organisation").filter(
        status=FinalReport.Status.DUE, due_on__lt=today
    )


def evidence_expiring_soon(*, days: int = 14) -> QuerySet[DataCentre]:
    return DataCentre.objects.filter(evidence_expires_at__lt=timezone.now() + timedelta(days=days))


def change_requests_of_voucher(*, voucher: ComputeVoucher) -> QuerySet[ComputeChangeRequest]:
    """The voucher's change requests, newest first."""
    return (
        ComputeChangeRequest.objects.filter(voucher=voucher)
        .select_related("data_centre__organisation", "notice")
        .order_by("-submitted_at", "-pk")
    )


def change_request_get_for_user(*, user, pk: int) -> ComputeChangeRequest:
    """A change request of a compute voucher `user` may see (else 404)."""
    cr = (
        ComputeChangeRequest.objects.filter(
            pk=pk, voucher__in=vouchers_for_user(user=user).values("pk")
        )
        .select_related("voucher__organisation", "voucher__programme", "data_centre__organisation")
        .first()
    )
    if cr is None:
        raise NotFound(_("Change request not found."))
    return cr


def change_notice_of(*, change_request: ComputeChangeRequest) -> ComputeChangeNotice:
    notice = ComputeChangeNotice.objects.filter(change_request=change_request).first()
    if notice is None:
        raise NotFound(_("There is no notice yet."))
    return notice
