"""Retention of what the compute app's background work leaves in the media storage:
sacct import files and summaries, deleted after KIVOUCHER_TASK_RESULT_DAYS (the retention job,
`kivoucher anonymise-personal-data`)."""

from kivoucher.core.gdpr import stored_files_delete


def anonymise(*, now=None, retention_days=None) -> dict[str, int]:
    deleted = stored_files_delete(folder="imports", prefix="sacct-", now=now)
    return {"sacct import files and summaries deleted": deleted}


def organisation_open_matters(organisation) -> list[str]:
    """Open compute applications and usable compute vouchers: while there are any, the
    organisation's last owner cannot leave it (`organizations.selectors`)."""
    from django.utils.translation import ngettext

    from kivoucher.compute.models import ComputeApplication, ComputeVoucher

    matters = []
    applications = ComputeApplication.objects.filter(
        organisation=organisation, status__in=ComputeApplication.OPEN
    ).count()
    if applications:
        matters.append(
            ngettext(
                "%(n)s open compute voucher application",
                "%(n)s open compute voucher applications",
                applications,
            )
            % {"n": applications}
        )
    vouchers = ComputeVoucher.objects.filter(
        organisation=organisation, status=ComputeVoucher.Status.ACTIVE
    ).count()
    if vouchers:
        matters.append(
            ngettext("%(n)s usable compute voucher", "%(n)s usable compute vouchers", vouchers)
            % {"n": vouchers}
        )
    return matters


def organisation_files(organisation):
    """The invoices of a data centre's settlement statements (its own and the
    programme's self-billing invoices in its name), in its data export."""
    from kivoucher.compute.models import SettlementInvoice

    return list(
        SettlementInvoice.objects.filter(
            statement__data_centre__organisation=organisation
        ).order_by("pk")
    )
