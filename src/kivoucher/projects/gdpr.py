"""Line I's files in an organisation's data export (see `kivoucher.organizations.gdpr`):
the invoices of the proofs of use, for the company and for its provider."""

from django.db.models import Q

from kivoucher.projects.models import ProofOfUse


def organisation_files(organisation):
    return ProofOfUse.objects.filter(
        Q(voucher__application__organisation=organisation)
        | Q(voucher__application__provider=organisation)
    ).order_by("pk")
