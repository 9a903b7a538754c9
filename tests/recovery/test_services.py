"""Recovery from start to objection, receivables, repayments from bank statements and
the de-minimis register: through the services and the database."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kivoucher.core.audit import audit_history
from kivoucher.core.errors import Conflict, PermissionDenied
from kivoucher.core.roles import Role
from kivoucher.ledger.models import Account
from kivoucher.programmes.figures import call_figures
from kivoucher.programmes.models import AidAward, AidAwardReduction
from kivoucher.recovery.interest import interest_compute, rates_for
from kivoucher.recovery.models import Objection, Receivable, RecoveryCase, Repayment
from kivoucher.recovery.services import (
    CLAIMS,
    objection_decide,
    objection_file,
    receivable_create,
    recovery_answer_record,
    recovery_case_start,
    recovery_decide,
    recovery_hearing_send,
)
from tests.factories import UserFactory
from tests.recovery.factories import approved_voucher, base_rates_until_today, pay_out

pytestmark = pytest.mark.django_db


def _balance(code: str) -> Decimal:
    return Account.objects.get(code=code).balance


@pytest.fixture
def voucher_world():
    base_rates_until_today()
    world, voucher = approved_voucher()
    pay_out(world.call, Decimal("20000.00"), key=f"test-payout:{voucher.code}")
    return world, voucher


def _decided(world, voucher, *, amount=Decimal("8000.00"), days=100):
    today = timezone.localdate()
    case = recovery_case_start(
        actor=world.admin,
        origin=voucher.payout_origin,
        reason="Das Projekt wurde nicht durchgeführt.",
        amount=amount,
        ineffective_on=today - timedelta(days=days),
    )
    recovery_hearing_send(actor=world.admin, case=case)
    recovery_answer_record(actor=world.applicant, case=case, answer="Wir widersprechen.")
    return recovery_decide(actor=world.approver, case=case, recover=True, reason="Zweckverfehlung")


def test_receivable_for_an_overpayment_is_booked_and_named_by_its_reference():
    world, voucher = approved_voucher()
    receivable = receivable_create(
        actor=world.caseworker,
        organisation=world.company,
        origin=voucher.payout_origin,
        amount=Decimal("1250.00"),
        reason="Schlussnachweis: 1.250 € zu viel gezahlt",
    )
    assert receivable.reference == f"KIV-RF-{receivable.pk}"
    assert receivable.kind == Receivable.Kind.OVERPAYMENT
    assert receivable.status == Receivable.Status.OPEN
    assert receivable.call == world.call  # found from the origin
    assert receivable.outstanding == Decimal("1250.00")
    assert Account.objects.get(pk=receivable.account_id).balance == Decimal("-1250.00")
    assert _balance(CLAIMS) == Decimal("1250.00")
    assert audit_history(receivable).filter(action="recovery.receivable.open").exists()


def test_recovery_from_start_to_decision_with_interest_and_de_minimis_reduced(voucher_world):
    world, voucher = voucher_world
    today = timezone.localdate()
    case = _decided(world, voucher)
    assert case.status == RecoveryCase.Status.DECIDED
    expected = interest_compute(
        principal=Decimal("8000.00"),
        start=today - timedelta(days=100),
        until=today,
        rates=rates_for(),
    )
    assert case.interest == expected.total > 0
    assert sum(line["days"] for line in case.interest_detail["lines"]) == 100
    receivable = case.receivable
    assert receivable.kind == Receivable.Kind.RECOVERY
    assert receivable.amount == Decimal("8000.00")
    assert receivable.total_due == Decimal("8000.00") + expected.total
    award = AidAward.objects.get(reference=f"application:{voucher.application_id}")
    assert award.amount == voucher.amount - Decimal("8000.00")
    reduction = AidAwardReduction.objects.get(reference=f"recovery:{case.pk}")
    assert reduction.award == award and reduction.amount == Decimal("8000.00")
    history = [e.action for e in audit_history(case)]
    assert "recovery.recoverycase.hearing" in history
    assert "recovery.recoverycase.decided" in history


def test_the_person_who_started_a_recovery_cannot_decide_it(voucher_world):
    world, voucher = voucher_world
    case = recovery_case_start(
        actor=world.admin,
        origin=voucher.payout_origin,
        reason="Grund",
        amount=Decimal("100"),
        ineffective_on=timezone.localdate() - timedelta(days=5),
    )
    recovery_hearing_send(actor=world.admin, case=case)
    recovery_answer_record(actor=world.caseworker, case=case, answer="telefonisch: keine Einwände")
    with pytest.raises(PermissionDenied) as refused:
        recovery_decide(actor=world.admin, case=case, recover=True, reason="x")
    assert refused.value.code == "four_eyes"
    with pytest.raises(PermissionDenied):
        recovery_case_start(
            actor=world.caseworker,
            origin=voucher.payout_origin,
            reason="x",
            amount=Decimal("1"),
            ineffective_on=date(2025, 1, 1),
        )


def test_a_decision_waits_for_the_hearing_deadline_unless_answered(voucher_world):
    world, voucher = voucher_world
    case = recovery_case_start(
        actor=world.admin,
        origin=voucher.payout_origin,
        reason="Grund",
        amount=Decimal("100"),
        ineffective_on=timezone.localdate() - timedelta(days=5),
    )
    recovery_hearing_send(actor=world.admin, case=case)
    case.refresh_from_db()
    assert case.hearing_deadline == timezone.localdate() + timedelta(weeks=4)
    with pytest.raises(Conflict) as refused:
        recovery_decide(actor=world.approver, case=case, recover=True, reason="x")
    assert refused.value.code == "hearing_open"


def _entry(reference, amount, entry_id):
    from kivoucher.payments.incoming import IncomingEntry

    return IncomingEntry(
        reference=reference,
        amount=Decimal(amount),
        booked_on=timezone.localdate(),
        entry_id=entry_id,
        debtor_name="Firma GmbH",
        debtor_iban="DE89370400440532013000",
        remittance=f"Rueckzahlung {reference}",
    )


def test_repayments_partial_duplicate_too_much_and_full(voucher_world):
    from kivoucher.recovery.incoming import receivable_repayment

    world, voucher = voucher_world
    case = _decided(world, voucher, amount=Decimal("8000.00"))
    receivable = case.receivable
    ref = receivable.reference
    before = call_figures(calls=[world.call]).per_call[world.call.pk]
    due = receivable.total_due

    assert receivable_repayment(_entry(ref, "3000.00", "stmt-1:1")) == "matched"
    receivable.refresh_from_db()
    assert receivable.status == Receivable.Status.OPEN
    assert receivable.amount_repaid == Decimal("3000.00")
    assert receivable.outstanding == due - Decimal("3000.00")
    # the same statement entry again: nothing booked twice
    assert receivable_repayment(_entry(ref, "3000.00", "stmt-1:1")) == "already_matched"
    # more than is outstanding: nothing booked
    assert receivable_repayment(_entry(ref, str(due), "stmt-2:1")) == "amount_differs"
    assert Repayment.objects.filter(receivable=receivable).count() == 1
    assert receivable_repayment(_entry("KIV-RF-999999", "10", "stmt-2:2")) == "unknown"

    after = call_figures(calls=[world.call]).per_call[world.call.pk]
    # the principal came back to the call: available up, paid down, the rest unchanged
    assert after["available"] == before["available"] + Decimal("3000.00")
    assert after["paid"] == before["paid"] - Decimal("3000.00")
    assert after["total"] == before["total"]
    assert after["committed"] == before["committed"]

    rest = str(due - Decimal("3000.00"))
    assert receivable_repayment(_entry(ref, rest, "stmt-3:1")) == "matched"
    receivable.refresh_from_db()
    assert receivable.status == Receivable.Status.PAID
    assert receivable.outstanding == 0
    assert receivable.account.balance == 0
    assert _balance(CLAIMS) == 0
    final = call_figures(calls=[world.call]).per_call[world.call.pk]
    # principal to the call (8,000), the interest to the budget's revenue
    assert final["paid"] == before["paid"] - Decimal("8000.00")
    assert _balance("recovery:interest-income") == receivable.interest


def test_objection_rejected_leaves_the_decision_standing(voucher_world):
    world, voucher = voucher_world
    case = _decided(world, voucher)
    objection = objection_file(actor=world.applicant, case=case, reason="Wir waren im Recht.")
    assert objection.status == Objection.Status.FILED
    with pytest.raises(PermissionDenied):  # who decided the case does not decide this
        objection_decide(actor=world.approver, objection=objection, outcome="rejected", reason="x")
    second = UserFactory(role=Role.APPROVER)
    objection = objection_decide(
        actor=second, objection=objection, outcome="rejected", reason="Unbegründet."
    )
    assert objection.status == Objection.Status.REJECTED
    case.refresh_from_db()
    assert case.status == RecoveryCase.Status.DECIDED
    assert case.receivable.outstanding == case.receivable.total_due
    assert AidAwardReduction.objects.filter(reference=f"recovery:{case.pk}").exists()


def test_objection_upheld_drops_the_case_and_writes_the_receivable_off(voucher_world):
    world, voucher = voucher_world
    case = _decided(world, voucher)
    award = AidAward.objects.get(reference=f"application:{voucher.application_id}")
    objection = objection_file(actor=world.applicant, case=case, reason="Irrtum.")
    objection_decide(
        actor=UserFactory(role=Role.PROGRAMME_ADMIN),
        objection=objection,
        outcome="upheld",
        reason="Der Zweck wurde erreicht.",
    )
    case.refresh_from_db()
    receivable = case.receivable
    assert case.status == RecoveryCase.Status.DROPPED
    assert receivable.status == Receivable.Status.WRITTEN_OFF
    assert receivable.outstanding == 0
    assert receivable.account.balance == 0 and _balance(CLAIMS) == 0
    award.refresh_from_db()
    assert award.amount == voucher.amount  # the de-minimis record restored
    assert not AidAwardReduction.objects.filter(reference=f"recovery:{case.pk}").exists()


def test_objection_partly_upheld_lowers_amount_interest_and_reduction(voucher_world):
    world, voucher = voucher_world
    case = _decided(world, voucher, amount=Decimal("8000.00"))
    objection = objection_file(actor=world.applicant, case=case, reason="Teilweise erreicht.")
    objection_decide(
        actor=UserFactory(role=Role.APPROVER),
        objection=objection,
        outcome="partly_upheld",
        reason="Teilweise.",
        amount=Decimal("5000.00"),
    )
    case.refresh_from_db()
    receivable = case.receivable
    expected = interest_compute(
        principal=Decimal("5000.00"),
        start=case.ineffective_on,
        until=case.decided_on,
        rates=rates_for(),
    )
    assert case.amount == Decimal("5000.00") and case.interest == expected.total
    assert receivable.amount == Decimal("5000.00") and receivable.interest == expected.total
    assert receivable.status == Receivable.Status.OPEN
    assert receivable.outstanding == Decimal("5000.00") + expected.total
    assert receivable.account.balance == -(Decimal("5000.00") + expected.total)
    assert AidAwardReduction.objects.get(reference=f"recovery:{case.pk}").amount == Decimal(
        "5000.00"
    )


def test_an_objection_after_one_month_is_refused(voucher_world):
    world, voucher = voucher_world
    case = _decided(world, voucher)
    RecoveryCase.objects.filter(pk=case.pk).update(
        decided_on=timezone.localdate() - timedelta(days=40)
    )
    case.refresh_from_db()
    with pytest.raises(Conflict) as refused:
        objection_file(actor=world.applicant, case=case, reason="zu spät")
    assert refused.value.code == "objection_late"


def test_a_stranger_cannot_answer_or_object(voucher_world):
    from tests.factories import OrganisationFactory, member_of

    world, voucher = voucher_world
    case = recovery_case_start(
        actor=world.admin,
        origin=voucher.payout_origin,
        reason="Grund",
        amount=Decimal("100"),
        ineffective_on=timezone.localdate() - timedelta(days=5),
    )
    recovery_hearing_send(actor=world.admin, case=case)
    stranger = member_of(OrganisationFactory())
    with pytest.raises(PermissionDenied):
        recovery_answer_record(actor=stranger, case=case, answer="nein")


def test_the_statement_import_hands_rf_references_to_the_recovery_handler():
    from kivoucher.payments.incoming import incoming_dispatch, incoming_find

    world, voucher = approved_voucher()
    receivable = receivable_create(
        actor=world.caseworker,
        organisation=world.company,
        origin=voucher.payout_origin,
        amount=Decimal("50.00"),
        reason="Überzahlung",
    )
    found = incoming_find(f"Rueckzahlung {receivable.reference} Firma GmbH")
    assert found == ("RF", receivable.reference)
    entry = _entry(receivable.reference, "50.00", "camt:x:1")
    assert incoming_dispatch("RF", entry) == "matched"
    receivable.refresh_from_db()
    assert receivable.status == Receivable.Status.PAID
