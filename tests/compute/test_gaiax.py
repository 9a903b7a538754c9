"""Offline verification of Gaia-X evidence, check by check."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from jwcrypto import jwk

from kivoucher.compute import gaiax
from kivoucher.compute.models import Credential, DataCentre, Notification
from kivoucher.compute.services.onboarding import evidence_verify
from kivoucher.core.errors import Conflict
from tests.compute.factories import Evidence, compute_call, issue, make_data_centre
from tests.corpora import corpus

pytestmark = pytest.mark.django_db
CORPUS = corpus("gaiax")


def failed(verification):
    return {(c["credential"], c["check"]) for c in verification.checks if not c["passed"]}


def test_valid_evidence_passes_every_check():
    dc = make_data_centre("gx-ok", valid=False)
    Evidence().install(dc)
    verification = evidence_verify(data_centre=dc)
    assert verification.passed, failed(verification)
    checks = {(c["credential"], c["check"]) for c in verification.checks}
    for kind in ("participant", "registration_number", "service_offering"):
        assert (kind, "integrity") in checks and (kind, "signature") in checks
    assert ("service_offering", "provided_by") in checks
    assert ("participant", "location_eu") in checks
    dc.refresh_from_db()
    assert dc.evidence_status == DataCentre.Evidence.VALID


def test_compliance_as_vc_jwt():
    dc = make_data_centre("gx-jwt", valid=False)
    ev = Evidence()
    from kivoucher.compute.services.onboarding import credential_add, pinned_key_add

    signed = ev.documents()
    for kid, key in ((ev.dc_kid, ev.dc_key), (ev.ch_kid, ev.ch_key)):
        pinned_key_add(actor=None, data_centre=dc, kid=kid, jwk=json.loads(key.export_public()))
    for kind, doc in signed.items():
        credential_add(actor=None, data_centre=dc, kind=kind, raw=json.dumps(doc))
    credential_add(
        actor=None, data_centre=dc, kind="compliance", raw=ev.compliance(signed, as_jwt=True)
    )
    assert evidence_verify(data_centre=dc).passed


def test_tampered_credential_fails_signature_and_integrity():
    dc = make_data_centre("gx-tamper", valid=False)
    Evidence().install(dc)
    credential = dc.credentials.get(kind="participant")
    doc = json.loads(credential.raw)
    doc["credentialSubject"]["gx:legalName"] = "Someone Else"
    credential.raw = json.dumps(doc)
    credential.save()
    verification = evidence_verify(data_centre=dc)
    assert ("participant", "signature") in failed(verification)
    assert ("participant", "integrity") in failed(verification)
    dc.refresh_from_db()
    assert dc.evidence_status == DataCentre.Evidence.LAPSED
    with pytest.raises(Conflict):
        issue(dc, call=compute_call())


def test_unpinned_key_offering_of_other_provider_and_non_eu():
    dc = make_data_centre("gx-bad", valid=False)
    Evidence(country="US-CA").install(dc, provider="did:web:somebody.else")
    dc.keys.filter(kid__contains="compliance").delete()
    result = failed(evidence_verify(data_centre=dc))
    assert ("compliance", "signature") in result
    assert ("service_offering", "provided_by") in result
    assert ("participant", "location_eu") in result


def test_expiry_warns_then_lapses():
    dc = make_data_centre("gx-exp", valid=False)
    Evidence(days=10).install(dc)
    evidence_verify(data_centre=dc)
    dc.refresh_from_db()
    assert dc.evidence_status == DataCentre.Evidence.EXPIRING
    assert Notification.objects.filter(
        organisation=dc.organisation, kind__startswith="evidence_expiring"
    )
    issue(dc)  # still accepts vouchers while expiring
    evidence_verify(data_centre=dc, now=timezone.now() + timedelta(days=11))
    dc.refresh_from_db()
    assert dc.evidence_status == DataCentre.Evidence.LAPSED
    assert not dc.accepts_new_vouchers


def test_daily_command_reverifies():
    dc = make_data_centre("gx-cmd", valid=False)
    Evidence().install(dc)
    from io import StringIO

    out = StringIO()
    call_command("verify_gaiax", stdout=out)
    assert "gx-cmd: valid" in out.getvalue()


def test_missing_credentials_are_named():
    dc = make_data_centre("gx-missing", valid=False)
    result = failed(evidence_verify(data_centre=dc))
    assert ("compliance", "present") in result and ("participant", "present") in result


@pytest.mark.parametrize(
    "path", sorted(p.name for p in CORPUS.glob("*.json") if "did-document" not in p.name)
)
def test_corpus_credentials_parse(path):
    parsed = gaiax.credential_parse((CORPUS / path).read_text())
    assert parsed.issuer
    assert parsed.fmt in {"jsonld", "vc_jwt"}


def test_corpus_vc_jwt_verifies_with_keys_of_the_did_documents():
    keys = {}
    for doc in CORPUS.glob("twin_did-document_*.json"):
        for vm in json.loads(doc.read_text())["verificationMethod"]:
            keys[vm["id"]] = gaiax.public_jwk(vm["publicKeyJwk"])
    compliance = gaiax.credential_parse(
        (CORPUS / "twin_vc-jwt_compliance_participant-credential.json").read_text()
    )
    offering = gaiax.credential_parse(
        (CORPUS / "twin_vc-jwt_evidence_invoice-service-offering.json").read_text()
    )
    assert gaiax.verify_signature(compliance, keys)[0]
    assert gaiax.verify_signature(offering, keys)[0]
    assert gaiax.provided_by(offering) == compliance.document["credentialSubject"]["id"]
    # the compliance credential's digestSRI matches the legal entity, in both encodings
    entries = {e["id"]: e["integrity"] for e in gaiax.compliance_entries(compliance)}
    for name in (
        "twin_vc-jwt_evidence_acme-legal-entity.json",
        "twin_published_acme-legal-entity.json",
    ):
        legal = gaiax.credential_parse((CORPUS / name).read_text())
        assert gaiax.integrity_matches(legal, entries[legal.credential_id])
        assert gaiax.country_of(legal) == "KE"  # Kenya: not an EU location
    other = jwk.JWK.generate(kty="OKP", crv="Ed25519")
    wrong = {k: json.loads(other.export_public()) for k in keys}
    assert not gaiax.verify_signature(compliance, wrong)[0]


def test_tagus_compliance_lists_integrity_of_each_credential():
    cc = gaiax.credential_parse(
        (CORPUS / "posedio_tagus_compliance-credential_gxdch-v1_2023-10-17.json").read_text()
    )
    entries = gaiax.compliance_entries(cc)
    assert {e["type"] for e in entries} >= {"gx:ServiceOffering", "gx:LegalParticipant"}
    assert all(e["integrity"].startswith("sha256-") for e in entries)
    assert cc.valid_until < timezone.now()  # long expired: would lapse
    assert not gaiax.verify_signature(cc, {})[0]  # its key is not pinned


def test_unknown_context_is_never_fetched():
    doc = {"@context": ["https://example.org/evil-context"], "type": ["VerifiableCredential"]}
    key = jwk.JWK.generate(kty="EC", crv="P-256")
    with pytest.raises(gaiax.OfflineContextError):
        gaiax.sign_jsonld(doc, key, "k", "ES256")
    header = gaiax._b64url(b'{"alg":"ES256","b64":false,"crit":["b64"]}')
    proof = {"type": "JsonWebSignature2020", "verificationMethod": "k", "jws": f"{header}..AAAA"}
    ok, detail = gaiax.verify_signature(
        gaiax.credential_parse({**doc, "proof": proof}), {"k": json.loads(key.export_public())}
    )
    assert not ok and "not available offline" in detail
    assert Credential.objects.count() == 0


def test_daily_task_runs_the_same_job():
    from kivoucher.compute.tasks import compute_daily

    dc = make_data_centre("gx-task", valid=False)
    Evidence().install(dc)
    result = compute_daily.enqueue()
    assert result.return_value["verified"] == {"gx-task": "valid"}
