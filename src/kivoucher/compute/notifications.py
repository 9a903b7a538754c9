"""Line II mails sent through `organizations.notifications` (after commit)."""

from django.utils.translation import gettext_lazy as _

from kivoucher.compute.models import ComputeVoucher
from kivoucher.core.money import format_eur
from kivoucher.organizations.notifications import organisation_notify


def voucher_approved_notify(*, voucher: ComputeVoucher) -> None:
    """The company learns that its compute voucher is there; the data centre, that it
    has a new voucher to set up a Slurm account for."""
    params = {
        "code": voucher.code,
        "value": format_eur(voucher.value),
        "company": voucher.organisation.name,
        "dc": voucher.data_centre.organisation.name,
        "date": voucher.valid_until.strftime("%d.%m.%Y"),
    }
    path = voucher.get_absolute_url()
    organisation_notify(
        organisation=voucher.organisation,
        subject=_("KI-Compute-Voucher %(code)s approved"),
        body=_(
            "Your application was approved. Compute voucher %(code)s is worth %(value)s "
            "at %(dc)s and valid until %(date)s. The data centre will set up your Slurm "
            "account; the computing time you use there is charged to the voucher."
        ),
        params=params,
        path=path,
    )
    organisation_notify(
        organisation=voucher.data_centre.organisation,
        subject=_("New KI-Compute-Voucher %(code)s for %(company)s"),
        body=_(
            "Compute voucher %(code)s of %(company)s (%(value)s, valid until %(date)s) "
            "can be redeemed at your data centre. Please map the company's Slurm account "
            "to the voucher so that its usage is charged to it."
        ),
        params=params,
        path=path,
    )
