"""Demo accreditation: the checklist, an accredited provider (demo user `provider`),
a second accredited provider, one waiting for the decision and one revoked."""

from datetime import date
from decimal import Decimal

from kivoucher.core.models import User
from kivoucher.core.roles import Role
from kivoucher.core.uploads import upload_check
from kivoucher.organizations.models import Organisation
from kivoucher.organizations.services import membership_add, organisation_create
from kivoucher.providers.models import Accreditation, AccreditationCriterion
from kivoucher.providers.services import (
    accreditation_apply,
    accreditation_decide,
    accreditation_revoke,
)

CRITERIA = [
    ("sme", "Start-up or SME with its seat in Germany"),
    ("ai-staff", "At least two employees with proven AI expertise (degree or projects)"),
    ("references", "At least two completed AI projects with references"),
    ("data-protection", "Data protection concept (GDPR) and information security measures"),
]

EVIDENCE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

MORE_PROVIDERS = {
    "provider_dresden": dict(
        name="Elbtal Vision Analytics UG",
        kind=Organisation.Kind.PROVIDER,
        legal_form="UG (haftungsbeschränkt)",
        register_court="Amtsgericht Dresden",
        register_number="HRB 40112",
        street="Königsbrücker Straße 96",
        postcode="01099",
        city="Dresden",
        federal_state="SN",
        sector="J62.0",
        employees=9,
        annual_turnover=Decimal("640000"),
        balance_sheet_total=Decimal("310000"),
        founded_on=date(2021, 5, 3),
        iban="DE44500105175407324931",
        account_holder="Elbtal Vision Analytics UG",
    ),
    "provider_koeln": dict(
        name="Rheinsprache KI GmbH",
        kind=Organisation.Kind.PROVIDER,
        legal_form="GmbH",
        register_court="Amtsgericht Köln",
        register_number="HRB 99120",
        city="Köln",
        postcode="50667",
        federal_state="NW",
        employees=31,
        annual_turnover=Decimal("3200000"),
        balance_sheet_total=Decimal("1900000"),
    ),
    "provider_revoked": dict(
        name="QuickAI Consulting GmbH",
        kind=Organisation.Kind.PROVIDER,
        legal_form="GmbH",
        city="Hamburg",
        postcode="20095",
        federal_state="HH",
        employees=6,
        annual_turnover=Decimal("400000"),
        balance_sheet_total=Decimal("200000"),
    ),
}

PROFILES = {
    "org_provider": (
        "KI-Prototypen für den Mittelstand: Bildverarbeitung, Sprachmodelle und MLOps.",
        ["ml", "vision", "nlp", "mlops"],
    ),
    "org_provider_dresden": (
        "Computer Vision für Qualitätsprüfung und Logistik.",
        ["vision", "ml"],
    ),
    "org_provider_koeln": (
        "Sprachassistenten und Dokumentenverarbeitung mit großen Sprachmodellen.",
        ["nlp", "data"],
    ),
    "org_provider_revoked": ("Schnelle KI-Beratung.", ["ml"]),
}


def _apply(ctx, key, user):
    programme = ctx["programme_ki-voucher"]
    org = ctx[key]
    existing = Accreditation.objects.filter(organisation=org, programme=programme).first()
    if existing:
        return existing, False
    text, competences = PROFILES[key]
    acc = accreditation_apply(
        actor=user,
        organisation=org,
        programme=programme,
        answers={code: True for code, _ in CRITERIA},
        competences=competences,
        categories=list(programme.categories.all()[:4]),
        description=text,
        evidence=[upload_check(EVIDENCE_PDF, name="Referenzen.pdf")],
    )
    return acc, True


def load(ctx: dict) -> None:
    admin = ctx["admin"]
    programme = ctx["programme_ki-voucher"]
    for order, (code, text) in enumerate(CRITERIA):
        AccreditationCriterion.objects.get_or_create(
            programme=programme, code=code, defaults={"text": text, "order": order}
        )
    for key, fields in MORE_PROVIDERS.items():
        org = Organisation.objects.filter(name=fields["name"]).first()
        ctx[f"org_{key}"] = org or organisation_create(actor=admin, **fields)
    # Each provider applies through its own staff account (the demo `provider` user
    # for NeuroForge; staff accounts without a password for the others).
    for key in ("org_provider_dresden", "org_provider_koeln", "org_provider_revoked"):
        username = key.replace("org_", "").replace("_", "-")
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, role=Role.PROVIDER, email=f"{username}@demo.example")
            user.set_unusable_password()
            user.save()
        membership_add(actor=admin, user=user, organisation=ctx[key])
        ctx[f"user_{key}"] = user
    acc, new = _apply(ctx, "org_provider", ctx["provider"])
    if new:
        accreditation_decide(
            actor=admin, accreditation=acc, approve=True, reason="Alle Kriterien erfüllt."
        )
    acc, new = _apply(ctx, "org_provider_dresden", ctx["user_org_provider_dresden"])
    if new:
        accreditation_decide(
            actor=admin,
            accreditation=acc,
            approve=True,
            reason="Alle Kriterien erfüllt.",
            annual_cap=Decimal("200000"),
        )
    _apply(ctx, "org_provider_koeln", ctx["user_org_provider_koeln"])  # waiting for the decision
    acc, new = _apply(ctx, "org_provider_revoked", ctx["user_org_provider_revoked"])
    if new:
        acc = accreditation_decide(actor=admin, accreditation=acc, approve=True, reason="ok")
        accreditation_revoke(
            actor=admin, accreditation=acc, reason="Referenzen erwiesen sich als unzutreffend."
        )
