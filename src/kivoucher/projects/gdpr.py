"""Line I's files in an organisation's data export (see `kivoucher.organizations.gdpr`):
the invoices of the proofs of use and of the instalments, for the company and for its
provider."""

from itertools import chain

from django.db.models import Q

from kivoucher.projects.models import InstalmentInvoice, ProofOfUse


def organisation_files(organisation):
    proofs = ProofOfUse.objects.filter(
        Q(voucher__application__organisation=organisation)
        | Q(voucher__application__provider=organisation)
    ).order_by("pk")
    instalment_invoices = InstalmentInvoice.objects.filter(
        Q(instalment__voucher__application__organisation=organisation)
        | Q(instalment__voucher__application__provider=organisation)
    ).order_by("pk")
    return list(chain(proofs, instalment_invoices))
