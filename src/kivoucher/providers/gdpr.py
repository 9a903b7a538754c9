"""Providers' files in an organisation's data export (see `kivoucher.organizations.gdpr`):
the evidence uploaded with its accreditations."""

from kivoucher.providers.models import Evidence


def organisation_files(organisation):
    return Evidence.objects.filter(accreditation__organisation=organisation).order_by("pk")
