"""The applications' files in an organisation's data export (see
`kivoucher.organizations.gdpr`): the decision letters and voucher certificates as
they were issued to the company."""

from kivoucher.applications.models import IssuedDocument


def organisation_files(organisation):
    return IssuedDocument.objects.filter(application__organisation=organisation).order_by("pk")


def organisation_open_matters(organisation) -> list[str]:
    """Open applications and vouchers not yet paid out: while there are any, the
    organisation's last owner cannot leave it (`organizations.selectors`)."""
    from django.utils.translation import ngettext

    from kivoucher.applications.models import Application, Voucher

    matters = []
    applications = Application.objects.filter(
        organisation=organisation, status__in=Application.OPEN
    ).count()
    if applications:
        matters.append(
            ngettext(
                "%(n)s open KI-Voucher application",
                "%(n)s open KI-Voucher applications",
                applications,
            )
            % {"n": applications}
        )
    vouchers = Voucher.objects.filter(
        application__organisation=organisation,
        status__in=(Voucher.Status.ACTIVE, Voucher.Status.REDEEMED),
    ).count()
    if vouchers:
        matters.append(
            ngettext("%(n)s open KI-Voucher", "%(n)s open KI-Vouchers", vouchers) % {"n": vouchers}
        )
    return matters
