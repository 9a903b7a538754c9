"""Mails about payouts, sent through `organizations.notifications` (after commit)."""

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from kivoucher.core.money import format_eur
from kivoucher.organizations.notifications import organisations_notify, recipients_by_organisation
from kivoucher.payments.models import Payout


def payouts_paid_notify(*, payouts: list[Payout]) -> None:
    """Each beneficiary of a paid batch learns, in one mail, what it was paid, to which
    account (its last four characters) and with which remittance information."""
    by_beneficiary = defaultdict(list)
    for payout in payouts:
        by_beneficiary[payout.beneficiary_id].append(payout)
    recipients = recipients_by_organisation(by_beneficiary)
    for beneficiary_id, paid in sorted(by_beneficiary.items()):
        lines = "\n".join(
            f"- {format_eur(p.amount)}: {p.remittance} (IBAN …{p.iban[-4:]})" for p in paid
        )
        organisations_notify(
            recipients=recipients,
            organisation_id=beneficiary_id,
            subject=_("KI-Voucher: %(total)s paid"),
            body=_(
                "The bank has executed the following payments to %(name)s; they reach your "
                "account within one or two bank working days:\n\n%(lines)s"
            ),
            params={
                "total": format_eur(sum(p.amount for p in paid)),
                "name": paid[0].name,
                "lines": lines,
            },
        )
