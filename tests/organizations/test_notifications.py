"""Mails where people wait (issue 21.24): a compute voucher approved, a pre-sale
payment confirmed, slots proposed, a proof of use accepted, a payout sent. Each goes
to the organisation's people (`recipients_of`) and only once the change is committed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kivoucher.compute.models import ComputeVoucher
from kivoucher.compute.services.applications import (
    compute_application_approve,
    compute_application_review,
    compute_application_submit,
)
from kivoucher.core.errors import Conflict
from kivoucher.core.money import format_eur
from kivoucher.core.roles import Role
from kivoucher.core.uploads import upload_check
from kivoucher.ledger.services import account_get_or_create, transfer_create
from kivoucher.payments.services import payout_create, sepa_batch_create, sepa_batch_mark_paid
from kivoucher.presale.models import Offer
from kivoucher.presale.scheduling import allocation_run, offer_commission, slot_request_create
from kivoucher.presale.services import purchase_confirm_payment, purchase_create
from kivoucher.programmes.deminimis import aid_declare
from kivoucher.projects.services import proof_check, proof_submit
from tests.applications.factories import PDF_BYTES, make_world
from tests.compute.factories import compute_call, make_data_centre, operator_of
from tests.factories import OrganisationFactory, UserFactory, member_of
from tests.presale.factories import make_buyer, make_offer, make_staff

pytestmark = pytest.mark.django_db
D = Decimal
H = timedelta(hours=1)


def _to(mail) -> set[str]:
    return set(mail.to)


def _mails_to(outbox, address):
    return [m for m in outbox if address in m.to]


# --- compute voucher approved ------------------------------------------------
def _compute_application(company, dc):
    today = timezone.localdate()
    return compute_application_submit(
        actor=member_of(company),
        organisation=company,
        call=compute_call(),
        data_centre=dc,
        project_description="GPU-Training für ein Modell zur Fehlererkennung.",
        gpu_type="H100",
        gpu_hours=D("1000"),
        storage_tb=D("1"),
        period_start=today,
        period_end=today + timedelta(days=90),
        not_in_difficulty=True,
    )


def test_approved_compute_voucher_is_mailed_to_the_company_and_the_data_centre(
    mailoutbox, django_capture_on_commit_callbacks
):
    dc = make_data_centre("mail")
    operator = operator_of(dc)
    company = OrganisationFactory(email="info@firma.example")
    application = _compute_application(company, dc)
    applicant = company.memberships.get().user
    compute_application_review(
        actor=UserFactory(role=Role.CASEWORKER), application=application, recommend=True, note=""
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        compute_application_approve(
            actor=UserFactory(role=Role.APPROVER), application=application, approve=True
        )
    voucher = ComputeVoucher.objects.get(organisation=company)
    [to_company] = _mails_to(mailoutbox, applicant.email)
    assert _to(to_company) == {applicant.email, "info@firma.example"}
    assert voucher.code in to_company.subject
    assert format_eur(voucher.value) in to_company.body
    assert reverse("compute:voucher", args=[voucher.code]) in to_company.body
    [to_dc] = _mails_to(mailoutbox, operator.email)
    assert voucher.code in to_dc.body and company.name in to_dc.body
    assert len(mailoutbox) == 2


def test_a_refused_approval_sends_nothing(mailoutbox, django_capture_on_commit_callbacks):
    dc = make_data_centre("refused")
    company = OrganisationFactory()
    aid_declare(
        actor=None,
        organisation=company,
        granting_body="Land",
        amount=D("299000"),
        granted_on=timezone.localdate() - timedelta(days=100),
        reference="earlier",
    )
    application = _compute_application(company, dc)
    compute_application_review(
        actor=UserFactory(role=Role.CASEWORKER), application=application, recommend=True, note=""
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Conflict):
            compute_application_approve(
                actor=UserFactory(role=Role.APPROVER), application=application, approve=True
            )
    assert callbacks == [] and mailoutbox == []


# --- pre-sale: payment confirmed, slots proposed ------------------------------
def test_confirmed_payment_is_mailed_to_the_buyer(mailoutbox, django_capture_on_commit_callbacks):
    offer = make_offer(code="mail-pay")
    org, user = make_buyer()
    purchase = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=24)
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        purchase = purchase_confirm_payment(actor=make_staff(), purchase=purchase)
    [mail] = mailoutbox
    assert _to(mail) == {user.email}
    assert purchase.reference in mail.subject + mail.body
    assert f"{purchase.sequence}" in mail.body
    assert reverse("presale:purchase", args=[purchase.pk]) in mail.body


def test_proposed_slots_are_mailed_to_each_holder_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    offer = make_offer(code="mail-slots", target=D("7500"))
    staff = make_staff()
    start = (timezone.now() + timedelta(days=10)).replace(minute=0, second=0, microsecond=0)
    holders = []
    for _ in range(2):
        org, user = make_buyer()
        p = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=24)
        holders.append((purchase_confirm_payment(actor=staff, purchase=p), user))
    offer = offer_commission(
        actor=staff,
        offer=Offer.objects.get(pk=offer.pk),
        operation_start=start,
        calendar_end=start + timedelta(days=2),
        maintenance=[],
    )
    (first, first_user), (second, second_user) = holders
    for purchase, user in holders:
        for hours in (2, 3):
            slot_request_create(
                actor=user,
                purchase=purchase,
                earliest_start=start,
                latest_end=start + 24 * H,
                block_hours=hours,
            )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        allocation_run(actor=staff, offer=offer)
    # one mail per holder, though each has two requests
    assert sorted(m.to[0] for m in mailoutbox) == sorted([first_user.email, second_user.email])
    assert all(reverse("presale:mine") in m.body for m in mailoutbox)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        allocation_run(actor=staff, offer=offer)  # nothing changed: nobody is told again
    assert mailoutbox == []


# --- line I: proof accepted, payout sent --------------------------------------
def _accepted_proof(w):
    app = w.approved()
    proof = proof_submit(
        actor=w.applicant,
        voucher=app.voucher,
        invoice=upload_check(PDF_BYTES, name="r.pdf"),
        report="Projekt abgeschlossen, Ergebnis im Einsatz.",
        amounts={
            "invoice_number": "R-1",
            "net": D("20000.00"),
            "vat": D("0.00"),
            "gross": D("20000.00"),
        },
    )
    return app, proof


@pytest.mark.parametrize("mode", ["company", "provider"])
def test_accepted_proof_is_mailed_to_the_company_and_the_payee(
    mode, mailoutbox, django_capture_on_commit_callbacks
):
    w = make_world(payout_mode=mode)
    app, proof = _accepted_proof(w)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proof_check(actor=w.caseworker, proof=proof, accept=True)
    to_company = _mails_to(mailoutbox, w.applicant.email)
    assert len(to_company) == 1
    assert _to(to_company[0]) == {w.applicant.email, "firma@example.org"}
    assert app.voucher.code in to_company[0].subject
    assert "16.000,00" in to_company[0].body
    assert reverse("applications:voucher", args=[app.voucher.code]) in to_company[0].body
    to_provider = _mails_to(mailoutbox, w.provider_user.email)
    assert len(to_provider) == (1 if mode == "provider" else 0)
    assert len(mailoutbox) == len(to_company) + len(to_provider)


def test_a_rejected_proof_is_not_announced_as_accepted(
    mailoutbox, django_capture_on_commit_callbacks
):
    w = make_world()
    _app, proof = _accepted_proof(w)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proof_check(actor=w.caseworker, proof=proof, accept=False, note="Rechnung unleserlich")
    assert not any("16.000,00" in m.body for m in mailoutbox)


def test_paid_payouts_are_mailed_to_each_beneficiary(
    mailoutbox, django_capture_on_commit_callbacks
):
    world = account_get_or_create(code="world", name="World", floor=None)
    grants = account_get_or_create(code="grants", name="Grants")
    transfer_create(key="fund", source=world, destination=grants, amount=D("1000"), kind="fund")
    a = OrganisationFactory(email="buchhaltung@a.example")
    b = OrganisationFactory()
    a_member = member_of(a)
    for key, org, amount in [("p1", a, "120.50"), ("p2", a, "9.50"), ("p3", b, "79.50")]:
        payout_create(
            actor=None,
            key=key,
            origin=f"project:{key}",
            beneficiary=org,
            amount=D(amount),
            source_account=grants,
            remittance=f"KI-Voucher {key}",
        )
    from tests.payments.factories import payouts_release_all

    payouts_release_all()
    batch = sepa_batch_create(actor=None)
    assert mailoutbox == []  # exported is not yet paid
    with django_capture_on_commit_callbacks(execute=True):
        sepa_batch_mark_paid(actor=None, batch=batch)
    [to_a] = _mails_to(mailoutbox, a_member.email)
    assert _to(to_a) == {a_member.email, "buchhaltung@a.example"}
    assert "120,50" in to_a.body and "9,50" in to_a.body and "KI-Voucher p1" in to_a.body
    assert "79,50" not in to_a.body
    assert "…3000" in to_a.body  # the account, shortened
    assert len(mailoutbox) == 1  # b has no address: nobody to tell
