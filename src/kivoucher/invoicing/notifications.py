"""Mails of invoicing (after the commit, through `organizations.notifications`)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kivoucher.core.money import format_eur
from kivoucher.organizations.notifications import organisation_notify


def invoice_issued_notify(*, invoice) -> None:
    """The buyer's people learn of a new invoice (the supplier's of a Gutschrift); the
    mail links the page that lists it with its XRechnung and PDF (the platform's mails
    carry no attachments)."""
    if invoice.purchase_id:
        path = reverse("presale:purchase", args=[invoice.purchase_id])
    else:
        path = reverse("invoicing:detail", args=[invoice.pk])
    # A Gutschrift goes to the supplier it is issued for; an invoice to its recipient.
    self_billed = invoice.kind == invoice.Kind.SELF_BILLED
    organisation_notify(
        organisation=invoice.seller if self_billed else invoice.buyer,
        subject=_("%(kind)s %(number)s from %(seller)s"),
        body=_(
            "%(seller)s has issued %(kind)s %(number)s of %(day)s to you: %(gross)s gross, "
            "%(payable)s due. The XRechnung (XML) and the PDF are on the page below."
        ),
        params={
            "kind": invoice.Kind(invoice.kind).label,  # lazy: the mail's language
            "number": invoice.number,
            "seller": invoice.parties["seller"]["name"],
            "day": invoice.issue_date.strftime("%d.%m.%Y"),
            "gross": format_eur(invoice.gross),
            "payable": format_eur(invoice.payable),
        },
        path=path,
    )
