"""Line I end to end through HTTP: apply, review, decide, voucher, proof of use, payout."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from kivoucher.applications.models import Application, Voucher
from kivoucher.applications.services.review import CHECKLIST
from kivoucher.payments.models import PaymentBatch, Payout
from kivoucher.programmes.selectors import call_budget_figures
from tests.applications.factories import PDF_BYTES, make_world
from tests.e2e.openapi_check import CheckedApi, openapi_document
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
V1 = "/api/v1"
API = f"{V1}/applications"
PROVIDER = "NeuroForge AI GmbH"  # the accredited provider of the world, by its public name


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def from_the_api(w, api: CheckedApi) -> dict:
    """What an integrator reads before applying: the call, a category of its programme
    and the provider, each from the public answers (no database ids)."""
    call = next(c for c in api.get(f"{V1}/programmes/calls").json() if c["name"] == w.call.name)
    categories = api.get(f"{V1}/programmes/{call['programme']}/categories").json()
    entry = next(
        e
        for e in api.get(f"{V1}/providers").json()
        if e["name"] == PROVIDER and e["programme"] == call["programme"]
    )
    assert api.get(f"{V1}/providers/{entry['id']}").json() == entry
    return {
        "call": call["id"],
        "category": categories[0]["code"],
        "provider": entry["organisation_id"],
    }


def apply_via_api(w, api: CheckedApi, **overrides) -> dict:
    today = timezone.localdate()
    body = {
        **from_the_api(w, api),
        "title": "KI-gestützte Sichtprüfung",
        "description": "Prototyp einer Bildverarbeitung zur Erkennung von Oberflächenfehlern.",
        "planned_costs": "40000.00",
        "planned_start": (today + timedelta(days=20)).isoformat(),
        "planned_end": (today + timedelta(days=200)).isoformat(),
        "sme_declared": True,
        "not_in_difficulty": True,
        "de_minimis_declared": True,
        "declared_ties": "Keine",
        "declared_aid": [
            {"granting_body": "Land Bayern", "amount": "20000.00", "granted_on": "2025-03-01"}
        ],
    }
    body.update(overrides)
    response = api.post(API, body)
    assert response.status_code == 201, response.content
    return response.json()


def review_via_api(api: CheckedApi, app_id, score=80) -> dict:
    response = api.post(
        f"{API}/{app_id}/review",
        {
            "checklist": dict.fromkeys(CHECKLIST, True),
            "score": score,
            "recommendation": "approve",
            "comment": "solide",
        },
    )
    assert response.status_code == 200, response.content
    return response.json()


def approved_voucher(w, api_client_for) -> tuple[dict, str]:
    applicant = CheckedApi(api_client_for(w.applicant))
    app = apply_via_api(w, applicant)
    assert app["provider"] == from_the_api(w, applicant)["provider"]
    assert app["declared_ties"] == ""  # "Keine" is no tie
    check = applicant.get(f"{API}/{app['id']}/eligibility").json()
    assert check["passed"], check
    assert {r["code"] for r in check["rules"]} >= {
        "seat_in_germany",
        "sme_declared",
        "de_minimis_ceiling",
        "provider_accredited",
        "provider_independent",
        "costs_within_cap",
        "not_started",
    }
    assert applicant.post(f"{API}/{app['id']}/submit", {}).json()["status"] == "submitted"
    review_via_api(CheckedApi(api_client_for(w.caseworker)), app["id"])
    approver = CheckedApi(api_client_for(w.approver))
    # The approver reads the review (checklist, score, comment) before deciding.
    [review] = approver.get(f"{API}/{app['id']}/reviews").json()
    assert review["score"] == 80 and review["comment"] == "solide"
    assert [i["code"] for i in review["checklist"]] == list(CHECKLIST)
    assert all(i["satisfied"] for i in review["checklist"])
    refused = applicant.get(f"{API}/{app['id']}/reviews")
    assert refused.status_code == 403
    decided = approver.post(f"{API}/{app['id']}/decision", {"approve": True})
    assert decided.status_code == 200, decided.content
    history = applicant.get(f"{API}/{app['id']}/history").json()
    assert [r["number"] for r in history["revisions"]] == [1]
    assert "applications.application.approved" in [e["action"] for e in history["events"]]
    return decided.json(), decided.json()["voucher"]


def proof_form(**fields) -> dict:
    return {
        "invoice": io_file(PDF_BYTES, "rechnung.pdf"),
        "report": "Der Prototyp erkennt 96 % der Oberflächenfehler und läuft im Werk.",
        "invoice_number": "RE-2026-117",
        "net": "38000.00",
        "vat": "7220.00",
        "gross": "45220.00",
    } | fields


@pytest.mark.parametrize("mode", ["company", "provider"])
def test_approve_and_pay_out(mode, api_client_for, client_for, client, tmp_path):
    w = make_world(payout_mode=mode)
    app, code = approved_voucher(w, api_client_for)
    assert app["status"] == "approved"
    assert Decimal(app["granted_amount"]) == Decimal("32000.00")  # small: 80 % of 40,000
    assert call_budget_figures(call=w.call)["committed"] == Decimal("32000.00")

    # Decision letter and certificate are German PDFs; the QR code points to /verify/<code>
    web = client_for(w.applicant)
    letter = web.get(f"/applications/{app['id']}/letter.pdf")
    assert letter["Content-Type"] == "application/pdf"
    text = pdf_text(letter.content)
    assert "Zuwendungsbescheid" in text and code in text
    cert = web.get(f"/vouchers/{code}/certificate.pdf")
    assert code in pdf_text(cert.content)
    page = client.get(f"/verify/{code}")
    assert page.status_code == 200 and "gültig" in page.content.decode()

    # Proof of use: a PDF invoice with amounts entered, by the company
    holder = CheckedApi(api_client_for(w.applicant))
    proof = holder.post_form(f"{V1}/projects/vouchers/{code}/proof", proof_form())
    assert proof.status_code == 201, proof.content
    assert proof.json()["invoice_format"] == "pdf"
    assert holder.get(f"{API}/vouchers/{code}").json()["provider"] == PROVIDER
    # A second proof of use is refused
    again = holder.post_form(
        f"{V1}/projects/vouchers/{code}/proof",
        proof_form(
            invoice=io_file(PDF_BYTES, "rechnung2.pdf"),
            report="Noch einmal derselbe Bericht für denselben Voucher.",
            invoice_number="RE-2",
            net="1.00",
            vat="0.19",
            gross="1.19",
        ),
    )
    assert again.status_code == 409 and again.json()["code"] == "duplicate"

    checked = CheckedApi(api_client_for(w.caseworker)).post(
        f"{V1}/projects/proofs/{proof.json()['id']}/check", {"accept": True}
    )
    assert checked.status_code == 200, checked.content
    # payout = min(cap 32,000, 80 % x 38,000 = 30,400)
    assert Decimal(checked.json()["payout_amount"]) == Decimal("30400.00")
    payout = Payout.objects.get(origin=f"voucher:{code}")
    expected = w.provider if mode == "provider" else w.company
    assert payout.beneficiary == expected and payout.amount == Decimal("30400.00")
    figures = call_budget_figures(call=w.call)
    # 30,400 queued for the bank (still committed, not paid), 1,600 released
    assert (figures["committed"], figures["paid"]) == (Decimal("30400.00"), Decimal("0.00"))
    assert figures["available"] == Decimal("200000.00") - Decimal("30400.00")
    assert Voucher.objects.get(code=code).status == Voucher.Status.REDEEMED
    assert client.get(f"/verify/{code}").context["status"] == "redeemed"

    # the caseworker who accepted the proof prepared the payout: an approver releases it
    release = f"{V1}/payments/payouts/{payout.pk}/release"
    refused = api_client_for(w.caseworker).post(release)
    assert refused.status_code == 403
    released = api_client_for(w.approver).post(release)
    assert released.status_code == 200, released.content
    assert released.json()["prepared_by"] == w.caseworker.pk
    assert released.json()["released_by"] == w.approver.pk

    # SEPA batch; marking it paid closes the voucher at once
    out = tmp_path / "pain.xml"
    call_command("export_sepa", "-o", str(out))
    assert payout.iban in out.read_text()
    batch = PaymentBatch.objects.get()
    assert Voucher.objects.get(code=code).status == Voucher.Status.REDEEMED
    # the bank's statement (camt.053) of the exported file: paid, the voucher closes
    from tests.payments.camt_writer import bookings_of_pain001, camt053

    statement = camt053(bookings_of_pain001(out.read_text()))
    imported = api_client_for(w.caseworker).post(
        f"{V1}/payments/bank-statements", statement, content_type="application/xml"
    )
    assert imported.status_code == 200, imported.content
    assert [e["result"] for e in imported.json()["entries"]] == ["matched"]
    assert Voucher.objects.get(code=code).status == Voucher.Status.CLOSED
    batch.refresh_from_db()
    assert batch.status == "paid"
    figures = call_budget_figures(call=w.call)
    assert (figures["committed"], figures["paid"]) == (Decimal("0.00"), Decimal("30400.00"))


def io_file(content: bytes, name: str):
    f = io.BytesIO(content)
    f.name = name
    return f


def test_reject_with_reasons(api_client_for, client_for, django_capture_on_commit_callbacks):
    w = make_world()
    applicant = CheckedApi(api_client_for(w.applicant))
    app = apply_via_api(w, applicant)
    applicant.post(f"{API}/{app['id']}/submit", {})
    review_via_api(CheckedApi(api_client_for(w.caseworker)), app["id"], score=20)
    approver = CheckedApi(api_client_for(w.approver))
    no_reason = approver.post(f"{API}/{app['id']}/decision", {"approve": False})
    assert no_reason.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        rejected = approver.post(
            f"{API}/{app['id']}/decision",
            {"approve": False, "reason": "Das Vorhaben ist kein KI-Projekt im Sinne der Anlage."},
        )
    assert rejected.json()["status"] == "rejected"
    assert call_budget_figures(call=w.call)["committed"] == Decimal("0")
    text = pdf_text(client_for(w.applicant).get(f"/applications/{app['id']}/letter.pdf").content)
    assert "abgelehnt" in text and "kein KI-Projekt" in text
    assert [m.subject for m in mail.outbox] == [
        f"Entscheidung über Ihren Antrag KIV-{app['id']:06d}"
    ]


def test_request_info_and_resubmit_in_the_web_ui(client_for):
    w = make_world()
    app = w.submitted()
    caseworker = client_for(w.caseworker)
    queue = caseworker.get("/applications/queue/?sort=oldest")
    assert app.reference in queue.content.decode()
    detail = caseworker.get(f"/applications/{app.pk}/").content.decode()
    assert "Alle Voraussetzungen sind erfüllt." in detail  # the check at submission
    response = caseworker.post(
        f"/applications/{app.pk}/request-info/", {"message": "Bitte den Zeitplan präzisieren."}
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == Application.Status.INFO_REQUESTED
    applicant = client_for(w.applicant)
    page = applicant.get(f"/applications/{app.pk}/")
    assert "Bitte den Zeitplan präzisieren." in page.content.decode()
    edit = applicant.get(f"/applications/{app.pk}/edit/")
    form = edit.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update(
        {
            "category": w.category.pk,
            "provider": w.provider.pk,
            "planned_costs": "30.000,00",
            "planned_start": app.planned_start.isoformat(),
            "planned_end": (app.planned_end + timedelta(days=30)).isoformat(),
        }
    )
    for flag in ("sme_declared", "not_in_difficulty", "de_minimis_declared"):
        data[flag] = "on"
    data.pop("declared_ties", None)
    saved = applicant.post(f"/applications/{app.pk}/edit/", data)
    assert saved.status_code == 302, saved.context["form"].errors if saved.context else saved
    resubmitted = applicant.post(
        f"/applications/{app.pk}/submit/", {"note": "Zeitplan um einen Monat verlängert."}
    )
    assert resubmitted.status_code == 302
    app.refresh_from_db()
    assert app.status == Application.Status.SUBMITTED
    assert app.planned_costs == Decimal("30000.00")
    assert [r.number for r in app.revisions.all()] == [1, 2]
    assert app.revisions.first().data["planned_costs"] == "40000.00"
    request = app.info_requests.get()
    assert request.answer == "Zeitplan um einen Monat verlängert."


def test_bad_input_is_refused_and_nothing_saved(api_client_for):
    w = make_world()
    applicant = CheckedApi(api_client_for(w.applicant))
    call = from_the_api(w, applicant)["call"]
    for costs, code in [("100.123", "invalid_amount"), ("-5", "invalid_amount")]:
        response = applicant.post(API, {"call": call, "title": "X-Projekt", "planned_costs": costs})
        assert response.status_code == 400 and response.json()["code"] == code
    floaty = applicant.post_invalid(API, {"call": call, "title": "X", "planned_costs": 1.5})
    assert floaty.status_code == 422
    assert not Application.objects.exists()
    # costs above the cap (small: 50,000 / 80 % = 62,500)
    app = apply_via_api(w, applicant, planned_costs="70000.00")
    refused = applicant.post(f"{API}/{app['id']}/submit", {})
    assert refused.status_code == 400 and "62.500,00" in refused.json()["message"]
    assert Application.objects.get().status == Application.Status.DRAFT


def test_expire_releases_budget_and_refuses_late_proof(
    api_client_for, client, django_capture_on_commit_callbacks
):
    w = make_world()
    app, code = approved_voucher(w, api_client_for)
    today = timezone.localdate()
    Voucher.objects.filter(code=code).update(valid_until=today + timedelta(days=10))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_vouchers")
    assert any(code in m.subject for m in mail.outbox)  # reminder before the deadline
    Voucher.objects.filter(code=code).update(valid_until=today - timedelta(days=1))
    late = CheckedApi(api_client_for(w.applicant)).post_form(
        f"{V1}/projects/vouchers/{code}/proof",
        proof_form(
            report="Ein zu spät eingereichter Verwendungsnachweis.",
            invoice_number="1",
            net="100.00",
            vat="19.00",
            gross="119.00",
        ),
    )
    assert late.status_code == 409 and late.json()["code"] == "voucher_expired"
    call_command("expire_vouchers")
    assert Voucher.objects.get(code=code).status == Voucher.Status.EXPIRED
    figures = call_budget_figures(call=w.call)
    assert figures["committed"] == Decimal("0.00")
    assert figures["available"] == Decimal("200000.00")
    assert client.get(f"/verify/{code}").context["status"] == "expired"
    from kivoucher.programmes.models import AidAward

    assert AidAward.objects.get(reference=f"application:{app['id']}").cancelled_at is not None


def test_verify_unknown_or_forged_code(client):
    assert client.get("/verify/KIV-0000-0000-0000-0").status_code == 404
    assert client.get("/verify/nonsense").status_code == 404


def test_declared_aid_can_be_removed_from_a_draft(api_client_for):
    w = make_world()
    applicant = CheckedApi(api_client_for(w.applicant))
    app = apply_via_api(w, applicant)
    aid_id = app["declared_aid"][0]["id"]
    response = applicant.delete(f"{API}/{app['id']}/aid/{aid_id}")
    assert response.status_code == 200 and response.json()["declared_aid"] == []
    assert applicant.delete(f"{API}/{app['id']}/aid/{aid_id}").status_code == 404


def test_the_provider_is_the_directory_entry_s_organisation_and_nothing_else(api_client_for):
    """The directory answers the id an application takes (`organisation_id`); an id of
    anything but an accredited provider is refused at once, not saved for the
    eligibility check to fail later."""
    w = make_world()
    applicant = CheckedApi(api_client_for(w.applicant))
    own = applicant.get(f"{V1}/organisations").json()[0]["id"]  # the applicant's own
    stranger = OrganisationFactory(kind="provider", name="Nicht Akkreditiert GmbH")
    entry = next(e for e in applicant.get(f"{V1}/providers").json() if e["name"] == PROVIDER)
    for wrong in (own, stranger.pk, 10**9):
        refused = applicant.post(
            API, {**from_the_api(w, applicant), "title": "KI", "provider": wrong}
        )
        assert refused.status_code == 422 and refused.json()["code"] == "invalid_provider"
    assert not Application.objects.exists()
    app = apply_via_api(w, applicant)
    changed = applicant.patch(f"{API}/{app['id']}", {"provider": own})
    assert changed.status_code == 422 and changed.json()["code"] == "invalid_provider"
    assert applicant.get(f"{API}/{app['id']}").json()["provider"] == entry["organisation_id"]
    schemas = openapi_document()["components"]["schemas"]
    assert "organisation_id" in schemas["ApplicationIn"]["properties"]["provider"]["description"]
    assert "provider" in schemas["DirectoryOut"]["properties"]["organisation_id"]["description"]
