"""The pages of issue 15.2-15.3: register, ask to join, the members page, and the
invitation link followed from the mail as the invitee would."""

import re
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from kivoucher.core.roles import Role
from kivoucher.organizations.models import Invitation, JoinRequest, Membership, Organisation
from kivoucher.organizations.views import signup_url
from tests.conftest import login_client
from tests.factories import OrganisationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
LINK = re.compile(r"https?://[^\s]+/organisation/invitation/[^\s/]+/")

FORM = {
    "kind": "company",
    "name": "Neue Fräsen GmbH",
    "legal_form": "GmbH",
    "register_court": "Amtsgericht Stuttgart",
    "register_number": "hrb 7654",
    "vat_id": "DE136695976",
    "street": "Königstraße 1",
    "postcode": "70173",
    "city": "Stuttgart",
    "federal_state": "BW",
    "sector": "C28",
    "employees": "12",
    "annual_turnover": "1500000",
    "balance_sheet_total": "900000",
    "iban": "DE89370400440532013000",
    "bic": "",
    "account_holder": "",
    "email": "",
    "founded_on": "",
}


def client_of(user) -> Client:
    return login_client(Client(**EN), user)


def test_a_signed_in_person_registers_an_organisation():
    user = UserFactory(role=Role.APPLICANT)
    client = client_of(user)
    page = client.get(reverse("organisation-register"))
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("name", "register_number", "vat_id", "iban", "federal_state", "sector"):
        assert f'for="id_{name}"' in html  # every field has its label
    answer = client.post(reverse("organisation-register"), FORM)
    org = Organisation.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse(
        "organisation-members", args=[org.pk]
    )
    assert org.register_number == "HRB 7654"
    assert Membership.objects.get(user=user).role == Membership.Role.OWNER


def test_registration_needs_a_signed_in_person():
    answer = Client().get(reverse("organisation-register"))
    assert answer.status_code == 302 and answer["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("field", "value", "text"),
    [
        ("register_number", "12345", "is not a register number"),
        ("vat_id", "DE123", "is not a valid VAT ID"),
        ("iban", "DE00123", "is not a valid IBAN"),
    ],
)
def test_wrong_numbers_are_shown_on_their_field(field, value, text):
    client = client_of(UserFactory())
    answer = client.post(reverse("organisation-register"), {**FORM, field: value})
    assert answer.status_code == 200 and text in answer.content.decode()
    assert f'id="id_{field}_error"' in answer.content.decode()
    assert not Organisation.objects.exists()


def test_a_duplicate_company_is_refused_and_the_person_asks_to_join(
    mailoutbox, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="chefin@fraesen.example")
    client_of(owner).post(reverse("organisation-register"), FORM)
    org = Organisation.objects.get()
    second = UserFactory(email="zweite@fraesen.example")
    client = client_of(second)
    refused = client.post(reverse("organisation-register"), {**FORM, "name": "Doppelt GmbH"})
    html = refused.content.decode()
    assert refused.status_code == 409
    assert "already registered" in html and "Ask to join" in html
    assert "Neue Fräsen" not in html  # the registered organisation is not named
    assert Organisation.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(
            reverse("organisation-join"),
            {
                "register_court": "Amtsgericht Stuttgart",
                "register_number": "HRB 7654",
                "vat_id": "DE136695976",
                "message": "Ich bin die neue Controllerin.",
            },
        )
    assert asked.status_code == 302
    [mail] = mailoutbox
    assert mail.to == [owner.email]
    members_url = reverse("organisation-members", args=[org.pk])
    assert members_url in mail.body
    owner_client = client_of(owner)
    page = owner_client.get(members_url)
    assert "Ich bin die neue Controllerin." in page.content.decode()
    join_request = JoinRequest.objects.get()
    owner_client.post(
        reverse("organisation-join-request-decide", args=[org.pk, join_request.pk]),
        {"decision": "accept", "role": "signatory"},
    )
    assert Membership.objects.get(user=second).role == Membership.Role.SIGNATORY


def test_the_invitation_link_from_the_mail_leads_through_sign_in_to_membership(
    mailoutbox, django_capture_on_commit_callbacks
):
    org = OrganisationFactory()
    owner = member_of(org, email="chef@firma.example")
    with django_capture_on_commit_callbacks(execute=True):
        sent = client_of(owner).post(
            reverse("organisation-invite", args=[org.pk]),
            {"email": "neu@firma.example", "role": "signatory"},
        )
    assert sent.status_code == 302
    [mail] = mailoutbox
    link = LINK.search(mail.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    path = "/" + path
    # anonymous: sent to sign in or sign up, with the way back
    anonymous = Client(**EN).get(path)
    html = anonymous.content.decode()
    assert anonymous.status_code == 200 and org.name in html
    back = urlencode({"next": path})
    assert f"/accounts/login/?{back}" in html
    assert f"{signup_url()}?{back}" in html
    # another person: refused, nothing changes
    stranger = client_of(UserFactory(email="fremd@firma.example"))
    refused = stranger.post(path)
    assert refused.status_code == 403
    assert "another e-mail address" in refused.content.decode()
    assert Invitation.objects.get().status == Invitation.Status.PENDING
    # the invitee joins with the invited role
    invitee = UserFactory(email="neu@firma.example")
    client = client_of(invitee)
    assert client.get(path).status_code == 200
    joined = client.post(path)
    assert joined.status_code == 302
    assert Membership.objects.get(user=invitee, organisation=org).role == "signatory"
    # the link works once
    again = client_of(UserFactory(email="neu@firma.example", username="doppelt")).get(path)
    assert again.status_code == 410 and "already been used" in again.content.decode()


def test_a_broken_link_says_so():
    answer = Client(**EN).get(reverse("organisation-invitation", args=["kaputt"]))
    assert answer.status_code == 410 and "not valid" in answer.content.decode()


def test_the_members_page_and_its_actions():
    org = OrganisationFactory()
    owner = member_of(org)
    colleague = member_of(org)
    Membership.objects.filter(user=colleague).update(role="member")
    owner_client = client_of(owner)
    page = owner_client.get(reverse("organisation-members", args=[org.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "Invite a person" in html and "Hand over ownership" in html
    mine = Membership.objects.get(user=owner)
    # the last owner cannot make themselves a member
    refused = owner_client.post(
        reverse("organisation-member-role", args=[org.pk, mine.pk]), {"role": "member"}, follow=True
    )
    assert "always keeps an owner" in refused.content.decode()
    assert Membership.objects.get(pk=mine.pk).role == "owner"
    # a member sees the list but cannot manage
    member_client = client_of(colleague)
    member_page = member_client.get(reverse("organisation-members", args=[org.pk]))
    assert "Invite a person" not in member_page.content.decode()
    member_client.post(reverse("organisation-member-remove", args=[org.pk, mine.pk]), follow=True)
    assert Membership.objects.filter(pk=mine.pk).exists()
    # hand over, then leave
    theirs = Membership.objects.get(user=colleague)
    owner_client.post(
        reverse("organisation-hand-over", args=[org.pk]), {"to": theirs.pk, "keep": "member"}
    )
    assert Membership.objects.get(pk=theirs.pk).role == "owner"
    left = owner_client.post(reverse("organisation-leave", args=[org.pk]))
    assert left.status_code == 302 and not Membership.objects.filter(pk=mine.pk).exists()


def test_a_member_cannot_edit_the_company_data_and_a_signatory_not_the_bank_details():
    org = OrganisationFactory()
    member_of(org)
    reader, signer = member_of(org), member_of(org)
    Membership.objects.filter(user=reader).update(role="member")
    Membership.objects.filter(user=signer).update(role="signatory")
    assert client_of(reader).get(reverse("organisation-edit", args=[org.pk])).status_code == 403
    page = client_of(signer).get(reverse("organisation-edit", args=[org.pk]))
    assert page.status_code == 200
    assert re.search(r'name="iban"[^>]*disabled', page.content.decode())


def test_people_without_an_organisation_are_shown_the_way_to_register():
    client = client_of(UserFactory())
    home = client.get(reverse("home"))
    assert reverse("organisation-register") in home.content.decode()


def test_a_member_drafts_but_is_shown_no_submit_button():
    from tests.applications.factories import make_world

    world = make_world()
    app = world.draft()
    url = reverse("applications:detail", args=[app.pk])
    submit = reverse("applications:submit", args=[app.pk])
    assert submit in client_of(world.applicant).get(url).content.decode()
    Membership.objects.filter(user=world.applicant).update(role="member")
    page = client_of(world.applicant).get(url).content.decode()
    assert submit not in page and "Owners and signatories of your organisation" in page
    refused = client_of(world.applicant).post(submit, {"note": ""}, follow=True)
    assert "signatory" in refused.content.decode()
    app.refresh_from_db()
    assert app.status == "draft"


def test_owners_see_waiting_requests_on_the_start_page_in_one_query(
    django_assert_num_queries,
):
    from kivoucher.organizations.home import items

    org = OrganisationFactory()
    owner, reader = member_of(org), member_of(org)
    Membership.objects.filter(user=reader).update(role="member")
    JoinRequest.objects.create(organisation=org, user=UserFactory())
    JoinRequest.objects.create(organisation=org, user=UserFactory())
    with django_assert_num_queries(1):
        shown = items(owner)
    members_url = reverse("organisation-members", args=[org.pk])
    assert [(i.url, i.count) for i in shown if i.url == members_url] == [(members_url, 2)]
    assert members_url not in [i.url for i in items(reader)]
