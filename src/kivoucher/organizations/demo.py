"""Demo organisations: a company, a provider, a data centre, the pre-sale operator, a buyer."""

from datetime import date
from decimal import Decimal

from kivoucher.organizations.models import Organisation
from kivoucher.organizations.services import (
    director_add,
    membership_add,
    organisation_create,
    ownership_link_set,
)

DEMO_ORGANISATIONS = {
    "company": dict(
        name="Müller Präzisionsteile GmbH",
        kind=Organisation.Kind.COMPANY,
        legal_form="GmbH",
        register_court="Amtsgericht Nürnberg",
        register_number="HRB 31415",
        vat_id="DE136695976",
        street="Werkstraße 12",
        postcode="90411",
        city="Nürnberg",
        federal_state="BY",
        sector="C25.6",
        employees=85,
        annual_turnover=Decimal("12400000"),
        balance_sheet_total=Decimal("8100000"),
        founded_on=date(1987, 4, 1),
        iban="DE89370400440532013000",
        bic="COBADEFFXXX",
        account_holder="Müller Präzisionsteile GmbH",
        email="info@mueller-praezision.example",
    ),
    "company_parent": dict(
        name="Müller Holding GmbH",
        kind=Organisation.Kind.COMPANY,
        legal_form="GmbH",
        register_court="Amtsgericht Nürnberg",
        register_number="HRB 27182",
        street="Werkstraße 12",
        postcode="90411",
        city="Nürnberg",
        federal_state="BY",
        sector="K64.2",
        employees=4,
        annual_turnover=Decimal("900000"),
        balance_sheet_total=Decimal("6000000"),
        founded_on=date(2001, 1, 15),
    ),
    "provider": dict(
        name="NeuroForge AI GmbH",
        kind=Organisation.Kind.PROVIDER,
        legal_form="GmbH",
        register_court="Amtsgericht Charlottenburg",
        register_number="HRB 201234 B",
        vat_id="DE811569869",
        street="Torstraße 49",
        postcode="10119",
        city="Berlin",
        federal_state="BE",
        sector="J62.0",
        employees=23,
        annual_turnover=Decimal("2100000"),
        balance_sheet_total=Decimal("1300000"),
        founded_on=date(2019, 9, 2),
        iban="DE02120300000000202051",
        bic="BYLADEM1001",
        account_holder="NeuroForge AI GmbH",
        email="kontakt@neuroforge.example",
    ),
    "data_centre": dict(
        name="Rhein-Main Compute GmbH",
        kind=Organisation.Kind.DATA_CENTRE,
        legal_form="GmbH",
        register_court="Amtsgericht Frankfurt am Main",
        register_number="HRB 118811",
        vat_id="DE814584193",
        street="Hanauer Landstraße 300",
        postcode="60314",
        city="Frankfurt am Main",
        federal_state="HE",
        sector="J63.1",
        employees=140,
        annual_turnover=Decimal("48000000"),
        balance_sheet_total=Decimal("61000000"),
        founded_on=date(2011, 6, 30),
        iban="DE02500105170137075030",
        bic="INGDDEFFXXX",
        account_holder="Rhein-Main Compute GmbH",
        email="ops@rheinmain-compute.example",
    ),
    "operator": dict(
        name="KI-Rechenzentrum Mitteldeutschland GmbH & Co. KG",
        kind=Organisation.Kind.OPERATOR,
        legal_form="GmbH & Co. KG",
        register_court="Amtsgericht Leipzig",
        register_number="HRA 17345",
        street="Deutscher Platz 5",
        postcode="04103",
        city="Leipzig",
        federal_state="SN",
        sector="J63.1",
        employees=18,
        annual_turnover=Decimal("0"),
        balance_sheet_total=Decimal("25000000"),
        founded_on=date(2025, 2, 1),
        iban="DE12500105170648489890",
        bic="INGDDEFFXXX",
        account_holder="KI-Rechenzentrum Mitteldeutschland GmbH & Co. KG",
    ),
    "buyer": dict(
        name="Hansa Logistik AG",
        kind=Organisation.Kind.COMPANY,
        legal_form="AG",
        register_court="Amtsgericht Hamburg",
        register_number="HRB 99871",
        street="Am Sandtorkai 1",
        postcode="20457",
        city="Hamburg",
        federal_state="HH",
        sector="H52.2",
        employees=1800,
        annual_turnover=Decimal("410000000"),
        balance_sheet_total=Decimal("350000000"),
        founded_on=date(1972, 3, 1),
        iban="DE75512108001245126199",
        bic="SOGEDEFFXXX",
        account_holder="Hansa Logistik AG",
    ),
}

# which demo user acts for which organisation
DEMO_MEMBERS = {
    "applicant": "company",
    "provider": "provider",
    "dc-operator": "data_centre",
    "buyer": "buyer",
}


def load(ctx: dict) -> None:
    admin = ctx.get("admin")
    for key, fields in DEMO_ORGANISATIONS.items():
        org = Organisation.objects.filter(name=fields["name"]).first()
        if org is None:
            org = organisation_create(actor=admin, **fields)
        ctx[f"org_{key}"] = org
    for username, key in DEMO_MEMBERS.items():
        membership_add(actor=admin, user=ctx[username], organisation=ctx[f"org_{key}"])
    if not ctx["org_company_parent"].holdings.exists():
        ownership_link_set(
            actor=admin,
            owner=ctx["org_company_parent"],
            owned=ctx["org_company"],
            share_percent=Decimal("100"),
            controls=True,
        )
    if not ctx["org_company"].directors.exists():
        director_add(actor=admin, organisation=ctx["org_company"], name="Anna Müller")
        director_add(actor=admin, organisation=ctx["org_provider"], name="Paul Neumann")
