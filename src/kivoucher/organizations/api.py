from datetime import date
from decimal import Decimal

from ninja import Router, Schema

from kivoucher.core.errors import DomainError, NotFound, PermissionDenied
from kivoucher.organizations.models import Organisation
from kivoucher.organizations.selectors import organisation_get_for_user, organisations_for_user
from kivoucher.organizations.services import organisation_update
from kivoucher.programmes.eligibility import eligibility_check
from kivoucher.programmes.models import Programme

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


class RuleOut(Schema):
    code: str
    label: str
    passed: bool
    figures: dict
    explanation: str


class EligibilityOut(Schema):
    rule_set: str
    size_class: str
    passed: bool
    rules: list[RuleOut]


@router.get("", response=list[OrganisationOut], summary="Organisations the caller may see")
def list_organisations(request):
    return organisations_for_user(user=request.user).order_by("name")[:500]


@router.get("/{org_id}", response=OrganisationOut)
def get_organisation(request, org_id: int):
    return organisation_get_for_user(user=request.user, pk=org_id)


@router.patch(
    "/{org_id}",
    response=OrganisationOut,
    summary="Update the key figures of one's own organisation",
)
def patch_organisation(request, org_id: int, payload: OrganisationPatch):
    org = organisation_get_for_user(user=request.user, pk=org_id)
    if request.user.role == "auditor":
        raise PermissionDenied("Auditors read, they do not change.")
    fields = payload.model_dump(exclude_unset=True)
    not_nullable = [name for name, value in fields.items() if value is None and not _nullable(name)]
    if not_nullable:
        raise DomainError(f"May not be null: {', '.join(sorted(not_nullable))}.")
    return organisation_update(actor=request.user, organisation=org, **fields)


def _nullable(name: str) -> bool:
    return Organisation._meta.get_field(name).null


@router.get(
    "/{org_id}/eligibility",
    response=EligibilityOut,
    summary="Every eligibility rule applied, with its figures and result",
)
def get_eligibility(request, org_id: int, programme: str):
    org = organisation_get_for_user(user=request.user, pk=org_id)
    prog = Programme.objects.filter(code=programme).first()
    if prog is None:
        raise NotFound("Programme not found.")
    return eligibility_check(programme=prog, organisation=org).as_dict()
