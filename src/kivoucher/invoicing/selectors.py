"""Reads of invoicing, with object-level access: an invoice is seen by the people of
its buyer (a Gutschrift also by those of the supplier it was issued for) and by
programme staff (the auditor included); to anyone else it does not exist (404)."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from kivoucher.core.errors import NotFound
from kivoucher.invoicing.models import Invoice, InvoiceIssuer
from kivoucher.organizations.selectors import member_organisation_ids


def invoices_for_user(*, user) -> QuerySet[Invoice]:
    qs = Invoice.objects.select_related("issuer", "preceding").defer("xml", "pdf")
    if not user.is_authenticated:
        return qs.none()
    if user.sees_everything:
        return qs
    mine = member_organisation_ids(user=user)
    return qs.filter(Q(buyer_id__in=mine) | Q(kind=Invoice.Kind.SELF_BILLED, seller_id__in=mine))


def invoice_get_for_user(*, user, pk: int) -> Invoice:
    invoice = invoices_for_user(user=user).filter(pk=pk).first()
    if invoice is None:
        raise NotFound(_("Invoice not found."))
    return invoice


def purchase_invoices(*, purchase) -> QuerySet[Invoice]:
    """The invoices of a purchase the caller may see (checked by the presale selector)."""
    return (
        Invoice.objects.filter(purchase=purchase)
        .select_related("preceding")
        .defer("xml", "pdf")
        .order_by("issue_date", "pk")
    )


def issuers_for_staff() -> QuerySet[InvoiceIssuer]:
    return InvoiceIssuer.objects.select_related("organisation").order_by("organisation__name")


def invoices_of_issuer(*, user, issuer_id: int | None = None) -> QuerySet[Invoice]:
    """Staff's list of issued invoices, of one issuer or all, newest first."""
    if not (user.is_authenticated and user.sees_everything):
        raise NotFound(_("Invoice not found."))
    qs = (
        Invoice.objects.select_related("issuer__organisation", "buyer", "preceding")
        .defer("xml", "pdf")
        .order_by("-issue_date", "-pk")
    )
    if issuer_id:
        qs = qs.filter(issuer_id=issuer_id)
    return qs


def statement_self_billing_invoice_of(*, statement) -> Invoice | None:
    """The Gutschrift of a statement the caller may see (checked by the compute selector)."""
    return (
        Invoice.objects.filter(statement=statement, kind=Invoice.Kind.SELF_BILLED)
        .defer("xml", "pdf")
        .first()
    )
