"""Invoice sections of other apps' pages (those pages have checked that the viewer may
see their object; its invoices go with it):

- `{% purchase_invoices purchase %}` on a pre-sale purchase page,
- `{% statement_self_billing statement request.user %}` on a settlement statement."""

from django import template

from kivoucher.invoicing.selectors import purchase_invoices as purchase_invoices_of
from kivoucher.invoicing.selectors import statement_self_billing_invoice_of

register = template.Library()


@register.inclusion_tag("invoicing/_purchase_invoices.html")
def purchase_invoices(purchase):
    return {"purchase": purchase, "invoices": list(purchase_invoices_of(purchase=purchase))}


@register.inclusion_tag("invoicing/_statement_self_billing.html")
def statement_self_billing(statement, user):
    """On a settlement statement's page: its Gutschrift with the downloads, or, for
    acting staff while the approved statement awaits the invoice of a data centre that
    consented to self-billing, the button that issues it."""
    invoice = statement_self_billing_invoice_of(statement=statement)
    may_issue = bool(
        invoice is None
        and getattr(user, "may_act_as_staff", False)
        and statement.status == "approved"
        and statement.data_centre.self_billing_consent
    )
    return {"statement": statement, "invoice": invoice, "may_issue": may_issue}
