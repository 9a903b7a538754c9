"""Line II test data: data centres, price lists, compute vouchers, Gaia-X credentials."""

import json
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from jwcrypto import jwk

from kivoucher.compute import gaiax
from kivoucher.compute.models import ComputeVoucher, DataCentre
from kivoucher.compute.services.onboarding import (
    credential_add,
    data_centre_onboard,
    pinned_key_add,
)
from kivoucher.compute.services.pricing import price_list_publish
from kivoucher.compute.services.vouchers import compute_voucher_issue
from kivoucher.core.roles import Role
from kivoucher.organizations.models import Organisation
from kivoucher.programmes.models import Line
from tests.factories import OrganisationFactory, ProgrammeFactory, make_call, member_of

PRICES = [
    {"resource": "h100-80gb", "unit": "gpu_hour", "price": "2.50", "slurm_tres": "gres/gpu:h100"},
    {"resource": "a100-40gb", "unit": "gpu_hour", "price": "1.80", "slurm_tres": "gres/gpu:a100"},
    {"resource": "gpu-generic", "unit": "gpu_hour", "price": "1.00", "slurm_tres": "gres/gpu"},
    {"resource": "cpu", "unit": "core_hour", "price": "0.04", "slurm_tres": "cpu"},
    {"resource": "storage", "unit": "tb_month", "price": "20.00"},
]


def compute_programme():
    return ProgrammeFactory(code="ki-compute", line=Line.COMPUTE, name="KI-Compute-Voucher")


def compute_call(budget=Decimal("1000000")):
    return make_call(programme=compute_programme(), budget=budget, name="Compute-Aufruf")


def make_data_centre(code="dc-test", *, valid=True, prices=True, country="DE") -> DataCentre:
    org = OrganisationFactory(kind=Organisation.Kind.DATA_CENTRE, name=f"RZ {code}")
    dc = data_centre_onboard(
        actor=None,
        organisation=org,
        code=code,
        location_city="Frankfurt am Main",
        location_country=country,
        operator_name=org.name,
        contact_email="ops@example.org",
    )
    if valid:
        DataCentre.objects.filter(pk=dc.pk).update(evidence_status=DataCentre.Evidence.VALID)
        dc.refresh_from_db()
    if prices:
        price_list_publish(
            actor=None,
            data_centre=dc,
            items=PRICES,
            valid_from=timezone.now() - timedelta(days=400),
        )
    return dc


def operator_of(dc: DataCentre):
    return member_of(dc.organisation, role=Role.DC_OPERATOR)


def issue(dc: DataCentre, *, company=None, call=None, value=Decimal("50000"), issued_at=None):
    """A voucher issued now, dated back (default: 30 days) so that tests can report
    usage of the past days: usage before the issue is refused."""
    company = company or OrganisationFactory()
    voucher = compute_voucher_issue(
        actor=None, organisation=company, data_centre=dc, call=call or compute_call(), value=value
    )
    voucher.issued_at = issued_at or timezone.now() - timedelta(days=30)
    ComputeVoucher.objects.filter(pk=voucher.pk).update(issued_at=voucher.issued_at)
    return voucher


class Evidence:
    """A participant, its clearing house and a full set of signed Gaia-X credentials."""

    def __init__(self, *, participant="did:web:dc.example", country="DE-HE", days=90):
        self.participant = participant
        self.dc_key = jwk.JWK.generate(kty="EC", crv="P-256")
        self.ch_key = jwk.JWK.generate(kty="RSA", size=2048)
        self.dc_kid = f"{participant}#key-1"
        self.ch_kid = "did:web:compliance.example#X509-JWK2020"
        now = timezone.now()
        self.issued = (now - timedelta(days=1)).isoformat()
        self.expires = (now + timedelta(days=days)).isoformat()
        self.country = country

    def vc(self, cid: str, subject: dict) -> dict:
        return {
            "@context": [
                "https://www.w3.org/2018/credentials/v1",
                "https://w3id.org/security/suites/jws-2020/v1",
                gaiax.GX_TAGUS,
            ],
            "type": ["VerifiableCredential"],
            "id": cid,
            "issuer": self.participant,
            "issuanceDate": self.issued,
            "expirationDate": self.expires,
            "credentialSubject": subject,
        }

    def documents(self, *, provider=None, offering_country="DE") -> dict[str, dict]:
        p = self.participant
        participant = self.vc(
            "https://dc.example/participant.json",
            {
                "id": p,
                "type": "gx:LegalParticipant",
                "gx:legalName": "Rechenzentrum GmbH",
                "gx:headquarterAddress": {"gx:countrySubdivisionCode": self.country},
                "gx:legalAddress": {"gx:countrySubdivisionCode": self.country},
            },
        )
        registration = self.vc(
            "https://dc.example/lrn.json",
            {"id": p + "#lrn", "type": "gx:legalRegistrationNumber", "gx:vatID": "DE814584193"},
        )
        offering = self.vc(
            "https://dc.example/offering.json",
            {
                "id": "https://dc.example/gpu-cloud",
                "type": "gx:ServiceOffering",
                "gx:providedBy": {"id": provider or p},
                "gx:location": {"gx:countryCode": offering_country},
            },
        )
        return {
            "participant": gaiax.sign_jsonld(participant, self.dc_key, self.dc_kid, "ES256"),
            "registration_number": gaiax.sign_jsonld(
                registration, self.dc_key, self.dc_kid, "ES256"
            ),
            "service_offering": gaiax.sign_jsonld(offering, self.dc_key, self.dc_kid, "ES256"),
        }

    def compliance(self, signed: dict[str, dict], *, as_jwt=False):
        subjects = []
        for kind, doc in signed.items():
            parsed = gaiax.credential_parse(doc)
            digest = __import__("hashlib").sha256(gaiax.jcs(doc)).hexdigest()
            subjects.append(
                {
                    "type": "gx:compliance",
                    "id": parsed.credential_id,
                    "gx:integrity": f"sha256-{digest}",
                    "gx:integrityNormalization": "RFC8785:JCS",
                    "gx:version": "22.10",
                    "gx:type": kind,
                }
            )
        doc = self.vc("https://compliance.example/cc.json", subjects)
        doc["issuer"] = "did:web:compliance.example"
        if as_jwt:
            return gaiax.sign_vc_jwt(doc, self.ch_key, self.ch_kid, "PS256")
        return gaiax.sign_jsonld(doc, self.ch_key, self.ch_kid, "PS256")

    def install(self, dc: DataCentre, **kwargs) -> None:
        signed = self.documents(**kwargs)
        pinned_key_add(
            actor=None, data_centre=dc, kid=self.dc_kid, jwk=json.loads(self.dc_key.export_public())
        )
        pinned_key_add(
            actor=None, data_centre=dc, kid=self.ch_kid, jwk=json.loads(self.ch_key.export_public())
        )
        for kind, doc in signed.items():
            credential_add(actor=None, data_centre=dc, kind=kind, raw=json.dumps(doc))
        credential_add(
            actor=None, data_centre=dc, kind="compliance", raw=json.dumps(self.compliance(signed))
        )


def statement_xrechnung(statement, *, number="RZ-2026-001", type_code="380", syntax="ubl") -> bytes:
    """An XRechnung that matches the approved `statement` (one line per voucher and
    resource, 19 % VAT, a rounding amount where the VAT does not add up to the cent):
    what the data centre uploads, or (type 389) the programme's self-billing invoice."""
    from kivoucher.compute.services.settlement_invoices import statement_invoice_figures
    from tests.einvoices.builders import Invoice, Line, cii, ubl

    figures = statement_invoice_figures(statement, vat_rate=Decimal("19"))
    lines = [
        Line(str(n), line.voucher, line.resource, f"Nutzung {line.resource}", line.quantity, net)
        for n, (line, net) in enumerate(figures.lines, start=1)
    ]
    invoice = Invoice(
        number=number,
        buyer_reference=statement.reference,
        lines=lines,
        type_code=type_code,
        rounding=figures.rounding,
    )
    return (cii if syntax == "cii" else ubl)(invoice)
