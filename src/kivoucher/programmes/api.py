from datetime import datetime
from decimal import Decimal

from ninja import Field, Router, Schema

from kivoucher.core.api_errors import api_errors
from kivoucher.core.errors import NotFound, PermissionDenied
from kivoucher.organizations.selectors import organisation_get_for_user
from kivoucher.programmes.eligibility import eligibility_check
from kivoucher.programmes.models import Call, Programme, ProjectCategory
from kivoucher.programmes.selectors import calls_with_budget_figures

router = Router()
# Operations on an organisation that need the programmes' rules: mounted below the
# organisations' router, so they keep their paths under /v1/organisations.
# Mounted under /v1/organisations by kivoucher/api.py: the eligibility of one organisation.
eligibility_router = Router()


class ProgrammeOut(Schema):
    code: str
    line: str
    name: str
    rule_set: str
    max_grant: Decimal
    rate_micro: Decimal
    rate_small: Decimal
    rate_medium: Decimal
    rate_large: Decimal
    payout_mode: str
    voucher_validity_months: int
    de_minimis_ceiling: Decimal


class CallOut(Schema):
    id: int
    programme: str
    name: str
    opens_at: datetime
    closes_at: datetime
    selection: str
    budget: Decimal = Field(description="The call's planned budget.")
    total: Decimal = Field(
        description="The call's funding in the ledger (available + committed + paid)."
    )
    available: Decimal = Field(description="Not yet committed to anybody.")
    committed: Decimal = Field(
        description="Promised (approved vouchers, compute vouchers, usage owed to data "
        "centres, payouts queued or in a SEPA batch) and not yet paid out by the bank."
    )
    paid: Decimal = Field(description="Paid out: payouts the bank has executed.")


class CategoryOut(Schema):
    code: str
    name: str
    name_en: str
    description: str


@router.get("", response=list[ProgrammeOut], auth=None, summary="The programme lines")
def list_programmes(request):
    return Programme.objects.all()


@router.get("/calls", response=list[CallOut], auth=None, summary="Calls with their budgets")
def list_calls(request):
    """The calls (newest first, at most 200) with their money figures from the ledger,
    defined as on the calls page, the dashboard and the public statistics."""
    calls = Call.objects.select_related("programme").order_by("-opens_at")[:200]
    return [
        {
            "id": f["call"].pk,
            "programme": f["call"].programme.code,
            "name": f["call"].name,
            "opens_at": f["call"].opens_at,
            "closes_at": f["call"].closes_at,
            "selection": f["call"].selection,
            "budget": f["budget"],
            "total": f["total"],
            "available": f["available"],
            "committed": f["committed"],
            "paid": f["paid"],
        }
        for f in calls_with_budget_figures(calls=calls)
    ]


@router.get(
    "/{code}/categories",
    response=list[CategoryOut],
    auth=None,
    summary="Eligible project categories (the annex)",
)
def list_categories(request, code: str):
    return ProjectCategory.objects.filter(programme__code=code, active=True)


class RuleOut(Schema):
    code: str
    label: str
    passed: bool
    figures: dict
    explanation: str
    help: str = Field(
        description="What the rule means and what to do when it is not met, in plain "
        "words in the language of the request (Accept-Language)"
    )


class EligibilityOut(Schema):
    rule_set: str
    size_class: str
    passed: bool
    rules: list[RuleOut]


@eligibility_router.get(
    "/{org_id}/eligibility",
    response=EligibilityOut,
    summary="Every eligibility rule applied, with its figures and result",
    operation_id="kivoucher_organizations_api_get_eligibility",  # its id before the move
)
def get_eligibility(request, org_id: int, programme: str):
    org = organisation_get_for_user(user=request.user, pk=org_id)
    prog = Programme.objects.filter(code=programme).first()
    if prog is None:
        raise NotFound("Programme not found.")
    return eligibility_check(programme=prog, organisation=org).as_dict(with_help=True)


def _deminimis_register(request, fmt: str):
    from kivoucher.programmes.views import deminimis_register_response

    if not request.user.sees_everything:
        raise PermissionDenied("Only programme staff export the de-minimis register.")
    return deminimis_register_response(fmt)


_REGISTER_DESCRIPTION = (
    "Every de-minimis award of the platform and every later reduction (negative "
    "amount, `award_reference` names the award), with the fields of the EU central "
    "register (Regulation (EU) 2023/2831): beneficiary ID (VAT ID, else the commercial "
    "register entry), name, aid measure, instrument, amount in EUR, date of granting, "
    "granting authority. Programme staff only."
)


@router.get(
    "/de-minimis-register.csv",
    response={200: None, **api_errors(401, 403)},
    summary="The de-minimis register as CSV",
    description=_REGISTER_DESCRIPTION,
    openapi_extra={
        "responses": {
            200: {
                "description": "The register as CSV (UTF-8, one header row)",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def deminimis_register_csv(request):
    return _deminimis_register(request, "csv")


@router.get(
    "/de-minimis-register.xlsx",
    response={200: None, **api_errors(401, 403)},
    summary="The de-minimis register as XLSX",
    description=_REGISTER_DESCRIPTION,
    openapi_extra={
        "responses": {
            200: {
                "description": "The register as an XLSX workbook (one sheet)",
                "content": {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                        "schema": {"type": "string", "format": "binary"}
                    }
                },
            }
        }
    },
)
def deminimis_register_xlsx(request):
    return _deminimis_register(request, "xlsx")
