"""Issue 15 item 7: the account page and the deletion of one's own account (GDPR):
personal data anonymised, financial records kept, tokens revoked, sessions ended,
audited; the last owner of an organisation with running vouchers cannot leave."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.utils.translation import gettext, ngettext, override

from kivoucher.applications.models import Voucher
from kivoucher.core.models import AuditEvent, User
from kivoucher.core.tokens import api_token_create
from kivoucher.organizations.models import Membership
from tests.applications.factories import make_world
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_account_page_links_everything_of_the_account(client_for, user_factory):
    user = user_factory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    page = client_for(user).get("/account/")
    assert page.status_code == 200
    for anchor in (
        'href="/accounts/email/"',
        'href="/accounts/password/change/"',
        'href="/account/tokens/"',
        'href="/account/data/"',
        'id="account-delete-form"',
        'for="id_password"',
    ):
        assert anchor in page.text, anchor
    assert user.email in page.text


def test_deleting_ones_account_anonymises_it_and_ends_every_session(user_factory):
    user = user_factory(first_name="Erika", last_name="Muster")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    token, key = api_token_create(user=user)
    elsewhere = Client()
    elsewhere.force_login(user)
    client = Client()
    client.force_login(user)

    wrong = client.post("/account/delete/", {"password": "falsch", "confirm": "on"})
    assert wrong.status_code == 200 and 'role="alert"' in wrong.text
    user.refresh_from_db()
    assert user.is_active and user.email

    done = client.post("/account/delete/", {"password": "pw", "confirm": "on"})
    assert done.status_code == 302 and done["Location"] == "/"
    user.refresh_from_db()
    assert user.anonymised_at is not None and not user.is_active
    assert (user.first_name, user.last_name, user.email) == ("", "", "")
    assert user.username == f"anonymised-{user.pk}"
    assert not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me").status_code == 401
    assert client.get("/home/").status_code == 302
    assert elsewhere.get("/home/").status_code == 302
    assert AuditEvent.objects.filter(action="user.delete", object_id=str(user.pk)).exists()


def test_the_last_owner_of_an_organisation_with_a_running_voucher_cannot_leave(client_for):
    world = make_world()
    application = world.approved()
    assert Voucher.objects.filter(application=application, status=Voucher.Status.ACTIVE).exists()
    owner = world.applicant
    client = client_for(owner)
    page = client.get("/account/")
    assert 'id="delete-blocked"' in page.text and world.company.name in page.text
    with override("de"):
        refused = client.post(
            "/account/delete/", {"password": "pw", "confirm": "on"}, HTTP_ACCEPT_LANGUAGE="de"
        )
        expected = gettext(
            "You cannot delete your account yet: you are the last owner of these "
            "organisations, which have running vouchers, purchases or other members. Hand "
            "the ownership over to another member first."
        )
        assert expected in refused.text
        # with the reason, as the organisations' rules of leaving give it
        assert (
            ngettext("%(n)s open KI-Voucher", "%(n)s open KI-Vouchers", 1) % {"n": 1}
            in refused.text
        )
    owner.refresh_from_db()
    assert owner.is_active and owner.anonymised_at is None
    assert Membership.objects.filter(user=owner, organisation=world.company).exists()

    # With a second owner, the first may go; the voucher stays.
    second = UserFactory()
    Membership.objects.create(user=second, organisation=world.company)
    done = client.post("/account/delete/", {"password": "pw", "confirm": "on"})
    assert done.status_code == 302
    owner.refresh_from_db()
    assert owner.anonymised_at is not None
    assert not Membership.objects.filter(user=owner).exists()
    assert Voucher.objects.filter(application=application, status=Voucher.Status.ACTIVE).exists()


def test_deletion_is_a_post_with_the_password(client_for, user_factory):
    user = user_factory()
    client = client_for(user)
    assert client.get("/account/delete/").status_code == 405
    assert client.post("/account/delete/", {"confirm": "on"}).status_code == 200
    user.refresh_from_db()
    assert user.is_active
    assert User.objects.filter(pk=user.pk, anonymised_at__isnull=True).exists()


def test_the_last_owner_cannot_leave_other_members_without_an_owner(client_for):
    from tests.factories import OrganisationFactory

    organisation = OrganisationFactory()
    owner = UserFactory()
    Membership.objects.create(user=owner, organisation=organisation, role=Membership.Role.OWNER)
    colleague = UserFactory()
    Membership.objects.create(
        user=colleague, organisation=organisation, role=Membership.Role.MEMBER
    )
    client = client_for(owner)
    assert 'id="delete-blocked"' in client.get("/account/").text
    client.post("/account/delete/", {"password": "pw", "confirm": "on"})
    owner.refresh_from_db()
    assert owner.is_active and owner.anonymised_at is None
    # Alone in an organisation without running grants: the account may go.
    Membership.objects.filter(user=colleague).delete()
    done = client.post("/account/delete/", {"password": "pw", "confirm": "on"})
    assert done.status_code == 302
    owner.refresh_from_db()
    assert owner.anonymised_at is not None
