"""The stored check of an e-invoice as API answers show it. The schema classes live in
each app's api.py (the OpenAPI document describes an operation with its own app's
schemas, tests/e2e/test_openapi_document.py); their fields are these keys:

- validation: `syntax` (UBL | CII), `is_xrechnung`, `customization_id`, `findings`;
- finding: `rule_id`, `severity` (fatal | warning | information), `text` (the rule's
  own text), `location` (XPath in the invoice), `explanation` (German, for bookkeepers).
"""

from kivoucher.einvoices.intake import findings_shown

VALIDATION_FIELDS = ("syntax", "is_xrechnung", "customization_id", "findings")


def einvoice_validation_out(stored: dict | None) -> dict | None:
    shown = findings_shown(stored)
    if shown is None:
        return None
    return {k: shown[k] for k in VALIDATION_FIELDS}
