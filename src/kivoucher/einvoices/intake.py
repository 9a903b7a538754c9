"""Every incoming e-invoice passes here: validated against the official rules, refused
with a German explanation when a rule is broken fatally (nothing is saved), its report
(warnings and hints included) stored with the upload as `ValidationReport.as_dict()`."""

from django.utils.translation import gettext as _

from kivoucher.core.errors import DomainError
from kivoucher.einvoices.explanations import explain
from kivoucher.einvoices.validation import ValidationReport, validate_invoice

SHOWN_MAX = 10


class EinvoiceInvalid(DomainError):
    """The e-invoice breaks a rule of EN 16931 or XRechnung (400); the message names
    each broken rule's id with its German explanation."""

    status = 400
    code = "einvoice_invalid"


def refusal_message(report: ValidationReport, *, name: str = "") -> str:
    head = (
        _("The e-invoice %(name)s breaks the rules of EN 16931 / XRechnung and is not accepted:")
        % {"name": name}
        if name
        else _("The e-invoice breaks the rules of EN 16931 / XRechnung and is not accepted:")
    )
    fatal = report.fatal
    lines = [f"– {explain(f)}" for f in fatal[:SHOWN_MAX]]
    if len(fatal) > SHOWN_MAX:
        lines.append(
            "– " + _("and %(count)s further violations.") % {"count": len(fatal) - SHOWN_MAX}
        )
    return "\n".join([head, *lines])


def einvoice_check(xml: bytes, *, name: str = "") -> ValidationReport:
    """Validate `xml`; raise `EinvoiceInvalid` on a fatal finding, else the report."""
    report = validate_invoice(xml)
    if not report.ok:
        raise EinvoiceInvalid(refusal_message(report, name=name))
    return report


def findings_shown(stored: dict | None) -> dict | None:
    """A stored report, as pages show it: each finding with its German explanation."""
    if not stored:
        return None
    report = ValidationReport.from_dict(stored)
    return {
        "syntax": report.syntax,
        "is_xrechnung": report.is_xrechnung,
        "customization_id": report.customization_id,
        "findings": [{**f.as_dict(), "explanation": f.explanation} for f in report.findings],
        "warnings": len(report.warnings),
        "fatal": len(report.fatal),
    }
