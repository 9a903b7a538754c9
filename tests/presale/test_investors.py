"""Line III for investors (Regulation (EU) 2020/1503): the key investment information
sheet acknowledged before a subscription, the knowledge test and loss simulation of
non-sophisticated investors, the warning above 1,000 EUR / 5 % of net worth, and the
four-day reflection period with its refund through the payout path."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from kivoucher.core.audit import audit_verify
from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.core.models import AuditEvent
from kivoucher.core.roles import Role
from kivoucher.ledger.models import Account
from kivoucher.payments.models import Payout
from kivoucher.presale.investors import (
    KNOWLEDGE_TEST,
    investor_classify,
    investor_declare,
    kiis_acknowledge,
    kiis_current,
    kiis_publish,
    knowledge_test_take,
    loss_simulation,
    loss_simulation_record,
    purchase_revocable,
    purchase_revoke,
    warning_required,
)
from kivoucher.presale.models import Purchase, ShareRegisterEntry
from kivoucher.presale.services import purchase_confirm_payment, purchase_create
from tests.factories import UserFactory, member_of
from tests.presale.factories import KIIS_TEXTS, acknowledge, make_buyer, make_offer, make_staff

pytestmark = pytest.mark.django_db

RIGHT = {q.key: q.correct for q in KNOWLEDGE_TEST}


def _balance(code):
    return Account.objects.get(code=code).balance


def _ready(org, user, offer, *, net_worth="200000"):
    """A non-sophisticated investor that did what comes before a subscription."""
    knowledge_test_take(actor=user, organisation=org, answers=RIGHT)
    loss_simulation_record(actor=user, organisation=org, amount="5000", net_worth=net_worth)
    acknowledge(org, user, offer)


def _subscribe(org, user, offer, shares=5, **kwargs):
    return purchase_create(
        actor=user,
        offer=offer,
        buyer=org,
        kind="shares",
        share_class=offer.share_classes.get(),
        shares=shares,
        **kwargs,
    )


# --- the sheet ----------------------------------------------------------------
def test_a_subscription_needs_the_acknowledged_current_sheet_stored_with_the_order():
    offer = make_offer()
    org, user = make_buyer()
    with pytest.raises(Conflict) as refused, translation.override("en"):
        _subscribe(org, user, offer)
    assert refused.value.code == "kiis_not_acknowledged"
    assert "key investment information sheet" in refused.value.message
    ack = acknowledge(org, user, offer)
    purchase = _subscribe(org, user, offer)
    assert purchase.kiis_id == ack.kiis_id and purchase.kiis.version == 1
    assert purchase.kiis_acknowledged_at == ack.acknowledged_at
    assert purchase.kiis_acknowledged_by == user
    # hours are no investment: no sheet needed
    hours = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=1)
    assert hours.kiis_id is None and hours.reflection_until is None


def test_a_new_version_makes_earlier_acknowledgements_stale():
    offer = make_offer()
    org, user = make_buyer()
    old = acknowledge(org, user, offer)
    sc = offer.share_classes.get()
    new = kiis_publish(actor=make_staff(), share_class=sc, **{**KIIS_TEXTS, "fees": "1 %"})
    assert new.version == 2 and kiis_current(sc) == new
    with pytest.raises(Conflict) as refused:
        _subscribe(org, user, offer)
    assert refused.value.code == "kiis_not_acknowledged"
    with pytest.raises(Conflict) as outdated:
        kiis_acknowledge(actor=user, organisation=org, kiis=old.kiis)
    assert outdated.value.code == "kiis_outdated"
    with pytest.raises(Conflict):
        kiis_acknowledge(actor=user, organisation=org, kiis=new, version=1)
    kiis_acknowledge(actor=user, organisation=org, kiis=new, version=2)
    assert _subscribe(org, user, offer).kiis == new


def test_a_share_class_without_a_sheet_cannot_be_subscribed():
    offer = make_offer(kiis=False)
    org, user = make_buyer()
    with pytest.raises(Conflict) as refused:
        _subscribe(org, user, offer)
    assert refused.value.code == "kiis_missing"


def test_only_acting_staff_publish_a_complete_sheet():
    offer = make_offer(kiis=False)
    sc = offer.share_classes.get()
    _org, buyer = make_buyer()
    with pytest.raises(PermissionDenied):
        kiis_publish(actor=buyer, share_class=sc, **KIIS_TEXTS)
    with pytest.raises(PermissionDenied):
        kiis_publish(actor=UserFactory(role=Role.AUDITOR), share_class=sc, **KIIS_TEXTS)
    with pytest.raises(DomainError) as incomplete:
        kiis_publish(actor=make_staff(), share_class=sc, **{**KIIS_TEXTS, "risk_factors": " "})
    assert incomplete.value.code == "kiis_incomplete"
    sheet = kiis_publish(actor=make_staff(), share_class=sc, **KIIS_TEXTS)  # E may be empty
    assert sheet.version == 1 and sheet.spv == ""


def test_people_of_other_roles_cannot_acknowledge_for_a_buyer():
    offer = make_offer()
    org, _user = make_buyer()
    applicant = member_of(org, role=Role.APPLICANT)
    stranger = make_buyer()[1]
    kiis = kiis_current(offer.share_classes.get())
    for person in (applicant, stranger, UserFactory(role=Role.AUDITOR)):
        with pytest.raises(PermissionDenied):
            kiis_acknowledge(actor=person, organisation=org, kiis=kiis)


# --- knowledge test and loss simulation -----------------------------------------
def test_non_sophisticated_investors_pass_the_test_and_simulate_before_the_first_subscription():
    offer = make_offer()
    org, user = make_buyer(sophisticated=False)
    acknowledge(org, user, offer)
    with pytest.raises(Conflict) as refused:
        _subscribe(org, user, offer)
    assert refused.value.code == "knowledge_test_required"
    wrong = {**RIGHT, "loss": "guaranteed", "protection": "deposit"}
    result = knowledge_test_take(actor=user, organisation=org, answers=wrong)
    assert not result.passed and result.score == 2 and set(result.wrong) == {"loss", "protection"}
    with pytest.raises(Conflict):
        _subscribe(org, user, offer)
    assert knowledge_test_take(actor=user, organisation=org, answers=RIGHT).passed
    with pytest.raises(Conflict) as refused:
        _subscribe(org, user, offer)
    assert refused.value.code == "loss_simulation_required"
    loss_simulation_record(actor=user, organisation=org, amount="5000", net_worth="500000")
    purchase = _subscribe(org, user, offer, risk_warning_confirmed=True)
    assert purchase.reflection_until is not None
    actions = list(
        AuditEvent.objects.filter(action="presale.investor.knowledge_test").values_list(
            "new_state", flat=True
        )
    )
    assert actions == ["failed", "passed"]


def test_the_test_is_valid_for_two_years():
    offer = make_offer()
    org, user = make_buyer(sophisticated=False)
    _ready(org, user, offer)
    profile = org.investor_profile
    profile.knowledge_test_passed_at = timezone.now() - timedelta(days=2 * 365 + 1)
    profile.save()
    with pytest.raises(Conflict) as refused:
        _subscribe(org, user, offer, risk_warning_confirmed=True)
    assert refused.value.code == "knowledge_test_required"


def test_the_simulation_shows_the_loss_against_the_net_worth():
    result = loss_simulation(amount="10000", net_worth="50000", annual_income="40000")
    assert [(x.percent, x.loss, x.share_of_net_worth) for x in result.lines] == [
        (10, Decimal("1000.00"), Decimal("2.00")),
        (50, Decimal("5000.00"), Decimal("10.00")),
        (100, Decimal("10000.00"), Decimal("20.00")),
    ]
    assert result.capacity == Decimal("5000.00") and not result.within_capacity
    assert loss_simulation(amount="100", net_worth="0").lines[0].share_of_net_worth is None
    with pytest.raises(DomainError):
        loss_simulation(amount="100", net_worth=None)
    with pytest.raises(DomainError):
        loss_simulation(amount="-1", net_worth="100")


def test_sophisticated_investors_are_classified_by_staff_with_evidence():
    org, user = make_buyer(sophisticated=False)
    with pytest.raises(PermissionDenied):
        investor_classify(actor=user, profile_organisation=org, sophisticated=True, note="x")
    with pytest.raises(DomainError):
        investor_classify(actor=make_staff(), profile_organisation=org, sophisticated=True, note="")
    profile = investor_classify(
        actor=make_staff(), profile_organisation=org, sophisticated=True, note="Annex II"
    )
    assert profile.sophisticated and profile.classified_by is not None
    offer = make_offer()
    acknowledge(org, user, offer)
    purchase = _subscribe(org, user, offer, shares=500)  # no test, no warning, no reflection
    assert purchase.reflection_until is None and purchase.risk_warning_confirmed_at is None


def test_the_declaration_is_the_buyers_own():
    org, user = make_buyer(sophisticated=False)
    profile = investor_declare(
        actor=user, organisation=org, natural_person=True, net_worth="80000", annual_income=""
    )
    assert profile.natural_person and profile.net_worth == Decimal("80000.00")
    with pytest.raises(DomainError):
        investor_declare(actor=user, organisation=org, natural_person=True, net_worth="-5")
    with pytest.raises(PermissionDenied):
        investor_declare(actor=make_staff(), organisation=org, natural_person=False)


# --- warning ------------------------------------------------------------------------
def test_a_warning_is_confirmed_above_1000_eur_or_5_percent_of_net_worth():
    offer = make_offer()
    org, user = make_buyer(sophisticated=False)
    _ready(org, user, offer, net_worth="100000")
    profile = org.investor_profile
    assert warning_required(profile, Decimal("1000.01"))
    assert not warning_required(profile, Decimal("1000"))
    profile.net_worth = Decimal("10000")
    assert warning_required(profile, Decimal("501"))  # 5 % of 10,000 EUR is 500 EUR
    assert not warning_required(profile, Decimal("500"))
    with pytest.raises(Conflict) as refused, translation.override("en"):
        _subscribe(org, user, offer, shares=5)  # 5,000 EUR
    assert refused.value.code == "risk_warning_required"
    assert "may lose all of it" in refused.value.message
    purchase = _subscribe(org, user, offer, shares=5, risk_warning_confirmed=True)
    assert purchase.risk_warning_confirmed_at is not None
    event = AuditEvent.objects.filter(action="presale.purchase.create", object_id=str(purchase.pk))
    assert event.get().data["risk_warning_confirmed"] is True


def test_small_subscriptions_need_no_warning():
    offer = make_offer()
    sc = offer.share_classes.get()
    sc.issue_price = sc.nominal_value = Decimal("100")
    sc.save()
    org, user = make_buyer(sophisticated=False)
    _ready(org, user, offer, net_worth="1000000")
    purchase = _subscribe(org, user, offer, shares=5)  # 500 EUR
    assert purchase.risk_warning_confirmed_at is None and purchase.reflection_until


# --- reflection period and revocation ----------------------------------------------
def test_an_unpaid_subscription_is_cancelled_when_revoked():
    offer = make_offer()
    org, user = make_buyer(sophisticated=False)
    _ready(org, user, offer)
    purchase = _subscribe(org, user, offer, risk_warning_confirmed=True)
    assert purchase_revocable(purchase)
    revoked = purchase_revoke(actor=user, purchase=purchase)
    assert revoked.status == Purchase.Status.CANCELLED and revoked.revoked_at
    assert not Payout.objects.exists()


def test_a_paid_subscription_is_refunded_through_the_payout_path_and_struck_from_the_register():
    offer = make_offer()
    staff = make_staff()
    org, user = make_buyer(sophisticated=False)
    _ready(org, user, offer)
    purchase = _subscribe(org, user, offer, risk_warning_confirmed=True)
    purchase_confirm_payment(actor=staff, purchase=purchase)
    assert _balance(offer.share_capital_account_code) == Decimal("5000.00")
    revoked = purchase_revoke(actor=user, purchase=purchase)
    assert revoked.status == Purchase.Status.REFUNDED
    payout = Payout.objects.get(origin=f"presale:purchase:{purchase.pk}")
    assert payout.amount == Decimal("5000.00") and payout.beneficiary_id == org.pk
    assert payout.status == Payout.Status.PREPARED  # released by an approver, exported by SEPA
    assert _balance(offer.share_capital_account_code) == Decimal("0.00")
    assert ShareRegisterEntry.objects.get(purchase=purchase).cancelled_at is not None
    assert audit_verify().ok
    with pytest.raises(Conflict):
        purchase_revoke(actor=user, purchase=revoked)


def test_after_four_days_the_subscription_stands():
    offer = make_offer()
    org, user = make_buyer(sophisticated=False)
    _ready(org, user, offer)
    purchase = _subscribe(org, user, offer, risk_warning_confirmed=True)
    assert purchase.reflection_until - purchase.created_at < timedelta(days=4, seconds=5)
    assert purchase.reflection_until - purchase.created_at > timedelta(days=4, seconds=-5)
    later = purchase.reflection_until + timedelta(seconds=1)
    assert not purchase_revocable(purchase, now=later)
    with pytest.raises(Conflict) as refused, translation.override("en"):
        purchase_revoke(actor=user, purchase=purchase, now=later)
    assert refused.value.code == "reflection_period_over"
    assert "four-day reflection period ended" in refused.value.message


def test_only_the_buyer_or_staff_revoke_and_hours_have_no_reflection_period():
    offer = make_offer()
    org, user = make_buyer(sophisticated=False)
    _ready(org, user, offer)
    purchase = _subscribe(org, user, offer, risk_warning_confirmed=True)
    _other_org, stranger = make_buyer()
    from kivoucher.core.errors import NotFound

    with pytest.raises(NotFound):
        purchase_revoke(actor=stranger, purchase=purchase)
    with pytest.raises(PermissionDenied):
        purchase_revoke(actor=UserFactory(role=Role.AUDITOR), purchase=purchase)
    hours = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=1)
    with pytest.raises(Conflict) as refused:
        purchase_revoke(actor=user, purchase=hours)
    assert refused.value.code == "not_revocable"
