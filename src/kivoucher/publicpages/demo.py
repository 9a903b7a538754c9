"""Demo legal details: a plausible, clearly fictitious operator (the addresses are
real public bodies' where the law names them, the operator itself is an example).
Idempotent: an existing row, perhaps edited in the admin, is left as it is."""

from datetime import date

from kivoucher.publicpages.models import SINGLETON_ID, LegalDetails

DEMO_DETAILS = {
    "operator_name": "Projektträger KI-Voucher (Beispielbehörde)",
    "operator_legal_form": "Bundesoberbehörde",
    "on_behalf_of": "im Auftrag des Bundesministeriums für Digitales (Beispiel)",
    "street": "Beispielstraße 12",
    "postcode": "10115",
    "city": "Berlin",
    "country": "Deutschland",
    "representative": "Dr. Erika Beispiel, Präsidentin",
    "email": "kontakt@ki-voucher.example",
    "phone": "+49 30 1234567-0",
    "vat_id": "DE123456789",
    "register_entry": "",
    "supervisory_authority": "Bundesministerium für Digitales (Beispiel), 10117 Berlin",
    "content_responsible": "Max Mustermann, Referat Öffentlichkeitsarbeit, Anschrift wie oben",
    "dpo_name": "Datenschutzbeauftragte des Projektträgers",
    "dpo_address": "Beispielstraße 12, 10115 Berlin",
    "dpo_email": "datenschutz@ki-voucher.example",
    "dpo_phone": "+49 30 1234567-99",
    "dp_authority_name": (
        "Die Bundesbeauftragte für den Datenschutz und die Informationsfreiheit (BfDI)"
    ),
    "dp_authority_address": "Graurheindorfer Straße 153, 53117 Bonn",
    "dp_authority_url": "https://www.bfdi.bund.de",
    "hosting": (
        "Beispiel-Rechenzentrum des Bundes, Bonn: Betrieb der Server und Datensicherung\n"
        "Beispiel-Maildienst GmbH, Berlin: Versand der E-Mails der Plattform"
    ),
    "server_log_days": 7,
    "privacy_notice_date": date(2026, 1, 15),
    "accessibility_statement_date": date(2026, 1, 15),
    "accessibility_reviewed_date": date(2026, 1, 15),
    "accessibility_contact_email": "barrierefreiheit@ki-voucher.example",
}


def load(ctx: dict) -> None:
    details, _created = LegalDetails.objects.get_or_create(pk=SINGLETON_ID, defaults=DEMO_DETAILS)
    ctx["legal_details"] = details
