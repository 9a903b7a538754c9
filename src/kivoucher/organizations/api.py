from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from kivoucher.core.api_errors import api_errors
from kivoucher.core.errors import DomainError, NotFound, PermissionDenied
from kivoucher.core.roles import Role
from kivoucher.organizations import members as people
from kivoucher.organizations.gdpr import organisation_export_zip
from kivoucher.organizations.models import Invitation, JoinRequest, Membership, Organisation
from kivoucher.organizations.registration import (
    SELF_SERVICE_KINDS,
    join_request_create,
    join_request_decide,
    organisation_register,
)
from kivoucher.organizations.selectors import (
    invitations_pending,
    join_requests_pending,
    members_of,
    membership_get_for_user,
    membership_owner_check,
    organisation_get_for_user,
    organisations_for_user,
)
from kivoucher.organizations.services import organisation_update

router = Router()
RoleName = Literal["owner", "signatory", "member"]
KindName = Literal["company", "provider", "data_centre", "buyer"]
WRITE = api_errors(400, 401, 403, 404, 409, 422)


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    legal_form: str
    register_court: str
    register_number: str
    vat_id: str
    city: str
    postcode: str
    country: str
    federal_state: str
    sector: str
    employees: int
    annual_turnover: Decimal
    balance_sheet_total: Decimal
    founded_on: date | None


class OrganisationPatch(Schema):
    model_config = {"extra": "forbid"}

    name: str | None = None
    legal_form: str | None = None
    register_court: str | None = None
    register_number: str | None = None
    vat_id: str | None = None
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    federal_state: str | None = None
    sector: str | None = None
    employees: int | None = None
    annual_turnover: Decimal | None = None
    balance_sheet_total: Decimal | None = None
    founded_on: date | None = None
    iban: str | None = None
    bic: str | None = None


@router.get("", response=list[OrganisationOut], summary="Organisations the caller may see")
def list_organisations(request):
    return organisations_for_user(user=request.user).order_by("name")[:500]


# Before `/{org_id}`: the first matching path takes the request.
class JoinRequestIn(Schema):
    model_config = {"extra": "forbid"}

    register_court: str = Field("", max_length=100)
    register_number: str = Field("", max_length=40)
    vat_id: str = Field("", max_length=20)
    message: str = Field("", max_length=2000, description="For the owners: who you are")


class JoinRequestOut(Schema):
    id: int
    status: str
    created_at: datetime


class JoinRequestOwnerOut(Schema):
    id: int
    status: str
    created_at: datetime
    person: str
    email: str
    message: str


class JoinDecisionIn(Schema):
    model_config = {"extra": "forbid"}

    accept: bool
    role: RoleName = "member"


@router.post(
    "/join-requests",
    response={201: JoinRequestOut, **WRITE},
    summary="Ask to join a registered organisation (by register number or VAT ID)",
    description="Its owners are told by mail and decide. Asking again while a request "
    "waits answers the waiting request.",
)
def join_request_post(request, payload: JoinRequestIn):
    return Status(201, join_request_create(actor=request.user, **payload.model_dump()))


@router.get("/{org_id}", response=OrganisationOut)
def get_organisation(request, org_id: int):
    return organisation_get_for_user(user=request.user, pk=org_id)


@router.patch(
    "/{org_id}",
    response={200: OrganisationOut, **api_errors(400, 403, 404, 409)},
    summary="Update the key figures of one's own organisation",
    description="A change of the bank details (`iban`, `bic`) applies at once only when "
    "the organisation has no open payouts and one of its members makes it; otherwise it "
    "waits for a second person (`/api/v1/payments/bank-details-changes`), the previous "
    "details stay and the organisation's payouts are held. 409 "
    "`bank_details_change_pending` while another change waits.",
)
def patch_organisation(request, org_id: int, payload: OrganisationPatch):
    org = organisation_get_for_user(user=request.user, pk=org_id)
    if request.user.role == Role.AUDITOR:
        raise PermissionDenied("Auditors read, they do not change.")
    fields = payload.model_dump(exclude_unset=True)
    not_nullable = [name for name, value in fields.items() if value is None and not _nullable(name)]
    if not_nullable:
        raise DomainError(f"May not be null: {', '.join(sorted(not_nullable))}.")
    return organisation_update(actor=request.user, organisation=org, **fields)


def _nullable(name: str) -> bool:
    return Organisation._meta.get_field(name).null


@router.get(
    "/{org_id}/export",
    summary="All data of an organisation as a zip (GDPR export)",
    response={200: None},
    # Served under "account" with its first operation id since it moved here from core.
    tags=["account"],
    operation_id="kivoucher_core_api_export_organisation",
    openapi_extra={
        "responses": {
            200: {
                "description": "organisation.json with every record, and uploaded files",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def export_organisation(request, org_id: int):
    organisation = organisation_get_for_user(user=request.user, pk=org_id)
    response = HttpResponse(
        organisation_export_zip(organisation=organisation), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="organisation-{org_id}-data.zip"'
    return response


# --- self-service: registration, joining, members, invitations ---------------------------


class OrganisationRegisterIn(Schema):
    model_config = {"extra": "forbid"}

    kind: KindName = Field(
        "company",
        description="`company` applies for vouchers; `provider` is listed once accredited; "
        "`data_centre` redeems vouchers once onboarded; `buyer` buys in the pre-sale.",
    )
    name: str = Field(max_length=200)
    legal_form: str = Field(max_length=40)
    register_court: str = Field("", max_length=100, description="e.g. Amtsgericht München")
    register_number: str = Field(
        "", max_length=40, description="e.g. HRB 12345 (HRA, HRB, GnR, PR, VR, PartR)"
    )
    vat_id: str = Field("", max_length=20, description="e.g. DE123456789")
    street: str = Field(max_length=200)
    postcode: str = Field(max_length=10)
    city: str = Field(max_length=100)
    federal_state: str = Field(max_length=2, description="e.g. BY")
    sector: str = Field(max_length=10, description="NACE code, e.g. C28")
    employees: int = Field(0, ge=0, le=10_000_000)
    annual_turnover: Decimal = Field(Decimal("0"), ge=0, max_digits=16, decimal_places=2)
    balance_sheet_total: Decimal = Field(Decimal("0"), ge=0, max_digits=16, decimal_places=2)
    founded_on: date | None = None
    iban: str = Field("", max_length=42)
    bic: str = Field("", max_length=11)
    account_holder: str = Field("", max_length=140)
    email: str = Field("", max_length=254)


@router.post(
    "",
    response={201: OrganisationOut, **WRITE},
    summary="Register an organisation, with the caller as its owner",
    description="Refused with 409 `organisation_exists` when an organisation with the same "
    "register court and number or the same VAT ID is registered: ask to join it "
    "(`POST /api/v1/organisations/join-requests`). The caller's role follows the kind "
    "while they are a member of no organisation.",
)
def register_organisation(request, payload: OrganisationRegisterIn):
    if payload.kind not in SELF_SERVICE_KINDS:
        raise DomainError(_("Unknown kind of organisation."), code="invalid_kind")
    organisation = organisation_register(actor=request.user, **payload.model_dump())
    return Status(201, organisation)


def _join_request_out(jr: JoinRequest) -> dict:
    return {
        "id": jr.pk,
        "status": jr.status,
        "created_at": jr.created_at,
        "person": jr.user.display_name,
        "email": jr.user.email,
        "message": jr.message,
    }


@router.get(
    "/{org_id}/join-requests",
    response={200: list[JoinRequestOwnerOut], **api_errors(401, 403, 404)},
    summary="Requests to join that wait for an owner's decision (owners)",
)
def join_requests_list(request, org_id: int):
    organisation = organisation_get_for_user(user=request.user, pk=org_id)
    _owner_or_staff_reads(request.user, organisation)
    return [_join_request_out(jr) for jr in join_requests_pending(organisation=organisation)]


@router.post(
    "/{org_id}/join-requests/{request_id}/decision",
    response={200: JoinRequestOwnerOut, **WRITE},
    summary="Accept (with a role) or decline a request to join (owners)",
)
def join_request_decision(request, org_id: int, request_id: int, payload: JoinDecisionIn):
    organisation = organisation_get_for_user(user=request.user, pk=org_id)
    join_request = organisation.join_requests.select_related("user").filter(pk=request_id).first()
    if join_request is None:
        raise NotFound(_("Request not found."))
    decided = join_request_decide(
        actor=request.user, join_request=join_request, accept=payload.accept, role=payload.role
    )
    return _join_request_out(decided)


def _owner_or_staff_reads(user, organisation: Organisation) -> None:
    """Invitations and requests to join: the organisation's owners, and staff."""
    if not user.sees_everything:
        membership_owner_check(actor=user, organisation=organisation)


class MemberOut(Schema):
    id: int = Field(description="The membership's id (for role changes and removal)")
    user: str = Field(description="The person's user name")
    name: str
    email: str
    role: str = Field(description="`owner`, `signatory` or `member`")
    created_at: datetime


class MemberPatch(Schema):
    model_config = {"extra": "forbid"}

    role: RoleName


def _member_out(m: Membership) -> dict:
    return {
        "id": m.pk,
        "user": m.user.username,
        "name": m.user.display_name,
        "email": m.user.email,
        "role": m.role,
        "created_at": m.created_at,
    }


@router.get(
    "/{org_id}/members",
    response={200: list[MemberOut], **api_errors(401, 404)},
    summary="The organisation's members with their roles",
)
def members_list(request, org_id: int):
    organisation = organisation_get_for_user(user=request.user, pk=org_id)
    return [_member_out(m) for m in members_of(organisation=organisation)]


@router.patch(
    "/{org_id}/members/{member_id}",
    response={200: MemberOut, **WRITE},
    summary="Change a member's role (owners)",
    description="409 `last_owner` when the organisation would have no owner left; hand "
    "over ownership by making another member owner first.",
)
def member_patch(request, org_id: int, member_id: int, payload: MemberPatch):
    organisation = organisation_get_for_user(user=request.user, pk=org_id)
    membership = membership_get_for_user(user=request.user, organisation=organisation, pk=member_id)
    changed = people.membership_role_change(
        actor=request.user, membership=membership, role=payload.role
    )
    return _member_out(changed)


@router.delete(
    "/{org_id}/members/{member_id}",
    response={204: None, **WRITE},
    summary="Remove a member (owners), or leave (one's own membership)",
    description="The person's API tokens are revoked. 409 `last_owner` for the last owner "
    "(removed by nobody; leaves only an organisation without other members and without "
    "open applications or vouchers).",
)
def member_delete(request, org_id: int, member_id: int):
    organisation = organisation_get_for_user(user=request.user, pk=org_id)
    membership = membership_get_for_user(user=request.user, organisation=organisation, pk=member_id)
    people.membership_remove(actor=request.user, membership=membership)
    return Status(204, None)


class InvitationIn(Schema):
    model_config = {"extra": "forbid"}

    email: str = Field(max_length=254)
    role: RoleName = "member"


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    status: str
    created_at: datetime
    expires_at: datetime


class InvitationAcceptIn(Schema):
    model_config = {"extra": "forbid"}

    token: str = Field(max_length=500, description="The last part of the link in the mail")


def _invitation_out(inv: Invitation) -> dict:
    return {
        "id": inv.pk,
        "email": inv.email,
        "role": inv.role,
        "status": inv.status,
        "created_at": inv.created_at,
        "expires_at": inv.expires_at,
    }


@router.post(
    "/{org_id}/invitations",
    response={201: InvitationOut, **WRITE},
    summary="Invite a person by e-mail with a role (owners)",
    description="The mail carries a single-use link that expires after "
    "KIVOUCHER_INVITATION_DAYS days; inviting an address again replaces its pending "
    "invitation.",
)
def invitation_post(request, org_id: int, payload: InvitationIn):
    organisation = organisation_get_for_user(user=request.user, pk=org_id)
    invitation, _token = people.invitation_create(
        actor=request.user, organisation=organisation, email=payload.email, role=payload.role
    )
    return Status(201, _invitation_out(invitation))


@router.get(
    "/{org_id}/invitations",
    response={200: list[InvitationOut], **api_errors(401, 403, 404)},
    summary="Pending invitations (owners)",
)
def invitations_list(request, org_id: int):
    organisation = organisation_get_for_user(user=request.user, pk=org_id)
    _owner_or_staff_reads(request.user, organisation)
    return [_invitation_out(inv) for inv in invitations_pending(organisation=organisation)]


@router.delete(
    "/{org_id}/invitations/{invitation_id}",
    response={200: InvitationOut, **WRITE},
    summary="Withdraw a pending invitation (owners); its link stops working",
)
def invitation_delete(request, org_id: int, invitation_id: int):
    organisation = organisation_get_for_user(user=request.user, pk=org_id)
    invitation = organisation.invitations.filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFound(_("Invitation not found."))
    return _invitation_out(people.invitation_revoke(actor=request.user, invitation=invitation))


@router.post(
    "/invitations/accept",
    response={200: MemberOut, **api_errors(400, 401, 403, 409, 410, 422)},
    summary="Accept an invitation (the caller's e-mail address must be the invited one)",
    description="410 `invitation_unusable` for an expired, used, withdrawn or invalid link; "
    "403 `invitation_other_email` when it was sent to another address.",
)
def invitation_accept_post(request, payload: InvitationAcceptIn):
    membership = people.invitation_accept(actor=request.user, token=payload.token)
    return _member_out(membership)
