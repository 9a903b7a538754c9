"""Know your customer for buyers (GwG): persons recorded by the buyer, a staff check
before the first confirmed payment, payments held meanwhile (nothing lost), and the
records anonymised five years after the business relationship ended."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.core.models import AuditEvent
from kivoucher.core.roles import Role
from kivoucher.ledger.models import Account
from kivoucher.payments.models import Payout
from kivoucher.presale.camt import bank_statement_import
from kivoucher.presale.gdpr import anonymise, kyc_retention_ends
from kivoucher.presale.kyc import kyc_check, kyc_dossier_of, kyc_persons_set, kyc_submit
from kivoucher.presale.models import KycDossier, KycPerson, Offer, Purchase
from kivoucher.presale.services import (
    offer_evaluate,
    purchase_cancel,
    purchase_confirm_payment,
    purchase_create,
    purchase_expire,
)
from tests.factories import UserFactory, member_of
from tests.presale.factories import kyc_approve, make_buyer, make_offer, make_staff
from tests.presale.test_camt import statement_for

pytestmark = pytest.mark.django_db

REPRESENTATIVE = {"role": "representative", "name": "Erika Muster"}
OWNER = {
    "role": "owner",
    "name": "Max Muster",
    "birth_date": "1975-05-06",
    "share_percent": "60",
    "register_reference": "TR-1",
}


def _order(org, user, offer, hours=1):
    return purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=hours)


def test_the_buyer_records_representatives_and_owners_and_submits():
    org, user = make_buyer(kyc=False)
    with pytest.raises(DomainError) as missing:
        kyc_persons_set(actor=user, organisation=org, persons=[{**OWNER, "birth_date": None}])
    assert missing.value.code == "birth_date_missing"
    with pytest.raises(DomainError) as missing:
        kyc_persons_set(actor=user, organisation=org, persons=[{**OWNER, "share_percent": None}])
    assert missing.value.code == "control_missing"
    kyc_persons_set(actor=user, organisation=org, persons=[OWNER])
    with pytest.raises(DomainError) as missing:
        kyc_submit(actor=user, organisation=org)
    assert missing.value.code == "representative_missing"
    dossier = kyc_persons_set(
        actor=user, organisation=org, persons=[REPRESENTATIVE, OWNER], register_extract="TR-9"
    )
    assert dossier.persons.count() == 2 and dossier.register_extract == "TR-9"
    dossier = kyc_submit(actor=user, organisation=org)
    assert dossier.status == KycDossier.Status.SUBMITTED and dossier.submitted_by == user
    with pytest.raises(Conflict) as locked:
        kyc_persons_set(actor=user, organisation=org, persons=[REPRESENTATIVE, OWNER])
    assert locked.value.code == "kyc_locked"
    # other people may not touch it
    for person in (member_of(org, role=Role.APPLICANT), make_buyer()[1]):
        with pytest.raises(PermissionDenied):
            kyc_submit(actor=person, organisation=org)


def test_staff_check_is_audited_and_a_rejection_needs_a_reason():
    org, user = make_buyer(kyc=False)
    kyc_persons_set(actor=user, organisation=org, persons=[REPRESENTATIVE, OWNER])
    kyc_submit(actor=user, organisation=org)
    dossier = kyc_dossier_of(org)
    with pytest.raises(PermissionDenied):
        kyc_check(actor=user, dossier=dossier, approve=True)
    with pytest.raises(PermissionDenied):
        kyc_check(actor=UserFactory(role=Role.AUDITOR), dossier=dossier, approve=True)
    staff = make_staff()
    with pytest.raises(DomainError):
        kyc_check(actor=staff, dossier=dossier, approve=False, note="")
    dossier = kyc_check(actor=staff, dossier=dossier, approve=False, note="Auszug fehlt")
    assert dossier.status == "rejected" and dossier.checked_by == staff and dossier.checked_at
    # corrected and submitted again, then approved
    kyc_persons_set(
        actor=user, organisation=org, persons=[REPRESENTATIVE, OWNER], register_extract="TR"
    )
    kyc_submit(actor=user, organisation=org)
    dossier = kyc_check(actor=staff, dossier=dossier, approve=True, note="ok")
    assert dossier.status == "approved"
    states = list(
        AuditEvent.objects.filter(object_type="presale.kycdossier").values_list(
            "new_state", flat=True
        )
    )
    assert [s for s in states if s] == ["submitted", "rejected", "submitted", "approved"]


def test_no_payment_is_confirmed_by_hand_before_the_check():
    offer = make_offer()
    org, user = make_buyer(kyc=False)
    purchase = _order(org, user, offer)
    with pytest.raises(Conflict) as refused, translation.override("en"):
        purchase_confirm_payment(actor=make_staff(), purchase=purchase)
    assert refused.value.code == "kyc_outstanding"
    assert "KYC" in refused.value.message
    assert Purchase.objects.get(pk=purchase.pk).status == Purchase.Status.PENDING
    kyc_approve(org, user)
    confirmed = purchase_confirm_payment(actor=make_staff(), purchase=purchase)
    assert confirmed.sequence == 1


def test_a_statement_payment_is_held_until_the_check_then_confirmed():
    offer = make_offer()
    staff = make_staff()
    org, user = make_buyer(kyc=False)
    ok_org, ok_user = make_buyer()
    held = _order(org, user, offer, hours=2)
    paid = _order(ok_org, ok_user, offer, hours=1)
    short = _order(ok_org, ok_user, offer, hours=3)
    report = bank_statement_import(actor=staff, data=statement_for(held, paid, short))
    outcomes = {line.reference: line.outcome for line in report.lines if line.reference}
    assert outcomes[held.reference] == "held_kyc"
    assert outcomes[paid.reference] == "confirmed"
    held = Purchase.objects.get(pk=held.pk)
    assert held.status == Purchase.Status.PENDING and held.sequence is None
    assert held.payment_held["amount"] == str(held.amount)
    # nothing booked for it yet; the same statement again changes nothing
    assert Account.objects.get(code=offer.deferred_account_code).balance == paid.amount
    bank_statement_import(actor=staff, data=statement_for(held, paid, short))
    assert AuditEvent.objects.filter(action="presale.purchase.payment_held").count() == 1
    # the buyer cannot cancel money that has arrived
    with pytest.raises(Conflict) as refused:
        purchase_cancel(actor=user, purchase=held)
    assert refused.value.code == "payment_held"
    # approval confirms it with the next number in the order of sale
    kyc_approve(org, user, staff=staff)
    held = Purchase.objects.get(pk=held.pk)
    assert held.status == Purchase.Status.CONFIRMED and held.sequence == 2
    assert held.payment_held == {}
    assert (
        Account.objects.get(code=offer.deferred_account_code).balance == paid.amount + held.amount
    )


def test_the_one_statement_import_of_payments_reports_a_held_payment_for_a_person(api_client_for):
    from tests.payments.test_statements import V1, Booking, camt053

    offer = make_offer()
    org, user = make_buyer(kyc=False)
    purchase = _order(org, user, offer)
    booking = Booking(purchase.amount, True, "PS9", remittance=f"Vorverkauf {purchase.reference}")
    body = (
        api_client_for(make_staff())
        .post(f"{V1}/bank-statements", camt053([booking]), "application/xml")
        .json()
    )
    assert [e["result"] for e in body["entries"]] == ["amount_differs"]  # a person looks
    assert Purchase.objects.get(pk=purchase.pk).payment_held["amount"] == str(purchase.amount)


def test_a_held_payment_is_refunded_when_the_funding_target_is_missed():
    offer = make_offer(target=Decimal("750000"))
    staff = make_staff()
    org, user = make_buyer(kyc=False)
    ok_org, ok_user = make_buyer()
    held = _order(org, user, offer)
    other = _order(ok_org, ok_user, offer)
    bank_statement_import(actor=staff, data=statement_for(held, other, other))
    Offer.objects.filter(pk=offer.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    Offer.objects.filter(pk=offer.pk).update(opens_at=timezone.now() - timedelta(days=2))
    offer_evaluate(actor=staff, offer=Offer.objects.get(pk=offer.pk))
    held = Purchase.objects.get(pk=held.pk)
    assert held.status == Purchase.Status.CANCELLED
    payout = Payout.objects.get(origin=f"presale:purchase:{held.pk}")
    assert payout.amount == held.amount and payout.beneficiary_id == org.pk
    assert held.payment_held["refunded"] == payout.end_to_end_id
    assert Account.objects.get(code=offer.deferred_account_code).balance == Decimal("0.00")


def test_kyc_records_are_anonymised_five_years_after_the_relationship_ended():
    offer = make_offer(target=Decimal("7500"), hours_valid_until=timezone.localdate())
    org, user = make_buyer()
    purchase = purchase_confirm_payment(actor=make_staff(), purchase=_order(org, user, offer))
    dossier = KycDossier.objects.get(organisation=org)
    now = timezone.now()
    assert anonymise(now=now) == {"KYC dossiers of buyers": 0}
    dossier.refresh_from_db()
    assert dossier.relationship_ended_at is None  # hours still held
    purchase_expire(actor=make_staff(), purchase=purchase)
    anonymise(now=now)
    dossier.refresh_from_db()
    assert dossier.relationship_ended_at == now
    ends = kyc_retention_ends(now)
    assert ends.year == timezone.localtime(now).year + 6 and (ends.month, ends.day) == (1, 1)
    assert anonymise(now=ends - timedelta(seconds=1)) == {"KYC dossiers of buyers": 0}
    assert anonymise(now=ends) == {"KYC dossiers of buyers": 1}
    dossier.refresh_from_db()
    assert dossier.anonymised_at and dossier.register_extract == ""
    names = list(KycPerson.objects.filter(dossier=dossier).values_list("name", "birth_date"))
    assert all(name.startswith("[anonymised]") and born is None for name, born in names)
    assert dossier.status == "approved"  # the fact of the check stays


def test_the_retention_job_runs_the_kyc_part_and_new_business_restarts_the_period():
    from kivoucher.organizations.gdpr import personal_data_anonymise

    offer = make_offer(target=Decimal("750000"))
    org, user = make_buyer()
    KycDossier.objects.filter(organisation=org).update(
        relationship_ended_at=datetime(2019, 6, 1, tzinfo=timezone.get_current_timezone())
    )
    _order(org, user, offer)  # open business again
    result = personal_data_anonymise(now=timezone.now())
    assert "KYC dossiers of buyers" not in result.others
    dossier = KycDossier.objects.get(organisation=org)
    assert dossier.relationship_ended_at is None and dossier.anonymised_at is None


def test_a_held_payment_of_a_revoked_subscription_is_refunded():
    from kivoucher.presale.investors import KNOWLEDGE_TEST, purchase_revoke
    from tests.presale.factories import acknowledge

    offer = make_offer()
    staff = make_staff()
    org, user = make_buyer(kyc=False, sophisticated=False)
    from kivoucher.presale.investors import knowledge_test_take, loss_simulation_record

    knowledge_test_take(
        actor=user, organisation=org, answers={q.key: q.correct for q in KNOWLEDGE_TEST}
    )
    loss_simulation_record(actor=user, organisation=org, amount="5000", net_worth="900000")
    acknowledge(org, user, offer)
    shares = purchase_create(
        actor=user,
        offer=offer,
        buyer=org,
        kind="shares",
        share_class=offer.share_classes.get(),
        shares=5,
        risk_warning_confirmed=True,
    )
    bank_statement_import(actor=staff, data=statement_for(shares, shares, shares))
    assert Purchase.objects.get(pk=shares.pk).payment_held
    revoked = purchase_revoke(actor=user, purchase=shares)
    assert revoked.status == Purchase.Status.CANCELLED and revoked.revoked_at
    payout = Payout.objects.get(origin=f"presale:purchase:{shares.pk}")
    assert payout.amount == Decimal("5000.00")
    assert Account.objects.get(code=offer.share_capital_account_code).balance == Decimal("0.00")


def test_the_last_owner_of_a_buyer_with_an_open_purchase_cannot_leave():
    """Pre-sale purchases count as open matters (presale.gdpr): the buyer's last owner
    stays while one awaits payment."""
    from django.utils import translation

    from kivoucher.organizations.members import LastOwner, membership_leave
    from kivoucher.organizations.models import Membership
    from kivoucher.organizations.selectors import organisation_open_matters
    from kivoucher.presale.services import purchase_create
    from tests.presale.factories import make_buyer, make_offer

    offer = make_offer()
    org, user = make_buyer("Offene Käufe GmbH")
    purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=1)
    with translation.override("en"):
        assert organisation_open_matters(organisation=org) == ["1 open pre-sale purchase"]
        with pytest.raises(LastOwner):
            membership_leave(actor=user, organisation=org)
    assert Membership.objects.filter(user=user, organisation=org).exists()
