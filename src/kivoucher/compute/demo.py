"""Demo data of line II (DESIGN §6): the data centre operated by `dc-operator` with
verified Gaia-X evidence, a price list, active compute vouchers with balance and
usage, a settlement, an exhausted voucher with its final report due and a request
for a further voucher. Idempotent: everything is created once."""

import json
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from jwcrypto import jwk

from kivoucher.compute import gaiax
from kivoucher.compute.models import ComputeApplication, ComputeVoucher, DataCentre
from kivoucher.compute.services.applications import compute_application_submit
from kivoucher.compute.services.ingest import usage_ingest
from kivoucher.compute.services.onboarding import (
    credential_add,
    data_centre_onboard,
    evidence_verify,
    pinned_key_add,
)
from kivoucher.compute.services.pricing import price_list_publish
from kivoucher.compute.services.settlement import statement_approve, statement_create
from kivoucher.compute.services.vouchers import compute_voucher_issue
from kivoucher.organizations.models import Organisation
from kivoucher.organizations.services import organisation_create

DC_CODE = "rhein-main"
PARTICIPANT = "did:web:rheinmain-compute.example"
CLEARING_HOUSE = "did:web:compliance.gxdch.example"
PRICES = [
    {"resource": "h100-80gb", "unit": "gpu_hour", "price": "2.50", "slurm_tres": "gres/gpu:h100"},
    {"resource": "a100-40gb", "unit": "gpu_hour", "price": "1.80", "slurm_tres": "gres/gpu:a100"},
    {"resource": "cpu", "unit": "core_hour", "price": "0.04", "slurm_tres": "cpu"},
    {"resource": "storage", "unit": "tb_month", "price": "20.00"},
]
STARTUP = dict(
    name="DeepFjord AI GmbH",
    kind=Organisation.Kind.COMPANY,
    legal_form="GmbH",
    register_court="Amtsgericht Hamburg",
    register_number="HRB 177001",
    street="Große Elbstraße 145",
    postcode="22767",
    city="Hamburg",
    federal_state="HH",
    sector="J62.0",
    employees=9,
    annual_turnover=Decimal("600000"),
    balance_sheet_total=Decimal("900000"),
    iban="DE75512108001245126199",
    bic="SOGEDEFFXXX",
    account_holder="DeepFjord AI GmbH",
)


def _vc(cid: str, issuer: str, subject, now) -> dict:
    return {
        "@context": [
            "https://www.w3.org/2018/credentials/v1",
            "https://w3id.org/security/suites/jws-2020/v1",
            gaiax.GX_TAGUS,
        ],
        "type": ["VerifiableCredential"],
        "id": cid,
        "issuer": issuer,
        "issuanceDate": (now - timedelta(days=10)).isoformat(),
        "expirationDate": (now + timedelta(days=80)).isoformat(),
        "credentialSubject": subject,
    }


def _evidence(dc: DataCentre, admin) -> None:
    now = timezone.now()
    dc_key, ch_key = (jwk.JWK.generate(kty="EC", crv="P-256") for _ in range(2))
    dc_kid, ch_kid = f"{PARTICIPANT}#key-1", f"{CLEARING_HOUSE}#X509-JWK2020"
    base = "https://rheinmain-compute.example/.well-known/"
    documents = {
        "participant": _vc(
            base + "participant.json",
            PARTICIPANT,
            {
                "id": PARTICIPANT,
                "type": "gx:LegalParticipant",
                "gx:legalName": "Rhein-Main Compute GmbH",
                "gx:headquarterAddress": {"gx:countrySubdivisionCode": "DE-HE"},
                "gx:legalAddress": {"gx:countrySubdivisionCode": "DE-HE"},
            },
            now,
        ),
        "registration_number": _vc(
            base + "lrn.json",
            PARTICIPANT,
            {
                "id": PARTICIPANT + "#lrn",
                "type": "gx:legalRegistrationNumber",
                "gx:vatID": "DE814584193",
            },
            now,
        ),
        "service_offering": _vc(
            base + "gpu-cloud.json",
            PARTICIPANT,
            {
                "id": "https://rheinmain-compute.example/gpu-cloud",
                "type": "gx:ServiceOffering",
                "gx:providedBy": {"id": PARTICIPANT},
                "gx:location": {"gx:countryCode": "DE"},
            },
            now,
        ),
    }
    signed = {k: gaiax.sign_jsonld(v, dc_key, dc_kid, "ES256") for k, v in documents.items()}
    subjects = [
        {
            "type": "gx:compliance",
            "id": doc["id"],
            "gx:integrity": "sha256-" + __import__("hashlib").sha256(gaiax.jcs(doc)).hexdigest(),
            "gx:integrityNormalization": "RFC8785:JCS",
            "gx:version": "22.10",
            "gx:type": kind,
        }
        for kind, doc in signed.items()
    ]
    compliance = gaiax.sign_vc_jwt(
        _vc("https://compliance.gxdch.example/cc/rhein-main", CLEARING_HOUSE, subjects, now),
        ch_key,
        ch_kid,
        "ES256",
    )
    for kid, key in ((dc_kid, dc_key), (ch_kid, ch_key)):
        pinned_key_add(actor=admin, data_centre=dc, kid=kid, jwk=json.loads(key.export_public()))
    for kind, doc in signed.items():
        credential_add(actor=admin, data_centre=dc, kind=kind, raw=json.dumps(doc, indent=2))
    credential_add(actor=admin, data_centre=dc, kind="compliance", raw=compliance)
    evidence_verify(actor=admin, data_centre=dc)


def _usage(dc: DataCentre, vouchers: list[ComputeVoucher], operator) -> None:
    today = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=3)
    records = []
    for v_index, voucher in enumerate(vouchers):
        for day in range(0, 24, 2):
            start = (
                last_month + timedelta(days=day) if day < 20 else today - timedelta(days=24 - day)
            )
            for resource, quantity in (("h100-80gb", 16 + day), ("cpu", 64), ("a100-40gb", 8)):
                records.append(
                    {
                        "id": f"demo-{voucher.code}-{day}-{resource}",
                        "voucher": voucher.code,
                        "resource": resource,
                        "quantity": str(quantity * (v_index + 1)),
                        "start": start.isoformat(),
                        "end": (start + timedelta(hours=8)).isoformat(),
                    }
                )
    usage_ingest(data_centre=dc, records=records, actor=operator)


def load(ctx: dict) -> None:
    admin, org = ctx.get("admin"), ctx["org_data_centre"]
    call = ctx["call_compute"]
    dc = DataCentre.objects.filter(organisation=org).first()
    if dc is None:
        dc = data_centre_onboard(
            actor=admin,
            organisation=org,
            code=DC_CODE,
            location_city="Frankfurt am Main",
            location_country="DE",
            operator_name="Rhein-Main Compute GmbH",
            contact_name="Dana Schulz",
            contact_email="ops@rheinmain-compute.example",
            contact_phone="+49 69 1234560",
            participant_id=PARTICIPANT,
        )
        _evidence(dc, admin)
        price_list_publish(
            actor=admin,
            data_centre=dc,
            items=PRICES,
            valid_from=timezone.now() - timedelta(days=120),
        )
    ctx["data_centre"] = dc
    if dc.vouchers.exists():
        return
    startup = Organisation.objects.filter(name=STARTUP["name"]).first() or organisation_create(
        actor=admin, **STARTUP
    )
    active = [
        compute_voucher_issue(
            actor=admin,
            organisation=ctx["org_company"],
            data_centre=dc,
            call=call,
            slurm_account="mueller-ki",
        ),
        compute_voucher_issue(
            actor=admin, organisation=startup, data_centre=dc, call=call, slurm_account="deepfjord"
        ),
    ]
    small = compute_voucher_issue(
        actor=admin, organisation=startup, data_centre=dc, call=call, value=Decimal("400")
    )
    # The demo tells the story of the past weeks: the vouchers were issued before it
    # (usage before a voucher's issue is refused).
    issued = timezone.now() - timedelta(days=90)
    for voucher in (*active, small):
        voucher.issued_at = issued
    ComputeVoucher.objects.filter(pk__in=[v.pk for v in (*active, small)]).update(issued_at=issued)
    _usage(dc, [*active, small], ctx["dc-operator"])
    first = timezone.localdate().replace(day=1)
    period_end = first - timedelta(days=1)
    statement = statement_create(
        actor=ctx["caseworker"],
        data_centre=dc,
        period_start=period_end.replace(day=1),
        period_end=period_end,
    )
    statement_approve(actor=ctx["approver"], statement=statement)
    if not ComputeApplication.objects.filter(organisation=ctx["org_company"]).exists():
        compute_application_submit(
            actor=ctx["applicant"],
            organisation=ctx["org_company"],
            call=call,
            data_centre=dc,
            project_description="Training eines Vision-Transformers für die Oberflächenprüfung "
            "von Drehteilen; zweite Projektphase mit größerem Datensatz.",
            gpu_type="H100 80 GB",
            gpu_hours=Decimal("12000"),
            storage_tb=Decimal("20"),
            period_start=timezone.localdate() + timedelta(days=30),
            period_end=timezone.localdate() + timedelta(days=210),
            not_in_difficulty=True,
            exception_justification="Der erste Voucher ist durch die erste Projektphase "
            "fast aufgebraucht; die zweite Phase braucht zusätzliche Rechenzeit.",
        )
