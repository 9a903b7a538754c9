"""Horizontal bar chart: one bar per category, its value written beside it."""

from decimal import Decimal

from django.utils.translation import gettext as _

from kivoucher.reporting.svg.base import GRID, INK, PALETTE, Chart, done, esc, nice_max, svg_open
from kivoucher.reporting.tables import Table, display


def bar_chart(
    *,
    key: str,
    title: str,
    table: Table,
    label_column: str,
    value_column: str,
    description: str = "",
) -> Chart:
    labels = [str(v) for v in table.column_values(label_column)]
    values = [v for v in table.column_values(value_column)]
    kind = next(c.kind for c in table.columns if c.key == value_column)
    axis_label = next(c.label for c in table.columns if c.key == value_column)
    numbers = [float(v) for v in values if v is not None]
    top = nice_max(max(numbers, default=0))
    label_width = min(220, 14 + 7 * max((len(label) for label in labels), default=4))
    bar_area = 300
    row_h = 26
    width = label_width + bar_area + 130
    height = 40 + row_h * max(len(labels), 1) + 30
    description = description or _describe(labels, values, kind)
    head, tail = svg_open(
        width=width, height=height, title=title, description=description, key=key, css="bar"
    )
    parts = [head]
    x0 = label_width
    # grid and axis
    for i in range(5):
        x = x0 + bar_area * i / 4
        parts.append(
            f'<line x1="{x:.1f}" y1="30" x2="{x:.1f}" y2="{height - 30}" stroke="{GRID}" />'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{height - 14}" text-anchor="middle" fill="{INK}" '
            f'font-size="10">{esc(_tick(top * i / 4, kind))}</text>'
        )
    parts.append(
        f'<text x="{x0 + bar_area / 2:.1f}" y="20" text-anchor="middle" fill="{INK}" '
        f'font-weight="bold">{esc(axis_label)}</text>'
    )
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 34 + i * row_h
        parts.append(
            f'<text x="{x0 - 6}" y="{y + 15}" text-anchor="end" fill="{INK}">{esc(label)}</text>'
        )
        if value is None:
            parts.append(
                f'<text x="{x0 + 4}" y="{y + 15}" fill="{INK}" font-style="italic">'
                f"{esc(display(None, kind))}</text>"
            )
            continue
        w = bar_area * float(value) / top if top else 0
        parts.append(
            f'<rect x="{x0}" y="{y + 3}" width="{max(w, 1):.1f}" height="{row_h - 8}" '
            f'fill="{PALETTE[0]}"><title>{esc(label)}: {esc(display(value, kind))}</title></rect>'
        )
        parts.append(
            f'<text x="{x0 + w + 5:.1f}" y="{y + 15}" fill="{INK}">'
            f"{esc(display(value, kind))}</text>"
        )
    parts.append(tail)
    return Chart(key=key, title=title, description=description, svg=done(parts), table=table)


def _tick(value: float, kind: str) -> str:
    from kivoucher.reporting.svg.base import short_number

    return short_number(value) + (" €" if kind == "money" else "")


def _describe(labels, values, kind) -> str:
    shown = [(label, v) for label, v in zip(labels, values, strict=True) if v is not None]
    if not shown:
        return _("No data.")
    best = max(shown, key=lambda item: Decimal(item[1]))
    return _(
        "%(count)s categories; the highest value: %(label)s with %(value)s. "
        "The table next to the chart holds all values."
    ) % {"count": len(labels), "label": best[0], "value": display(best[1], kind)}
