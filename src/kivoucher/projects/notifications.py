"""Line I mails about proofs of use, sent through `organizations.notifications`
(after commit)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kivoucher.core.money import format_eur
from kivoucher.organizations.models import Organisation
from kivoucher.organizations.notifications import organisation_notify
from kivoucher.projects.models import Instalment, ProofOfUse


def proof_accepted_notify(*, proof: ProofOfUse, beneficiary: Organisation) -> None:
    """The company learns that its proof of use was accepted and what is paid to whom;
    a provider that is paid directly learns it too."""
    voucher = proof.voucher
    company = voucher.application.organisation
    params = {
        "code": voucher.code,
        "amount": format_eur(proof.payout_amount),
        "costs": format_eur(proof.eligible_costs),
        "beneficiary": beneficiary.name,
        "company": company.name,
        "invoice": proof.invoice_number,
    }
    organisation_notify(
        organisation=company,
        subject=_("Proof of use for KI-Voucher %(code)s accepted"),
        body=_(
            "Your proof of use for KI-Voucher %(code)s was accepted with eligible costs of "
            "%(costs)s. %(amount)s will be paid to %(beneficiary)s with the next payment "
            "run; you will receive a message when it has been paid."
        ),
        params=params,
        path=reverse("applications:voucher", args=[voucher.code]),
    )
    if beneficiary.pk != company.pk:
        organisation_notify(
            organisation=beneficiary,
            subject=_("Payout for KI-Voucher %(code)s of %(company)s approved"),
            body=_(
                "The proof of use of %(company)s for KI-Voucher %(code)s (your invoice "
                "%(invoice)s) was accepted. %(amount)s will be paid to you with the next "
                "payment run."
            ),
            params=params,
        )


def instalment_approved_notify(*, instalment: Instalment, beneficiary: Organisation) -> None:
    """The company learns that its instalment was approved and what is paid to whom."""
    voucher = instalment.voucher
    company = voucher.application.organisation
    organisation_notify(
        organisation=company,
        subject=_("Instalment %(number)s on KI-Voucher %(code)s approved"),
        body=_(
            "Instalment %(number)s on KI-Voucher %(code)s was approved with eligible costs "
            "of %(costs)s. %(amount)s will be paid to %(beneficiary)s with the next payment "
            "run. The rest of the grant is paid on the final proof of use."
        ),
        params={
            "number": instalment.number,
            "code": voucher.code,
            "costs": format_eur(instalment.eligible_costs),
            "amount": format_eur(instalment.amount),
            "beneficiary": beneficiary.name,
        },
        path=reverse("projects:instalments", args=[voucher.code]),
    )
