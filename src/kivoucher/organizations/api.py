from datetime import date
from decimal import Decimal

from django.http import HttpResponse
from ninja import Router, Schema

from kivoucher.core.api_errors import api_errors
from kivoucher.core.errors import DomainError, PermissionDenied
from kivoucher.core.roles import Role
from kivoucher.organizations.gdpr import organisation_export_zip
from kivoucher.organizations.models import Organisation
from kivoucher.organizations.selectors import organisation_get_for_user, organisations_for_user
from kivoucher.organizations.services import organisation_update

router = Router()


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
