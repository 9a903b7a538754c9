"""Invitations, member roles, leaving (issue 15.2-15.3): who may do what inside an
organisation, never zero owners, and a token never outlives its user's membership."""

from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone, translation

from kivoucher.applications.models import Application
from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.core.models import ApiToken, AuditEvent
from kivoucher.core.roles import Role
from kivoucher.core.tokens import api_token_create, api_token_for_key
from kivoucher.organizations.members import (
    INVITATION_SALT,
    InvitationUnusable,
    LastOwner,
    invitation_accept,
    invitation_create,
    invitation_for_token,
    invitation_revoke,
    membership_leave,
    membership_remove,
    membership_role_change,
    ownership_hand_over,
)
from kivoucher.organizations.models import Invitation, Membership
from kivoucher.organizations.selectors import organisation_open_matters
from kivoucher.organizations.services import organisation_update
from tests.applications.factories import make_world
from tests.factories import OrganisationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db
R = Membership.Role


def _member(org, membership_role, **kwargs):
    user = member_of(org, **kwargs)
    Membership.objects.filter(user=user, organisation=org).update(role=membership_role)
    return user


def _membership(user, org) -> Membership:
    return Membership.objects.get(user=user, organisation=org)


@pytest.fixture
def org():
    return OrganisationFactory()


@pytest.fixture
def owner(org):
    return _member(org, R.OWNER, email="owner@firma.example")


# --- invitations ----------------------------------------------------------------------
def test_an_invitation_is_mailed_with_a_link_that_works_once(
    org, owner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invitation_create(
            actor=owner, organisation=org, email="Neu@Firma.example", role=R.SIGNATORY
        )
    [mail] = mailoutbox
    assert mail.to == ["Neu@Firma.example"]
    assert f"/organisation/invitation/{token}/" in mail.body
    assert invitation.key_hash not in mail.body and token not in str(invitation.__dict__)
    invitee = UserFactory(email="neu@firma.example")
    membership = invitation_accept(actor=invitee, token=token)
    assert membership.role == R.SIGNATORY and membership.organisation == org
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED and invitation.accepted_by == invitee
    # reused: refused, nothing changes
    other = UserFactory(email="neu@firma.example", username="zweiter")
    with translation.override("en"), pytest.raises(InvitationUnusable) as caught:
        invitation_accept(actor=other, token=token)
    assert caught.value.status == 410 and "already been used" in caught.value.message
    assert not Membership.objects.filter(user=other).exists()


def test_an_invitation_for_another_address_is_refused(org, owner):
    _invitation, token = invitation_create(
        actor=owner, organisation=org, email="eingeladen@firma.example", role=R.OWNER
    )
    stranger = UserFactory(email="fremd@firma.example")
    with translation.override("en"), pytest.raises(PermissionDenied) as caught:
        invitation_accept(actor=stranger, token=token)
    assert caught.value.code == "invitation_other_email"
    assert "another e-mail address" in caught.value.message
    assert not Membership.objects.filter(user=stranger).exists()
    assert Invitation.objects.get().status == Invitation.Status.PENDING


def test_an_expired_invitation_is_refused(org, owner, settings):
    invitation, token = invitation_create(
        actor=owner, organisation=org, email="spaet@firma.example", role=R.MEMBER
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    late = UserFactory(email="spaet@firma.example")
    with translation.override("en"), pytest.raises(InvitationUnusable) as caught:
        invitation_accept(actor=late, token=token)
    assert "expired" in caught.value.message
    assert not Membership.objects.filter(user=late).exists()


def test_a_link_older_than_the_lifetime_is_refused_by_its_signature(org, owner, settings):
    _invitation, token = invitation_create(
        actor=owner, organisation=org, email="alt@firma.example", role=R.MEMBER
    )
    settings.KIVOUCHER_INVITATION_DAYS = 0  # every signature is now too old
    with translation.override("en"), pytest.raises(InvitationUnusable) as caught:
        invitation_for_token(token)
    assert "expired" in caught.value.message


def test_a_forged_or_revoked_link_is_refused(org, owner):
    invitation, token = invitation_create(
        actor=owner, organisation=org, email="x@firma.example", role=R.MEMBER
    )
    forged = signing.dumps({"i": invitation.pk, "k": "guessed"}, salt=INVITATION_SALT)
    for bad in (forged, token[:-2] + "xx", "nonsense"):
        with pytest.raises(InvitationUnusable):
            invitation_for_token(bad)
    invitation_revoke(actor=owner, invitation=invitation)
    with translation.override("en"), pytest.raises(InvitationUnusable) as caught:
        invitation_accept(actor=UserFactory(email="x@firma.example"), token=token)
    assert "withdrawn" in caught.value.message
    with pytest.raises(Conflict):
        invitation_revoke(actor=owner, invitation=invitation)


def test_inviting_again_replaces_the_pending_invitation(org, owner):
    first, first_token = invitation_create(
        actor=owner, organisation=org, email="y@firma.example", role=R.MEMBER
    )
    _second, second_token = invitation_create(
        actor=owner, organisation=org, email="Y@firma.example", role=R.SIGNATORY
    )
    first.refresh_from_db()
    assert first.status == Invitation.Status.REVOKED
    with pytest.raises(InvitationUnusable):
        invitation_for_token(first_token)
    assert invitation_for_token(second_token).role == R.SIGNATORY


@pytest.mark.parametrize("role", [R.SIGNATORY, R.MEMBER])
def test_only_owners_invite(org, owner, role):
    someone = _member(org, role)
    with pytest.raises(PermissionDenied):
        invitation_create(actor=someone, organisation=org, email="z@firma.example", role=R.OWNER)
    assert not Invitation.objects.exists()


def test_bad_invitations_are_refused(org, owner):
    with pytest.raises(DomainError) as caught:
        invitation_create(actor=owner, organisation=org, email="kein-mail", role=R.MEMBER)
    assert caught.value.code == "invalid_email"
    with pytest.raises(DomainError) as caught:
        invitation_create(actor=owner, organisation=org, email="a@b.example", role="boss")
    assert caught.value.code == "invalid_role"
    with pytest.raises(Conflict):
        invitation_create(actor=owner, organisation=org, email=owner.email, role=R.MEMBER)


def test_an_invitee_acting_for_another_kind_needs_a_separate_account(org, owner):
    _inv, token = invitation_create(
        actor=owner, organisation=org, email="dc@firma.example", role=R.MEMBER
    )
    dc_person = member_of(
        OrganisationFactory(kind="data_centre"), role=Role.DC_OPERATOR, email="dc@firma.example"
    )
    with pytest.raises(PermissionDenied) as caught:
        invitation_accept(actor=dc_person, token=token)
    assert caught.value.code == "role_mismatch"


def test_a_new_invitee_takes_on_the_role_of_the_organisations_people(owner, org):
    _inv, token = invitation_create(
        actor=owner, organisation=org, email="b@firma.example", role=R.MEMBER
    )
    newcomer = UserFactory(role=Role.BUYER, email="b@firma.example")  # no membership yet
    invitation_accept(actor=newcomer, token=token)
    newcomer.refresh_from_db()
    assert newcomer.role == Role.APPLICANT


# --- roles -------------------------------------------------------------------------
def test_owners_change_roles_but_never_leave_zero_owners(org, owner):
    colleague = _member(org, R.MEMBER)
    membership_role_change(actor=owner, membership=_membership(colleague, org), role=R.SIGNATORY)
    assert _membership(colleague, org).role == R.SIGNATORY
    with translation.override("en"), pytest.raises(LastOwner) as caught:
        membership_role_change(actor=owner, membership=_membership(owner, org), role=R.MEMBER)
    assert caught.value.status == 409 and "always keeps an owner" in caught.value.message
    assert _membership(owner, org).role == R.OWNER
    with pytest.raises(PermissionDenied):
        membership_role_change(actor=colleague, membership=_membership(owner, org), role=R.MEMBER)
    events = AuditEvent.objects.filter(action="membership.role")
    assert [(e.old_state, e.new_state) for e in events] == [("member", "signatory")]


def test_ownership_is_handed_over(org, owner):
    colleague = _member(org, R.MEMBER)
    ownership_hand_over(
        actor=owner, organisation=org, to=_membership(colleague, org), keep=R.SIGNATORY
    )
    assert _membership(colleague, org).role == R.OWNER
    assert _membership(owner, org).role == R.SIGNATORY


def test_the_last_owner_cannot_be_removed_and_members_can(org, owner, api_client_for):
    colleague = _member(org, R.MEMBER)
    _token, key = api_token_create(user=colleague)
    assert api_token_for_key(key) is not None
    membership_remove(actor=owner, membership=_membership(colleague, org))
    assert not Membership.objects.filter(user=colleague).exists()
    # a token never outlives its user's membership
    assert api_token_for_key(key) is None
    assert ApiToken.objects.get(user=colleague).revoked_at is not None
    assert AuditEvent.objects.filter(action="membership.remove").count() == 1
    staff = UserFactory(role=Role.PROGRAMME_ADMIN)
    with pytest.raises(LastOwner):
        membership_remove(actor=staff, membership=_membership(owner, org))
    assert _membership(owner, org).role == R.OWNER


def test_members_leave_and_lose_their_tokens(org, owner):
    colleague = _member(org, R.SIGNATORY)
    _token, key = api_token_create(user=colleague)
    membership_leave(actor=colleague, organisation=org)
    assert not Membership.objects.filter(user=colleague).exists()
    assert api_token_for_key(key) is None
    assert AuditEvent.objects.filter(action="membership.leave").count() == 1


def test_the_last_owner_hands_over_before_leaving(org, owner):
    _member(org, R.MEMBER)
    with translation.override("en"), pytest.raises(LastOwner) as caught:
        membership_leave(actor=owner, organisation=org)
    assert "hand over ownership" in caught.value.message
    assert _membership(owner, org).role == R.OWNER


def test_the_last_owner_cannot_leave_while_applications_are_open():
    world = make_world()
    app = world.submitted()
    assert app.status == Application.Status.SUBMITTED
    with translation.override("en"):
        assert organisation_open_matters(organisation=world.company) == [
            "1 open KI-Voucher application"
        ]
        with pytest.raises(LastOwner) as caught:
            membership_leave(actor=world.applicant, organisation=world.company)
    assert "open matters" in caught.value.message
    assert Membership.objects.filter(user=world.applicant).exists()


def test_the_last_owner_of_a_quiet_organisation_may_leave(org, owner):
    membership_leave(actor=owner, organisation=org)
    assert not org.memberships.exists()


# --- binding steps: submitting, bank details ------------------------------------------
def test_members_draft_but_only_owners_and_signatories_submit():
    world = make_world()
    drafter = _member(world.company, R.MEMBER, role=Role.APPLICANT)
    from kivoucher.applications import services

    app = services.application_create(
        actor=drafter,
        organisation=world.company,
        call=world.call,
        title="Entwurf",
        description="Ein Entwurf eines Mitglieds.",
        category=world.category,
        provider=world.provider,
        planned_costs="40000",
        planned_start=timezone.localdate() + timedelta(days=30),
        planned_end=timezone.localdate() + timedelta(days=200),
        sme_declared=True,
        not_in_difficulty=True,
        de_minimis_declared=True,
    )
    with translation.override("en"), pytest.raises(PermissionDenied) as caught:
        services.application_submit(actor=drafter, application=app)
    assert caught.value.status == 403 and caught.value.code == "signatory_required"
    assert "signatory" in caught.value.message
    app.refresh_from_db()
    assert app.status == Application.Status.DRAFT
    signer = _member(world.company, R.SIGNATORY, role=Role.APPLICANT)
    services.application_submit(actor=signer, application=app)
    app.refresh_from_db()
    assert app.status == Application.Status.SUBMITTED


def test_only_owners_change_the_bank_details(org, owner):
    signer = _member(org, R.SIGNATORY)
    reader = _member(org, R.MEMBER)
    with pytest.raises(PermissionDenied):
        organisation_update(actor=signer, organisation=org, iban="DE02120300000000202051")
    org.refresh_from_db()
    assert org.iban == "DE89370400440532013000"
    organisation_update(actor=signer, organisation=org, employees=41)  # company data: fine
    with pytest.raises(PermissionDenied):
        organisation_update(actor=reader, organisation=org, employees=42)
    organisation_update(actor=owner, organisation=org, iban="DE02120300000000202051")
    org.refresh_from_db()
    assert (org.employees, org.iban) == (41, "DE02120300000000202051")


def test_old_unusable_invitations_are_deleted_by_the_retention_job(org, owner):
    from kivoucher.organizations.gdpr import personal_data_anonymise

    old, _token = invitation_create(
        actor=owner, organisation=org, email="alt@firma.example", role=R.MEMBER
    )
    fresh, _token = invitation_create(
        actor=owner, organisation=org, email="neu@firma.example", role=R.MEMBER
    )
    long_ago = timezone.now() - timedelta(days=20 * 365)
    Invitation.objects.filter(pk=old.pk).update(created_at=long_ago, expires_at=long_ago)
    result = personal_data_anonymise()
    assert result.others.get("invitations deleted") == 1
    assert list(Invitation.objects.values_list("pk", flat=True)) == [fresh.pk]
