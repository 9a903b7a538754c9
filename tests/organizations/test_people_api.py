"""The API of issue 15.2-15.3 end to end, as a company's people script it: register,
duplicate refused, ask to join, invitations from the mail, roles, leaving. Only ids
from the API's answers; every exchange checked against /api/openapi.json."""

import re

import pytest

from kivoucher.core.roles import Role
from kivoucher.organizations.models import Membership
from tests.e2e.openapi_check import CheckedApi, _operation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r"/organisation/invitation/([^\s/]+)/")

COMPANY = {
    "kind": "company",
    "name": "Neue Fräsen GmbH",
    "legal_form": "GmbH",
    "register_court": "Amtsgericht Stuttgart",
    "register_number": "HRB 7654",
    "vat_id": "DE136695976",
    "street": "Königstraße 1",
    "postcode": "70173",
    "city": "Stuttgart",
    "federal_state": "BW",
    "sector": "C28",
    "employees": 12,
    "annual_turnover": "1500000.00",
    "balance_sheet_total": "900000.00",
    "iban": "DE89370400440532013000",
}


class Api(CheckedApi):
    def delete_no_content(self, url: str):
        """A DELETE answered 204 without a body: the status must be documented."""
        response = self.client.delete(url)
        if response.status_code == 204:
            assert "204" in _operation("DELETE", url)["responses"]
            return response
        return self._answer(_operation("DELETE", url), "DELETE", url, response)


@pytest.fixture
def api_for(api_client_for):
    def make(user) -> Api:
        return Api(api_client_for(user))

    return make


def test_register_join_invite_and_manage_members(
    api_for, mailoutbox, django_capture_on_commit_callbacks
):
    owner = UserFactory(role=Role.APPLICANT, email="chefin@fraesen.example")
    owner_api = api_for(owner)
    created = owner_api.post("/api/v1/organisations", COMPANY)
    assert created.status_code == 201
    org_id = created.json()["id"]
    assert created.json()["register_number"] == "HRB 7654"

    # the same company again: refused, the person asks to join instead
    second = UserFactory(email="zweite@fraesen.example")
    second_api = api_for(second)
    refused = second_api.post(
        "/api/v1/organisations", {**COMPANY, "name": "Doppelt", "register_number": "hrb7654"}
    )
    assert refused.status_code == 409 and refused.json()["code"] == "organisation_exists"
    assert str(org_id) not in refused.json()["message"]
    with django_capture_on_commit_callbacks(execute=True):
        asked = second_api.post(
            "/api/v1/organisations/join-requests",
            {"vat_id": "DE 136695976", "message": "Controlling"},
        )
    assert asked.status_code == 201
    assert [m.to for m in mailoutbox] == [[owner.email]]
    waiting = owner_api.get(f"/api/v1/organisations/{org_id}/join-requests").json()
    assert [(w["id"], w["email"]) for w in waiting] == [(asked.json()["id"], second.email)]
    decided = owner_api.post(
        f"/api/v1/organisations/{org_id}/join-requests/{waiting[0]['id']}/decision",
        {"accept": True, "role": "member"},
    )
    assert decided.status_code == 200 and decided.json()["status"] == "accepted"

    # invite a colleague as signatory; the token comes from the mail
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invited = owner_api.post(
            f"/api/v1/organisations/{org_id}/invitations",
            {"email": "neu@fraesen.example", "role": "signatory"},
        )
    assert invited.status_code == 201 and invited.json()["status"] == "pending"
    [mail] = mailoutbox
    token = TOKEN.search(mail.body).group(1)
    listed = owner_api.get(f"/api/v1/organisations/{org_id}/invitations").json()
    assert [i["id"] for i in listed] == [invited.json()["id"]]
    # a member of the organisation may not see or make invitations
    assert second_api.get(f"/api/v1/organisations/{org_id}/invitations").status_code == 403
    assert (
        second_api.post(
            f"/api/v1/organisations/{org_id}/invitations",
            {"email": "x@fraesen.example", "role": "owner"},
        ).status_code
        == 403
    )

    stranger_api = api_for(UserFactory(email="fremd@fraesen.example"))
    other = stranger_api.post("/api/v1/organisations/invitations/accept", {"token": token})
    assert other.status_code == 403 and other.json()["code"] == "invitation_other_email"
    invitee = UserFactory(email="neu@fraesen.example")
    invitee_api = api_for(invitee)
    joined = invitee_api.post("/api/v1/organisations/invitations/accept", {"token": token})
    assert joined.status_code == 200 and joined.json()["role"] == "signatory"
    reused = invitee_api.post("/api/v1/organisations/invitations/accept", {"token": token})
    assert reused.status_code == 410 and reused.json()["code"] == "invitation_unusable"

    members = owner_api.get(f"/api/v1/organisations/{org_id}/members").json()
    by_email = {m["email"]: m for m in members}
    assert [m["role"] for m in members] == ["owner", "signatory", "member"]

    # never zero owners
    own_id = by_email[owner.email]["id"]
    last = owner_api.patch(f"/api/v1/organisations/{org_id}/members/{own_id}", {"role": "member"})
    assert last.status_code == 409 and last.json()["code"] == "last_owner"
    leave = owner_api.delete_no_content(f"/api/v1/organisations/{org_id}/members/{own_id}")
    assert leave.status_code == 409 and leave.json()["code"] == "last_owner"
    # a member cannot change roles
    second_id = by_email[second.email]["id"]
    assert (
        second_api.patch(
            f"/api/v1/organisations/{org_id}/members/{own_id}", {"role": "member"}
        ).status_code
        == 403
    )
    promoted = owner_api.patch(
        f"/api/v1/organisations/{org_id}/members/{second_id}", {"role": "owner"}
    )
    assert promoted.status_code == 200 and promoted.json()["role"] == "owner"
    # the invitee is removed: their token stops working at once
    removed = owner_api.delete_no_content(
        f"/api/v1/organisations/{org_id}/members/{by_email[invitee.email]['id']}"
    )
    assert removed.status_code == 204
    assert invitee_api.client.get("/api/v1/me").status_code == 401
    # now the first owner may leave: another owner remains
    assert (
        owner_api.delete_no_content(f"/api/v1/organisations/{org_id}/members/{own_id}").status_code
        == 204
    )
    assert list(Membership.objects.values_list("user__email", "role")) == [(second.email, "owner")]


@pytest.mark.parametrize(
    ("field", "value"),
    [("register_number", "12345"), ("vat_id", "DE123"), ("iban", "DE00123")],
)
def test_wrong_numbers_are_refused_with_the_field(api_for, field, value):
    answer = api_for(UserFactory()).post("/api/v1/organisations", {**COMPANY, field: value})
    assert answer.status_code == 400
    assert field in answer.json()["fields"]
    assert not Membership.objects.exists()


def test_an_unknown_kind_is_refused(api_for):
    answer = api_for(UserFactory()).post_invalid(
        "/api/v1/organisations", {**COMPANY, "kind": "agency"}
    )
    assert answer.status_code == 422


def test_a_member_cannot_submit_an_application_through_the_api(api_for):
    from tests.applications.factories import make_world

    world = make_world()
    app = world.draft()
    Membership.objects.filter(user=world.applicant).update(role="member")
    answer = api_for(world.applicant).post(f"/api/v1/applications/{app.pk}/submit", {"note": ""})
    assert answer.status_code == 403 and answer.json()["code"] == "signatory_required"
