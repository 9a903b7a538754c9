"""Line chart over time: one line per series (e.g. budget available, committed, paid)."""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from kivoucher.reporting.svg.axis import nice_ticks, tick_label
from kivoucher.reporting.svg.base import (
    GRID,
    INK,
    PALETTE,
    Chart,
    done,
    esc,
    svg_open,
)
from kivoucher.reporting.tables import COUNT, Table, display

DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4"]


def line_chart(
    *,
    key: str,
    title: str,
    table: Table,
    x_column: str,
    series: list[str],
    description: str = "",
) -> Chart:
    """`table` rows are ordered by `x_column` (dates); `series` are numeric columns."""
    columns = {c.key: c for c in table.columns}
    xs: list[date] = table.column_values(x_column)
    width, height = 640, 300
    left, right, top_pad, bottom = 80, 20, 20, 80
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    all_values = [Decimal(str(v)) for s in series for v in table.column_values(s) if v is not None]
    kind = columns[series[0]].kind
    y_ticks = nice_ticks(max(all_values, default=0), integer=kind == COUNT)
    top, step = y_ticks[-1], y_ticks[1] - y_ticks[0]
    if not description:
        description = _describe(table, x_column, series)
    head, tail = svg_open(
        width=width, height=height, title=title, description=description, key=key, css="line"
    )
    parts = [head]
    for value in y_ticks:
        y = top_pad + plot_h - plot_h * float(value / top)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}" />'
        )
        parts.append(
            f'<text class="tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{INK}" '
            f'font-size="12">{esc(tick_label(value, step, kind))}</text>'
        )
    if xs:
        first, last = xs[0].toordinal(), xs[-1].toordinal()
        span = max(last - first, 1)

        def px(day: date) -> float:
            return left + plot_w * (day.toordinal() - first) / span

        def py(value) -> float:
            return top_pad + plot_h - plot_h * float(Decimal(str(value)) / top)

        ticks = _ticks(xs)
        for i, day in enumerate(ticks):
            x = px(day)
            anchor = "end" if i == len(ticks) - 1 and len(ticks) > 1 else "middle"
            parts.append(
                f'<text x="{x:.1f}" y="{top_pad + plot_h + 16}" text-anchor="{anchor}" '
                f'fill="{INK}" font-size="12">{esc(day.strftime("%d.%m.%y"))}</text>'
            )
        for n, key_ in enumerate(series):
            values = table.column_values(key_)
            points = [(px(d), py(v)) for d, v in zip(xs, values, strict=True) if v is not None]
            colour = PALETTE[n % len(PALETTE)]
            dash = DASHES[n % len(DASHES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            if len(points) == 1:
                (x, y) = points[0]
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}" />')
            elif points:
                coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
                parts.append(
                    f'<polyline points="{coords}" fill="none" stroke="{colour}" '
                    f'stroke-width="2.5"{dash_attr} />'
                )
            # legend: line sample and the label, below the plot
            lx = left + (n % 3) * 180
            ly = top_pad + plot_h + 36 + (n // 3) * 16
            parts.append(
                f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 24}" y2="{ly - 4}" stroke="{colour}" '
                f'stroke-width="2.5"{dash_attr} />'
            )
            parts.append(
                f'<text x="{lx + 30}" y="{ly}" fill="{INK}">{esc(columns[key_].label)}</text>'
            )
    else:
        empty = esc(_("No data."))
        parts.append(
            f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="{INK}">'
            f"{empty}</text>"
        )
    parts.append(tail)
    return Chart(key=key, title=title, description=description, svg=done(parts), table=table)


def _ticks(xs: list[date], count: int = 5) -> list[date]:
    if len(xs) <= count:
        return list(xs)
    step = (len(xs) - 1) / (count - 1)
    return [xs[round(i * step)] for i in range(count)]


def _describe(table: Table, x_column: str, series: list[str]) -> str:
    xs = table.column_values(x_column)
    if not xs:
        return _("No data.")
    columns = {c.key: c for c in table.columns}
    ends = []
    for key in series:
        values = [v for v in table.column_values(key) if v is not None]
        if values:
            ends.append(f"{columns[key].label}: {display(values[-1], columns[key].kind)}")
    return _("From %(start)s to %(end)s. Last values: %(values)s.") % {
        "start": display(xs[0], "date"),
        "end": display(xs[-1], "date"),
        "values": "; ".join(ends),
    }
