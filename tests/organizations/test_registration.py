"""Registration of an organisation by its first person, duplicates refused, joining by
request (issue 15.2)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.core.models import AuditEvent
from kivoucher.core.roles import Role
from kivoucher.organizations.models import JoinRequest, Membership, Organisation
from kivoucher.organizations.registration import (
    OrganisationExists,
    join_request_create,
    join_request_decide,
    organisation_register,
)
from kivoucher.organizations.validators import normalise_register_number, register_court_key
from tests.factories import OrganisationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db


def company(**overrides) -> dict:
    fields = {
        "name": "Neue Fräsen GmbH",
        "legal_form": "GmbH",
        "register_court": "Amtsgericht Stuttgart",
        "register_number": "hrb 7654",
        "vat_id": "DE 136695976",
        "street": "Königstraße 1",
        "postcode": "70173",
        "city": "Stuttgart",
        "federal_state": "BW",
        "sector": "C28",
        "employees": 12,
        "annual_turnover": "1500000",
        "balance_sheet_total": "900000",
        "iban": "DE89 3704 0044 0532 0130 00",
    }
    return fields | overrides


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("HRB 12345", "HRB 12345"),
        ("hrb12345", "HRB 12345"),
        ("HRA 17345", "HRA 17345"),
        ("GnR 77", "GnR 77"),
        ("pr 5", "PR 5"),
        ("VR 0012", "VR 12"),
        ("PartR 301", "PartR 301"),
        ("HRB 201234 b", "HRB 201234 B"),
    ],
)
def test_register_numbers_are_normalised(raw, normalised):
    assert normalise_register_number(raw) == normalised


@pytest.mark.parametrize("raw", ["12345", "HRB", "HRC 12", "HRB 12-34", "Handelsregister"])
def test_wrong_register_numbers_are_refused(raw):
    with pytest.raises(ValidationError) as caught:
        normalise_register_number(raw)
    assert caught.value.code == "invalid_register_number"


def test_court_names_compare_without_their_prefix():
    assert register_court_key("AG  München") == register_court_key("Amtsgericht München")
    assert register_court_key("Amtsgericht Köln") != register_court_key("Amtsgericht Bonn")


def test_the_first_person_registers_and_becomes_owner():
    user = UserFactory(role=Role.APPLICANT)
    org = organisation_register(actor=user, **company())
    assert org.register_number == "HRB 7654"
    assert org.vat_id == "DE136695976"
    assert org.iban == "DE89370400440532013000"
    assert org.kind == Organisation.Kind.COMPANY
    membership = Membership.objects.get(organisation=org)
    assert membership.user == user and membership.role == Membership.Role.OWNER
    actions = set(
        AuditEvent.objects.filter(object_id__in=[str(org.pk), str(membership.pk)]).values_list(
            "action", flat=True
        )
    )
    assert {"organisation.register", "membership.add"} <= actions


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        (Organisation.Kind.PROVIDER, Role.PROVIDER),
        (Organisation.Kind.DATA_CENTRE, Role.DC_OPERATOR),
        (Organisation.Kind.BUYER, Role.BUYER),
        (Organisation.Kind.COMPANY, Role.APPLICANT),
    ],
)
def test_a_new_persons_role_follows_the_kind(kind, role):
    user = UserFactory(role=Role.APPLICANT)
    organisation_register(actor=user, kind=kind, **company())
    user.refresh_from_db()
    assert user.role == role


def test_a_person_acting_for_one_kind_registers_another_with_a_separate_account():
    user = member_of(OrganisationFactory(), role=Role.APPLICANT)
    with pytest.raises(PermissionDenied) as caught:
        organisation_register(actor=user, kind=Organisation.Kind.DATA_CENTRE, **company())
    assert caught.value.code == "role_mismatch"
    assert not Organisation.objects.filter(name="Neue Fräsen GmbH").exists()
    user.refresh_from_db()
    assert user.role == Role.APPLICANT


def test_staff_and_staff_kinds_do_not_register():
    with pytest.raises(PermissionDenied):
        organisation_register(actor=UserFactory(role=Role.CASEWORKER), **company())
    with pytest.raises(DomainError) as caught:
        organisation_register(
            actor=UserFactory(), kind=Organisation.Kind.OPERATOR, **company(name="X")
        )
    assert caught.value.code == "invalid_kind"
    assert not Organisation.objects.exists()


def test_a_fresh_data_centre_or_provider_is_not_active(api_client_for):
    """Registering does not skip the staff steps: a data centre without onboarding has no
    data-centre interface, a provider without accreditation is not in the directory."""
    from kivoucher.compute.models import DataCentre
    from kivoucher.providers.selectors import provider_directory

    dc_user, provider_user = UserFactory(), UserFactory()
    dc = organisation_register(actor=dc_user, kind=Organisation.Kind.DATA_CENTRE, **company())
    provider = organisation_register(
        actor=provider_user,
        kind=Organisation.Kind.PROVIDER,
        **company(name="KI Start GmbH", register_number="HRB 999", vat_id=""),
    )
    dc_user.refresh_from_db()
    assert dc_user.role == Role.DC_OPERATOR
    assert not DataCentre.objects.filter(organisation=dc).exists()
    answer = api_client_for(dc_user).get("/api/v1/compute/prices")
    assert answer.status_code in (403, 404)
    assert provider.pk not in {entry.organisation_id for entry in provider_directory()}


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("register_number", "12345", "invalid_register_number"),
        ("vat_id", "DE123", "invalid_vat_id"),
        ("iban", "DE00 1234", "invalid_iban"),
    ],
)
def test_wrong_identifiers_are_refused_and_nothing_is_stored(field, value, code):
    user = UserFactory()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        organisation_register(actor=user, **company(**{field: value}))
    assert caught.value.error_dict[field][0].code == code
    assert not Organisation.objects.exists() and not Membership.objects.exists()


def test_an_identifier_is_required():
    with pytest.raises(DomainError) as caught:
        organisation_register(actor=UserFactory(), **company(register_number="", vat_id=""))
    assert caught.value.code == "identifier_missing"


@pytest.mark.parametrize(
    "duplicate",
    [
        {"register_court": "AG Stuttgart", "register_number": "HRB7654", "vat_id": ""},
        {"register_court": "Amtsgericht Ulm", "register_number": "HRB 1", "vat_id": "DE136695976"},
    ],
)
def test_the_same_company_cannot_be_registered_twice(duplicate):
    first = organisation_register(actor=UserFactory(), **company())
    second = UserFactory()
    with translation.override("en"), pytest.raises(OrganisationExists) as caught:
        organisation_register(actor=second, **company(name="Andere GmbH", **duplicate))
    assert caught.value.status == 409 and caught.value.code == "organisation_exists"
    assert "already registered" in caught.value.message and "Ask to join" in caught.value.message
    assert first.name not in caught.value.message
    assert Organisation.objects.count() == 1
    assert not Membership.objects.filter(user=second).exists()


def test_the_same_number_at_another_court_is_another_company():
    organisation_register(actor=UserFactory(), **company(vat_id=""))
    other = organisation_register(
        actor=UserFactory(), **company(register_court="Amtsgericht Ulm", vat_id="")
    )
    assert other.register_number == "HRB 7654"


def test_a_join_request_goes_to_the_owners_and_an_owner_lets_the_person_in(
    mailoutbox, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="chefin@fraesen.example")
    org = organisation_register(actor=owner, **company())
    member = UserFactory(email="kollege@fraesen.example")
    membership_add_plain = Membership.objects.create(
        user=member, organisation=org, role=Membership.Role.MEMBER
    )
    asker = UserFactory(email="neu@fraesen.example", first_name="Nina", last_name="Neu")
    with django_capture_on_commit_callbacks(execute=True):
        request = join_request_create(
            actor=asker, register_number="HRB 7654", register_court="AG Stuttgart", message="Hi"
        )
    [mail] = mailoutbox
    assert mail.to == [owner.email]  # owners only, not the plain member
    assert "Nina Neu" in mail.subject and f"/organisation/{org.pk}/members/" in mail.body
    # asking again changes nothing
    assert join_request_create(actor=asker, vat_id="DE136695976") == request
    with pytest.raises(PermissionDenied):
        join_request_decide(actor=member, join_request=request, accept=True)
    assert membership_add_plain.role == Membership.Role.MEMBER
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        join_request_decide(
            actor=owner, join_request=request, accept=True, role=Membership.Role.SIGNATORY
        )
    assert Membership.objects.get(user=asker, organisation=org).role == Membership.Role.SIGNATORY
    [told] = mailoutbox
    assert told.to == [asker.email]
    with pytest.raises(Conflict):
        join_request_decide(actor=owner, join_request=request, accept=False)


def test_a_declined_request_lets_nobody_in(mailoutbox, django_capture_on_commit_callbacks):
    owner = UserFactory()
    org = organisation_register(actor=owner, **company())
    asker = UserFactory()
    request = join_request_create(actor=asker, vat_id="DE136695976")
    with django_capture_on_commit_callbacks(execute=True):
        join_request_decide(actor=owner, join_request=request, accept=False)
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.DECLINED
    assert not Membership.objects.filter(user=asker, organisation=org).exists()
    assert [m.to for m in mailoutbox] == [[asker.email]]


def test_a_request_for_an_unknown_company_says_so_without_names():
    with translation.override("en"), pytest.raises(DomainError) as caught:
        join_request_create(actor=UserFactory(), register_number="HRB 1", register_court="AG X")
    assert caught.value.code == "organisation_unknown"
    assert not JoinRequest.objects.exists()


def test_a_refused_registration_names_nobody():
    """The message of a refused registration names no organisation and no person."""
    org = organisation_register(actor=UserFactory(email="geheim@firma.example"), **company())
    with translation.override("en"), pytest.raises(OrganisationExists) as caught:
        organisation_register(actor=UserFactory(), **company(name="Zweite"))
    assert not re.search(rf"{org.pk}|geheim|{org.name}", caught.value.message)
