"""Stacked horizontal bars: one bar per category, split into the parts that add up to
it (a programme line's budget: paid, committed, available). Narrow, for phones: each
label above its bar, the legend above the bars."""

import math
from decimal import Decimal

from django.utils.translation import gettext as _

from kivoucher.reporting.svg.axis import nice_ticks, text_width, tick_label, wrap
from kivoucher.reporting.svg.bar import BAR_HEIGHT, LINE_HEIGHT, NARROW_WIDTH, PAD, TEXT_SIZE
from kivoucher.reporting.svg.base import GRID, INK, PALETTE, Chart, done, esc, svg_open
from kivoucher.reporting.tables import COUNT, Table, display

TICK_SIZE = 12


def stacked_bar_chart(
    *,
    key: str,
    title: str,
    table: Table,
    label_column: str,
    series: list[str],
    description: str = "",
) -> Chart:
    """`series`: the numeric columns whose values add up to a bar, drawn left to right."""
    columns = {c.key: c for c in table.columns}
    kind = columns[series[0]].kind
    labels = [str(v) for v in table.column_values(label_column)]
    parts_of = [
        [Decimal(str(row[i] or 0)) for i in [list(columns).index(s) for s in series]]
        for row in table.rows
    ]
    totals = [sum(p, Decimal(0)) for p in parts_of]
    ticks = nice_ticks(max(totals, default=0), integer=kind == COUNT, intervals=2)
    top, step = ticks[-1], ticks[1] - ticks[0]
    tick_texts = [tick_label(t, step, kind) for t in ticks]
    width = NARROW_WIDTH
    x0 = PAD + text_width(tick_texts[0], TICK_SIZE) / 2
    right = text_width(tick_texts[-1], TICK_SIZE) / 2 + PAD
    area = width - x0 - right
    wrapped = [wrap(label, width - 2 * PAD, TEXT_SIZE) for label in labels]
    legend_rows = math.ceil(len(series) / 2)
    top_margin = 12 + legend_rows * 22
    rows = [len(lines) * LINE_HEIGHT + 4 + BAR_HEIGHT + 12 for lines, _cut in wrapped]
    height = top_margin + (sum(rows) or 28) + 24
    if not description:
        description = _describe(labels, totals, kind)
    head, tail = svg_open(
        width=width, height=height, title=title, description=description, key=key, css="bar"
    )
    out = [head]
    for n, series_key in enumerate(series):
        lx, ly = PAD + (n % 2) * (width / 2), 8 + (n // 2) * 22
        out.append(
            f'<rect x="{lx:.1f}" y="{ly}" width="16" height="16" fill="{PALETTE[n]}" />'
            f'<text x="{lx + 22:.1f}" y="{ly + 13}" fill="{INK}" font-size="{TEXT_SIZE}">'
            f"{esc(columns[series_key].label)}</text>"
        )
    for tick, text in zip(ticks, tick_texts, strict=True):
        x = x0 + area * float(tick / top)
        out.append(
            f'<line x1="{x:.1f}" y1="{top_margin}" x2="{x:.1f}" y2="{height - 20}" '
            f'stroke="{GRID}" />'
            f'<text class="tick" x="{x:.1f}" y="{height - 6}" text-anchor="middle" '
            f'fill="{INK}" font-size="{TICK_SIZE}">{esc(text)}</text>'
        )
    y = top_margin
    for label, (lines, cut), values, row_h in zip(labels, wrapped, parts_of, rows, strict=True):
        spans = "".join(
            f'<tspan x="{PAD}" y="{y + 13 + i * LINE_HEIGHT:.1f}">{esc(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        full = f"<title>{esc(label)}</title>" if cut else ""
        out.append(
            f'<text class="label" x="{PAD}" y="{y + 13:.1f}" fill="{INK}" '
            f'font-size="{TEXT_SIZE}" stroke="#ffffff" stroke-width="3" '
            f'paint-order="stroke">{full}{spans}</text>'
        )
        bar_y = y + len(lines) * LINE_HEIGHT + 4
        x = x0
        for n, (series_key, value) in enumerate(zip(series, values, strict=True)):
            w = area * float(value / top)
            if w <= 0:
                continue
            what = f"{label}, {columns[series_key].label}: {display(value, kind)}"
            out.append(
                f'<rect x="{x:.1f}" y="{bar_y:.1f}" width="{w:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{PALETTE[n]}" stroke="#ffffff" stroke-width="1">'
                f"<title>{esc(what)}</title></rect>"
            )
            x += w
        y += row_h
    out.append(tail)
    return Chart(key=key, title=title, description=description, svg=done(out), table=table)


def _describe(labels: list[str], totals: list[Decimal], kind: str) -> str:
    if not labels:
        return _("No data.")
    best = max(zip(labels, totals, strict=True), key=lambda item: item[1])
    return _(
        "%(count)s bars, each split into its parts; the largest: %(label)s with %(value)s. "
        "The table next to the chart holds all values."
    ) % {"count": len(labels), "label": best[0], "value": display(best[1], kind)}
