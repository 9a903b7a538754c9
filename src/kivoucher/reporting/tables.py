"""A report table: the one shape every figure takes on its way to the page, a
chart's data table, CSV, XLSX, PDF and the open-data JSON."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from kivoucher.core.money import CENT, ZERO, format_eur

TEXT, MONEY, COUNT, PERCENT, DATE, DAYS = "text", "money", "count", "percent", "date", "days"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT

    @property
    def numeric(self) -> bool:
        return self.kind in {MONEY, COUNT, PERCENT, DAYS}


@dataclass
class Table:
    """`rows` are tuples in column order; None is an empty (or suppressed) cell."""

    key: str
    title: str
    columns: list[Column]
    rows: list[tuple] = field(default_factory=list)
    note: str = ""

    def __post_init__(self):
        # Money in cents whatever the database returned for a SUM (SQLite: 6000).
        money = [i for i, c in enumerate(self.columns) if c.kind == MONEY]
        if money:
            self.rows = [
                tuple(
                    Decimal(v).quantize(CENT) if i in money and v is not None else v
                    for i, v in enumerate(row)
                )
                for row in self.rows
            ]

    def as_dicts(self) -> list[dict]:
        keys = [c.key for c in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in self.rows]

    def column_values(self, key: str) -> list:
        index = [c.key for c in self.columns].index(key)
        return [row[index] for row in self.rows]

    def display_rows(self, placeholder: str = "–") -> list[list[tuple[str, bool]]]:
        """Each cell as (text, numeric) for the HTML table."""
        return [
            [
                (display(value, col.kind, placeholder), col.numeric)
                for col, value in zip(self.columns, row, strict=True)
            ]
            for row in self.rows
        ]


def display(value, kind: str, placeholder: str = "–") -> str:
    if value is None:
        return placeholder
    if kind == MONEY:
        return format_eur(Decimal(value))
    if kind == COUNT:
        return f"{int(value):,}".replace(",", ".")
    if kind == PERCENT:
        return f"{Decimal(value):.1f}".replace(".", ",") + "\u00a0%"
    if kind == DAYS:
        return f"{Decimal(value):.1f}".replace(".", ",")
    if kind == DATE and isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def jsonable(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def status_table(key: str, title: str, *, noun: str, labels: dict, rows) -> Table:
    """Count and amount per status: `rows` of (status, count, amount), each status
    shown by its label; `noun` heads the count column ("Payouts")."""
    return Table(
        key,
        title,
        [
            Column("status", _("Status")),
            Column("count", noun, COUNT),
            Column("amount", _("Amount"), MONEY),
        ],
        [(str(labels.get(s, s)), n, a or ZERO) for s, n, a in rows],
    )
