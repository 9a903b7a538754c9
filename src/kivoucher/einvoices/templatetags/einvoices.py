from django import template

from kivoucher.einvoices.intake import findings_shown

register = template.Library()


@register.inclusion_tag("einvoices/_findings.html")
def einvoice_findings(stored, heading_level=2):
    """The stored rule check of an e-invoice: syntax, XRechnung or not, and each
    finding with its German explanation (warnings and hints; fatal ones never get
    stored, they refuse the upload)."""
    return {"report": findings_shown(stored), "h": heading_level}
