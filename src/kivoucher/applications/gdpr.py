"""The applications' files in an organisation's data export (see
`kivoucher.organizations.gdpr`): the decision letters and voucher certificates as
they were issued to the company."""

from kivoucher.applications.models import IssuedDocument


def organisation_files(organisation):
    return IssuedDocument.objects.filter(application__organisation=organisation).order_by("pk")
