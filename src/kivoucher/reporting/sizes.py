"""Size class of an organisation in SQL (CASE WHEN) with the thresholds of the EU
SME definition in `programmes.eligibility` (the organisation's own figures; the
decision itself also counts linked and partner enterprises)."""

from kivoucher.programmes.eligibility import EU_SME_THRESHOLDS
from kivoucher.programmes.models import SizeClass


def _size_class_sql() -> str:
    whens = " ".join(
        f"WHEN o.employees < {staff} AND (o.annual_turnover <= {turnover} OR "
        f"o.balance_sheet_total <= {balance}) THEN '{size}'"
        for size, staff, turnover, balance in EU_SME_THRESHOLDS
    )
    return f"CASE {whens} ELSE '{SizeClass.LARGE}' END"


# The same CASE WHEN in SQL text, for raw queries over an organisation aliased `o`.
SIZE_CLASS_SQL = _size_class_sql()
