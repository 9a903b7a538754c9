"""Size class of an organisation in SQL (CASE WHEN) with the thresholds of the EU
SME definition in `programmes.eligibility` (the organisation's own figures; the
decision itself also counts linked and partner enterprises)."""

from django.db.models import Case, CharField, Q, Value, When

from kivoucher.programmes.eligibility import EU_SME_THRESHOLDS
from kivoucher.programmes.models import SizeClass


def size_class_expression(prefix: str = "organisation__"):
    whens = [
        When(
            Q(**{f"{prefix}employees__lt": staff})
            & (
                Q(**{f"{prefix}annual_turnover__lte": turnover})
                | Q(**{f"{prefix}balance_sheet_total__lte": balance})
            ),
            then=Value(str(size)),
        )
        for size, staff, turnover, balance in EU_SME_THRESHOLDS
    ]
    return Case(*whens, default=Value(str(SizeClass.LARGE)), output_field=CharField())


SIZE_CLASS_SQL = "; ".join(
    f"{size}: employees < {staff} and (turnover <= {turnover} or balance sheet <= {balance})"
    for size, staff, turnover, balance in EU_SME_THRESHOLDS
)
