"""Line III mails sent through `organizations.notifications` (after commit)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kivoucher.core.mail import mails_batched
from kivoucher.core.money import format_eur
from kivoucher.organizations.notifications import (
    organisation_notify,
    organisations_notify,
    recipients_by_organisation,
)
from kivoucher.presale.models import Offer, Purchase


def payment_confirmed_notify(*, purchase: Purchase) -> None:
    """The buyer learns that its payment arrived and which number it holds in the
    order of sale (the order in which slots are allocated)."""
    organisation_notify(
        organisation=purchase.buyer,
        subject=_("Payment for %(offer)s received (%(reference)s)"),
        body=_(
            "We have received your payment of %(amount)s for %(offer)s (payment reference "
            "%(reference)s). Your purchase holds number %(sequence)s in the order of sale."
        ),
        params={
            "offer": purchase.offer.title,
            "reference": purchase.reference,
            "amount": format_eur(purchase.amount),
            "sequence": purchase.sequence,
        },
        path=reverse("presale:purchase", args=[purchase.pk]),
    )


def slots_proposed_notify(*, offer: Offer, buyer_ids: set[int]) -> None:
    """After an allocation run: each buyer with new or changed proposals is asked,
    once, to confirm them before the next run may plan them anew."""
    recipients = recipients_by_organisation(buyer_ids)
    with mails_batched():
        for buyer_id in sorted(buyer_ids):
            _proposed_notify(offer, recipients, buyer_id)


def _proposed_notify(offer: Offer, recipients, buyer_id: int) -> None:
    organisations_notify(
        recipients=recipients,
        organisation_id=buyer_id,
        subject=_("Slots proposed on %(offer)s"),
        body=_(
            "Computing slots on %(offer)s have been proposed for your requests. Please "
            "confirm them: proposals that are not confirmed may be planned anew in the "
            "next allocation run."
        ),
        params={"offer": offer.title},
        path=reverse("presale:mine"),
    )
