from datetime import datetime
from decimal import Decimal

from ninja import Router, Schema

from kivoucher.programmes.models import Call, Programme, ProjectCategory
from kivoucher.programmes.selectors import calls_with_budget_figures

router = Router()


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
    budget: Decimal
    available: Decimal
    committed: Decimal


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
    calls = Call.objects.select_related("programme").order_by("-opens_at")[:200]
    return [
        {
            "id": f["call"].pk,
            "programme": f["call"].programme.code,
            "name": f["call"].name,
            "opens_at": f["call"].opens_at,
            "closes_at": f["call"].closes_at,
            "selection": f["call"].selection,
            "budget": f["total"],
            "available": f["available"],
            "committed": f["committed"],
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
