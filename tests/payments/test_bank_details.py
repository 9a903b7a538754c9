"""Changes of bank details need a second person while money could follow them (issue 23.1)."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.core import mail

from kivoucher.core.audit import audit_history
from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.core.roles import Role
from kivoucher.core.workflow import FourEyesViolation
from kivoucher.ledger.services import account_get_or_create, transfer_create
from kivoucher.organizations.services import organisation_update
from kivoucher.payments.models import BankDetailsChange, Payout
from kivoucher.payments.services import (
    bank_details_change_confirm,
    bank_details_change_may_decide,
    bank_details_change_reject,
    payout_create,
    sepa_batch_create,
)
from kivoucher.projects.services import proof_check
from tests.applications.factories import make_world
from tests.factories import OrganisationFactory, UserFactory, member_of
from tests.payments.factories import payouts_release_all
from tests.projects.test_services import _proof

pytestmark = pytest.mark.django_db
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
OLD_IBAN = "DE89370400440532013000"
NEW_IBAN = "DE02120300000000202051"  # the caseworker's own account, say
NEW_BIC = "BYLADEM1001"


def _exported_ibans(batch) -> list[str]:
    return [e.text for e in ET.fromstring(batch.xml).findall(".//p:CdtrAcct/p:Id/p:IBAN", NS)]


@pytest.fixture
def source():
    world = account_get_or_create(code="world", name="World", floor=None)
    account = account_get_or_create(code="grants", name="Grants")
    transfer_create(key="fund", source=world, destination=account, amount=Decimal("1000"), kind="f")
    return account


def _payout(source, org, key="p1") -> Payout:
    return payout_create(
        actor=None,
        key=key,
        origin="x",
        beneficiary=org,
        amount=Decimal("10"),
        source_account=source,
        remittance="r",
    )


def _new_details(actor, org):
    return organisation_update(actor=actor, organisation=org, iban=NEW_IBAN, bic=NEW_BIC)


# --- the attack of the issue ------------------------------------------------------------
def test_caseworker_alone_cannot_redirect_a_payout(api_client_for):
    w = make_world()
    app = w.approved()
    proof = _proof(w, app.voucher)
    api = api_client_for(w.caseworker)

    response = api.patch(
        f"/api/v1/organisations/{w.company.pk}",
        {"iban": NEW_IBAN, "bic": NEW_BIC},
        content_type="application/json",
    )
    assert response.status_code == 200
    proof_check(actor=w.caseworker, proof=proof, accept=True)

    w.company.refresh_from_db()
    assert w.company.iban == OLD_IBAN  # not overwritten by one person
    payout = Payout.objects.get()
    assert payout.iban == OLD_IBAN
    change = BankDetailsChange.objects.get()
    assert change.status == BankDetailsChange.Status.PENDING
    assert (change.new_iban, change.requested_by) == (NEW_IBAN, w.caseworker)
    assert payout.bank_details_change == change
    assert sepa_batch_create(actor=w.admin) is None  # held: nothing goes out meanwhile

    # The caseworker cannot confirm their own change, in the API neither.
    response = api.post(f"/api/v1/payments/bank-details-changes/{change.pk}/confirm")
    assert response.status_code == 403
    assert response.json()["code"] == "four_eyes"
    assert sepa_batch_create(actor=w.admin) is None


def test_a_second_person_confirms_and_the_held_payout_goes_to_the_new_account(
    api_client_for,
):
    w = make_world()
    app = w.approved()
    proof = _proof(w, app.voucher)
    _new_details(w.caseworker, w.company)
    proof_check(actor=w.caseworker, proof=proof, accept=True)
    change = BankDetailsChange.objects.get()

    response = api_client_for(w.approver).post(
        f"/api/v1/payments/bank-details-changes/{change.pk}/confirm"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "confirmed"
    assert response.json()["decided_by"] == w.approver.pk

    w.company.refresh_from_db()
    assert (w.company.iban, w.company.bic) == (NEW_IBAN, NEW_BIC)
    payout = Payout.objects.get()
    assert (payout.iban, payout.bic, payout.bank_details_change) == (NEW_IBAN, NEW_BIC, change)
    payouts_release_all(w.approver)
    assert _exported_ibans(sepa_batch_create(actor=w.admin)) == [NEW_IBAN]
    assert [e.action for e in audit_history(change)] == [
        "bank_details_change.request",
        "payments.bankdetailschange.confirmed",
    ]
    assert "payout.readdress" in [e.action for e in audit_history(payout)]
    assert "organisation.bank_details" in [e.action for e in audit_history(w.company)]


def test_the_organisation_itself_may_confirm_a_change_made_by_staff(
    django_capture_on_commit_callbacks,
):
    w = make_world()
    with django_capture_on_commit_callbacks(execute=True):
        _new_details(w.caseworker, w.company)
    change = BankDetailsChange.objects.get()
    [message] = mail.outbox  # the organisation is told, with the link to reject it
    assert set(message.to) == {"firma@example.org", w.applicant.email}
    assert NEW_IBAN in message.body
    assert f"/organisation/{w.company.pk}/bank-details/" in message.body
    bank_details_change_confirm(actor=w.applicant, change=change)
    w.company.refresh_from_db()
    assert w.company.iban == NEW_IBAN


def test_the_requester_is_refused_even_as_approver():
    w = make_world()
    _new_details(w.approver, w.company)
    change = BankDetailsChange.objects.get()
    with pytest.raises(FourEyesViolation):
        bank_details_change_confirm(actor=w.approver, change=change)
    w.company.refresh_from_db()
    assert w.company.iban == OLD_IBAN


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.AUDITOR, Role.PROVIDER])
def test_only_deciding_staff_or_the_organisation_confirm(role):
    w = make_world()
    _new_details(w.approver, w.company)
    change = BankDetailsChange.objects.get()
    with pytest.raises(PermissionDenied):
        bank_details_change_confirm(actor=UserFactory(role=role), change=change)


def test_a_member_may_not_confirm_a_change_of_their_own_organisation(source):
    """A member's change while payouts are open is checked by staff, not by a colleague."""
    w = make_world()
    _payout(source, w.company)
    _new_details(w.applicant, w.company)
    change = BankDetailsChange.objects.get()
    assert change.status == BankDetailsChange.Status.PENDING
    with pytest.raises(PermissionDenied):
        bank_details_change_confirm(actor=member_of(w.company), change=change)
    bank_details_change_confirm(actor=w.approver, change=change)


def test_staff_member_of_the_organisation_may_not_confirm():
    w = make_world()
    approver = member_of(w.company, role=Role.APPROVER)
    _new_details(w.caseworker, w.company)
    with pytest.raises(FourEyesViolation):
        bank_details_change_confirm(actor=approver, change=BankDetailsChange.objects.get())


def test_without_open_payouts_the_organisation_changes_its_details_at_once():
    w = make_world()
    _new_details(w.applicant, w.company)
    w.company.refresh_from_db()
    assert w.company.iban == NEW_IBAN
    change = BankDetailsChange.objects.get()
    assert change.status == BankDetailsChange.Status.APPLIED
    assert [e.action for e in audit_history(change)] == ["bank_details_change.request"]
    assert "organisation.bank_details" in [e.action for e in audit_history(w.company)]


def test_held_payouts_are_not_exported_until_the_change_is_decided(source):
    held_org = OrganisationFactory(iban=OLD_IBAN)
    other = OrganisationFactory(iban="DE02500105170137075030", bic="INGDDEFFXXX")
    first = _payout(source, held_org, key="p1")
    _payout(source, other, key="p2")
    approver = UserFactory(role=Role.APPROVER)
    _new_details(member_of(held_org), held_org)
    change = BankDetailsChange.objects.get()
    assert change.status == BankDetailsChange.Status.PENDING  # a payout is open
    first.refresh_from_db()
    assert first.bank_details_change == change
    later = _payout(source, held_org, key="p3")  # prepared while the change waits
    assert (later.iban, later.bank_details_change) == (OLD_IBAN, change)

    payouts_release_all(approver)
    batch = sepa_batch_create(actor=approver)
    assert _exported_ibans(batch) == ["DE02500105170137075030"]
    assert set(Payout.objects.filter(beneficiary=held_org).values_list("status", flat=True)) == {
        "released"
    }

    with pytest.raises(DomainError) as exc:
        bank_details_change_reject(actor=approver, change=change, note="")
    assert exc.value.code == "reason_missing"
    bank_details_change_reject(actor=approver, change=change, note="Not confirmed by phone.")
    held_org.refresh_from_db()
    assert held_org.iban == OLD_IBAN
    assert _exported_ibans(sepa_batch_create(actor=approver)) == [OLD_IBAN, OLD_IBAN]
    assert "payout.hold" in [e.action for e in audit_history(first)]
    assert "payout.unhold" in [e.action for e in audit_history(first)]


def test_the_requester_may_withdraw_and_a_second_change_waits_for_the_first():
    w = make_world()
    _new_details(w.caseworker, w.company)
    change = BankDetailsChange.objects.get()
    with pytest.raises(Conflict) as exc:
        organisation_update(actor=w.admin, organisation=w.company, iban="DE02500105170137075030")
    assert exc.value.code == "bank_details_change_pending"
    bank_details_change_reject(actor=w.caseworker, change=change, note="Typo.")
    change.refresh_from_db()
    assert change.status == BankDetailsChange.Status.REJECTED
    with pytest.raises(Conflict):
        bank_details_change_confirm(actor=w.approver, change=change)


def test_other_fields_still_save_while_the_bank_details_wait():
    w = make_world()
    organisation_update(actor=w.caseworker, organisation=w.company, city="Augsburg", iban=NEW_IBAN)
    w.company.refresh_from_db()
    assert (w.company.city, w.company.iban) == ("Augsburg", OLD_IBAN)


def test_an_invalid_new_iban_is_refused_before_anything_waits():
    from django.core.exceptions import ValidationError

    w = make_world()
    with pytest.raises(ValidationError):
        organisation_update(actor=w.caseworker, organisation=w.company, iban="DE00123")
    assert not BankDetailsChange.objects.exists()


# --- pages ---------------------------------------------------------------------------------
def _edit_form(org, **changes) -> dict:
    data = {
        "name": org.name,
        "legal_form": org.legal_form,
        "register_court": org.register_court,
        "register_number": org.register_number,
        "vat_id": org.vat_id,
        "city": org.city,
        "postcode": org.postcode,
        "federal_state": org.federal_state,
        "sector": org.sector,
        "employees": org.employees,
        "annual_turnover": org.annual_turnover,
        "balance_sheet_total": org.balance_sheet_total,
        "iban": org.iban,
        "bic": org.bic,
        "account_holder": org.account_holder,
        "email": org.email,
    }
    return {**data, **changes}


def test_the_edit_form_saves_the_data_but_holds_a_staff_change_of_the_iban(client_for):
    w = make_world()
    client = client_for(w.caseworker)
    response = client.post(
        f"/organisation/{w.company.pk}/edit/",
        _edit_form(w.company, city="Augsburg", iban="DE02 1203 0000 0000 2020 51", bic=NEW_BIC),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "awaits confirmation by a second person" in response.text
    w.company.refresh_from_db()
    assert (w.company.city, w.company.iban) == ("Augsburg", OLD_IBAN)
    assert BankDetailsChange.objects.get().new_iban == NEW_IBAN


def test_the_organisation_confirms_on_its_bank_details_page(client_for):
    w = make_world()
    _new_details(w.caseworker, w.company)
    change = BankDetailsChange.objects.get()
    member = client_for(w.applicant)
    page = member.get(f"/organisation/{w.company.pk}/bank-details/")
    assert page.status_code == 200
    assert NEW_IBAN in page.text and f"/payments/bank-details-changes/{change.pk}/confirm/" in (
        page.text
    )
    # The caseworker who asked sees no confirm button, and posting it is refused.
    own = client_for(w.caseworker)
    page = own.get(f"/organisation/{w.company.pk}/bank-details/")
    assert f"/payments/bank-details-changes/{change.pk}/confirm/" not in page.text
    assert own.post(f"/payments/bank-details-changes/{change.pk}/confirm/").status_code == 403
    assert client_for(w.approver).get("/payments/bank-details-changes/").status_code == 200

    response = member.post(f"/payments/bank-details-changes/{change.pk}/confirm/")
    assert response.status_code == 302
    w.company.refresh_from_db()
    assert w.company.iban == NEW_IBAN


def test_a_rejection_on_the_page_needs_reasons(client_for):
    w = make_world()
    _new_details(w.caseworker, w.company)
    change = BankDetailsChange.objects.get()
    approver = client_for(w.approver)
    page = approver.post(
        f"/payments/bank-details-changes/{change.pk}/reject/",
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "A rejection needs reasons." in page.text
    approver.post(f"/payments/bank-details-changes/{change.pk}/reject/", {"note": "Fraud."})
    change.refresh_from_db()
    assert (change.status, change.note, change.decided_by) == ("rejected", "Fraud.", w.approver)


# --- API -----------------------------------------------------------------------------------
def test_the_payout_shows_that_it_is_held_and_why(source, api_client_for):
    org = OrganisationFactory(iban=OLD_IBAN)
    member = member_of(org)
    payout = _payout(source, org)
    api = api_client_for(member)
    assert api.get(f"/api/v1/payments/payouts/{payout.pk}").json()["held"] is False
    _new_details(member, org)
    change = BankDetailsChange.objects.get()
    body = api.get(f"/api/v1/payments/payouts/{payout.pk}").json()
    assert body["held"] is True
    assert body["bank_details_change"] == {"id": change.pk, "status": "pending"}
    assert body["iban"] == OLD_IBAN
    listed = api.get(f"/api/v1/payments/bank-details-changes?organisation={org.pk}").json()
    assert [c["id"] for c in listed] == [change.pk]
    # A member cannot confirm the change their organisation made; staff can.
    confirm = f"/api/v1/payments/bank-details-changes/{change.pk}/confirm"
    assert api.post(confirm).status_code == 403
    other = api_client_for(member_of(OrganisationFactory()))
    assert other.get(f"/api/v1/payments/payouts/{payout.pk}").status_code == 404
    assert other.post(confirm).status_code == 404
    approver = api_client_for(UserFactory(role=Role.APPROVER))
    reject = approver.post(
        f"/api/v1/payments/bank-details-changes/{change.pk}/reject",
        {"note": ""},
        content_type="application/json",
    )
    assert reject.status_code == 400 and reject.json()["code"] == "reason_missing"
    assert approver.post(confirm).status_code == 200
    assert approver.post(confirm).status_code == 409
    body = api.get(f"/api/v1/payments/payouts/{payout.pk}").json()
    assert (body["held"], body["iban"]) == (False, NEW_IBAN)
    assert body["bank_details_change"] == {"id": change.pk, "status": "confirmed"}


def test_patching_bank_details_while_a_change_waits_answers_409(api_client_for):
    w = make_world()
    _new_details(w.caseworker, w.company)
    response = api_client_for(w.applicant).patch(
        f"/api/v1/organisations/{w.company.pk}",
        {"iban": "DE02500105170137075030"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "bank_details_change_pending"


def test_the_edit_form_shows_that_a_change_already_waits(client_for):
    w = make_world()
    _new_details(w.caseworker, w.company)
    response = client_for(w.applicant).post(
        f"/organisation/{w.company.pk}/edit/",
        _edit_form(w.company, iban="DE02500105170137075030"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "already awaits confirmation" in response.text


def test_the_admin_does_not_change_bank_details(client_for):
    org = OrganisationFactory(iban=OLD_IBAN)
    admin = UserFactory(role=Role.PROGRAMME_ADMIN, is_staff=True, is_superuser=True)
    page = client_for(admin).get(f"/admin/organizations/organisation/{org.pk}/change/")
    assert page.status_code == 200
    assert 'name="iban"' not in page.text and OLD_IBAN in page.text


def test_the_lists_need_the_same_queries_for_one_or_many(source, api_client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    approver = api_client_for(UserFactory(role=Role.APPROVER))
    approver.get("/api/v1/me")  # the token's first use is recorded once

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert approver.get(url).status_code == 200
        return len(captured)

    def counts() -> tuple[int, int]:
        return (
            queries("/api/v1/payments/payouts"),
            queries("/api/v1/payments/bank-details-changes"),
        )

    org = OrganisationFactory(iban=OLD_IBAN)
    _payout(source, org, key="a")
    _new_details(UserFactory(role=Role.CASEWORKER), org)
    one = counts()
    for n in range(3):
        other = OrganisationFactory(iban=OLD_IBAN)
        _payout(source, other, key=f"b{n}")
        _new_details(UserFactory(role=Role.CASEWORKER), other)
    assert counts() == one


def test_the_start_page_points_deciders_and_the_organisation_to_the_waiting_change():
    from kivoucher.payments.home import items

    w = make_world()
    assert items(w.approver) == [] and items(w.applicant) == []
    _new_details(w.caseworker, w.company)
    [staff_item] = items(w.approver)
    assert staff_item.url == "/payments/bank-details-changes/" and staff_item.count == 1
    [member_item] = items(w.applicant)
    assert member_item.url == f"/organisation/{w.company.pk}/bank-details/"
    assert items(w.provider_user) == []


def test_only_an_owner_of_the_organisation_confirms_a_change_made_by_staff():
    """The organisation's bank details are its owners' (issue 15): a signatory or plain
    member of the company cannot confirm the change staff made, an owner can."""
    from kivoucher.organizations.models import Membership

    w = make_world()
    _new_details(w.caseworker, w.company)
    change = BankDetailsChange.objects.get()
    for role in (Membership.Role.SIGNATORY, Membership.Role.MEMBER):
        colleague = UserFactory(role=Role.APPLICANT)
        Membership.objects.create(user=colleague, organisation=w.company, role=role)
        with pytest.raises(PermissionDenied):
            bank_details_change_confirm(actor=colleague, change=change)
        assert not bank_details_change_may_decide(actor=colleague, change=change)
    change.refresh_from_db()
    assert change.status == BankDetailsChange.Status.PENDING
    bank_details_change_confirm(actor=w.applicant, change=change)  # an owner
    w.company.refresh_from_db()
    assert w.company.iban == NEW_IBAN
