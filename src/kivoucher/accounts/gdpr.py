"""Personal data of accounts kept by django-allauth (e-mail addresses, the
directory's claims of a sign-on, e-mail confirmations): removed with the person's
other personal data when the retention job anonymises them (the `anonymise`
contribution collected by `kivoucher.organizations.gdpr`)."""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from kivoucher.accounts.models import Registration


def anonymise(*, now=None, retention_days=None) -> dict[str, int]:
    anonymised = {"user__anonymised_at__isnull": False}
    return {
        "e-mail addresses deleted": EmailAddress.objects.filter(**anonymised).delete()[0],
        "directory links deleted": SocialAccount.objects.filter(**anonymised).delete()[0],
        "sign-up records deleted": Registration.objects.filter(**anonymised).delete()[0],
    }
