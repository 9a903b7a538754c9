from decimal import Decimal

import pytest

from kivoucher.applications import services as app_services
from kivoucher.applications.models import Voucher
from kivoucher.core.errors import DomainError
from kivoucher.core.uploads import upload_check
from kivoucher.organizations.models import Organisation
from kivoucher.payments.models import Payout
from kivoucher.programmes.models import AidAward
from kivoucher.programmes.selectors import call_budget_figures
from kivoucher.projects.models import ProofOfUse
from kivoucher.projects.services import payout_amount, proof_check, proof_submit
from tests.applications.factories import PDF_BYTES, make_world

pytestmark = pytest.mark.django_db


def _proof(w, voucher, net="20000.00"):
    net = Decimal(net)
    return proof_submit(
        actor=w.applicant,
        voucher=voucher,
        invoice=upload_check(PDF_BYTES, name="r.pdf"),
        report="Projekt abgeschlossen, Ergebnis im Einsatz.",
        amounts={"invoice_number": "R-1", "net": net, "vat": Decimal("0.00"), "gross": net},
    )


def test_lower_final_amount_releases_the_rest_and_adjusts_the_register():
    w = make_world()
    app = w.approved()  # 32,000 committed
    proof = proof_check(actor=w.caseworker, proof=_proof(w, app.voucher), accept=True)
    assert proof.payout_amount == Decimal("16000.00")  # 80 % of 20,000
    figures = call_budget_figures(call=w.call)
    # the payout of 16,000 is committed until the bank executes it; the rest is released
    assert (figures["committed"], figures["paid"]) == (Decimal("16000.00"), Decimal("0.00"))
    assert figures["available"] == Decimal("184000.00")
    award = AidAward.objects.get(reference=f"application:{app.pk}")
    assert award.amount == Decimal("16000.00")


def test_eligible_costs_above_the_invoice_are_refused():
    w = make_world()
    app = w.approved()
    proof = _proof(w, app.voucher)
    with pytest.raises(DomainError) as exc:
        proof_check(actor=w.caseworker, proof=proof, accept=True, eligible_costs="25000.00")
    assert exc.value.code == "costs_above_invoice"


def test_invalid_iban_at_payout_saves_nothing():
    w = make_world()
    app = w.approved()
    Organisation.objects.filter(pk=w.company.pk).update(iban="DE00123456789012345678")
    proof = _proof(w, app.voucher)
    with pytest.raises(DomainError) as exc:
        proof_check(actor=w.caseworker, proof=proof, accept=True)
    assert exc.value.code == "invalid_iban"
    proof.refresh_from_db()
    assert proof.status == ProofOfUse.Status.SUBMITTED
    assert not Payout.objects.exists()
    assert call_budget_figures(call=w.call)["committed"] == Decimal("32000.00")
    assert Voucher.objects.get(pk=app.voucher.pk).status == Voucher.Status.ACTIVE


def test_withdrawal_after_approval_releases_the_commitment():
    w = make_world()
    app = w.approved()
    app_services.application_withdraw(actor=w.applicant, application=app, reason="kein Bedarf")
    assert Voucher.objects.get(pk=app.voucher.pk).status == Voucher.Status.CANCELLED
    assert call_budget_figures(call=w.call)["available"] == Decimal("200000.00")
    assert AidAward.objects.get(reference=f"application:{app.pk}").cancelled_at is not None


def test_rejected_proof_can_be_followed_by_a_new_one():
    w = make_world()
    app = w.approved()
    first = proof_check(
        actor=w.caseworker, proof=_proof(w, app.voucher), accept=False, note="Bericht fehlt"
    )
    assert first.status == ProofOfUse.Status.REJECTED
    second = _proof(w, app.voucher)
    assert second.status == ProofOfUse.Status.SUBMITTED


@pytest.mark.parametrize(
    ("costs", "expected"),
    [("10000.00", "8000.00"), ("40000.00", "32000.00"), ("100000.00", "32000.00"),
     ("0.01", "0.01"), ("12345.67", "9876.54")],
)  # fmt: skip
def test_payout_is_min_of_cap_and_rate_times_costs(costs, expected):
    w = make_world()
    app = w.approved()
    assert payout_amount(voucher=app.voucher, eligible_costs=Decimal(costs)) == Decimal(expected)


def test_proof_of_use_changes_status_only_through_its_table():
    """The table on ProofOfUse is the rule (it was dead: the service assigned `.status`)."""
    from kivoucher.core.errors import Conflict
    from kivoucher.core.models import AuditEvent
    from kivoucher.core.workflow import transition

    w = make_world()
    app = w.approved()
    proof = proof_check(actor=w.caseworker, proof=_proof(w, app.voucher), accept=True)
    event = AuditEvent.objects.get(action="projects.proofofuse.accepted", object_id=str(proof.pk))
    assert (event.old_state, event.new_state) == ("submitted", "accepted")
    assert event.data["payout"] == "16000.00"
    with pytest.raises(Conflict) as exc:  # accepted -> rejected is outside the table
        transition(proof, ProofOfUse.Status.REJECTED, actor=w.caseworker, reason="doch nicht")
    assert exc.value.code == "invalid_transition"
    with pytest.raises(Conflict) as exc:
        proof_check(actor=w.caseworker, proof=proof, accept=False, note="doch nicht")
    assert exc.value.code == "invalid_transition"
    proof.refresh_from_db()
    assert proof.status == ProofOfUse.Status.ACCEPTED
    assert Voucher.objects.get(pk=app.voucher.pk).status == Voucher.Status.REDEEMED


def test_a_rejected_proof_records_the_check_and_its_audit_event():
    from kivoucher.core.models import AuditEvent

    w = make_world()
    app = w.approved()
    proof = proof_check(
        actor=w.caseworker, proof=_proof(w, app.voucher), accept=False, note="Rechnung unlesbar"
    )
    proof.refresh_from_db()
    assert proof.status == ProofOfUse.Status.REJECTED
    assert proof.checked_by == w.caseworker and proof.check_note == "Rechnung unlesbar"
    event = AuditEvent.objects.get(action="projects.proofofuse.rejected", object_id=str(proof.pk))
    assert event.reason == "Rechnung unlesbar"
