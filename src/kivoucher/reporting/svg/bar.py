"""Horizontal bar chart: one bar per category, its value written beside it."""

import math
from decimal import Decimal

from django.utils.translation import gettext as _

from kivoucher.reporting.svg.axis import nice_ticks, text_width, tick_label, wrap
from kivoucher.reporting.svg.base import GRID, INK, PALETTE, Chart, done, esc, svg_open
from kivoucher.reporting.tables import COUNT, Table, display

# Font sizes in px; the chart is drawn 1:1 where the page has room for its width (the
# dashboard shows each chart across the content column, reporting.css).
TEXT_SIZE = 13
TICK_SIZE = 12
LINE_HEIGHT = 16
LABEL_MAX = 220  # wider labels wrap onto a second line, then are shortened (with a title)
BAR_AREA = 360
PAD = 8


def bar_chart(
    *,
    key: str,
    title: str,
    table: Table,
    label_column: str,
    value_column: str,
    description: str = "",
    missing: str = "",
    narrow: bool = False,
) -> Chart:
    """`missing`: the text written for an empty (suppressed) value instead of "–";
    `narrow`: each label above its bar, about 360 px wide (for phones)."""
    labels = [str(v) for v in table.column_values(label_column)]
    values = [v for v in table.column_values(value_column)]
    kind = next(c.kind for c in table.columns if c.key == value_column)
    axis_label = str(next(c.label for c in table.columns if c.key == value_column))
    if narrow:
        return _narrow_bar_chart(
            key=key,
            title=title,
            table=table,
            labels=labels,
            values=values,
            kind=kind,
            axis_label=axis_label,
            description=description,
            missing=missing,
        )
    numbers = [Decimal(str(v)) for v in values if v is not None]
    ticks = nice_ticks(max(numbers, default=0), integer=kind == COUNT)
    top, step = ticks[-1], ticks[1] - ticks[0]
    tick_texts = [tick_label(t, step, kind) for t in ticks]
    wrapped = [wrap(label, LABEL_MAX, TEXT_SIZE) for label in labels]
    label_area = max(
        (text_width(line, TEXT_SIZE) for lines, _cut in wrapped for line in lines), default=0
    )
    x0 = PAD + min(LABEL_MAX, label_area) + PAD
    shown = [display(v, kind, missing or "–") for v in values]
    value_area = max((text_width(text, TEXT_SIZE) for text in shown), default=0) + 5
    right = max(value_area, text_width(tick_texts[-1], TICK_SIZE) / 2) + PAD
    width = math.ceil(x0 + BAR_AREA + right)
    rows = [max(28, len(lines) * LINE_HEIGHT + 10) for lines, _cut in wrapped]
    top_margin, bottom_margin = 30, 30
    height = top_margin + (sum(rows) or 28) + bottom_margin
    description = description or _describe(labels, values, kind)
    head, tail = svg_open(
        width=width, height=height, title=title, description=description, key=key, css="bar"
    )
    parts = [head]
    parts += _grid(
        ticks, tick_texts, x0, BAR_AREA, top_margin, height - bottom_margin + 4, height - 10
    )
    axis_w = text_width(axis_label, TEXT_SIZE)
    axis_x = min(max(x0 + BAR_AREA / 2, axis_w / 2), width - axis_w / 2)
    parts.append(
        f'<text x="{axis_x:.1f}" y="20" text-anchor="middle" fill="{INK}" '
        f'font-size="{TEXT_SIZE}" font-weight="bold">{esc(axis_label)}</text>'
    )
    y = top_margin
    for label, (lines, cut), value, text, row_h in zip(
        labels, wrapped, values, shown, rows, strict=True
    ):
        middle = y + row_h / 2
        first = middle - (len(lines) - 1) * LINE_HEIGHT / 2 + 4.5
        spans = "".join(
            f'<tspan x="{x0 - PAD:.1f}" y="{first + i * LINE_HEIGHT:.1f}">{esc(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        full = f"<title>{esc(label)}</title>" if cut else ""
        parts.append(
            f'<text class="label" x="{x0 - PAD:.1f}" y="{first:.1f}" text-anchor="end" '
            f'fill="{INK}" font-size="{TEXT_SIZE}">{full}{spans}</text>'
        )
        parts.append(
            _bar(label, text, value, x0, BAR_AREA / float(top), y + 4, row_h - 8, middle + 4.5)
        )
        y += row_h
    parts.append(tail)
    return Chart(key=key, title=title, description=description, svg=done(parts), table=table)


NARROW_WIDTH = 360
BAR_HEIGHT = 16


def _narrow_bar_chart(
    *, key, title, table, labels, values, kind, axis_label, description, missing
) -> Chart:
    """Labels on their own line above each bar, so that the bars get the whole width:
    a picture that a phone shows (nearly) at its own size."""
    numbers = [Decimal(str(v)) for v in values if v is not None]
    ticks = nice_ticks(max(numbers, default=0), integer=kind == COUNT, intervals=2)
    top, step = ticks[-1], ticks[1] - ticks[0]
    tick_texts = [tick_label(t, step, kind) for t in ticks]
    shown = [display(v, kind, missing or "–") for v in values]
    value_area = (
        max(
            (text_width(t, TEXT_SIZE) for t, v in zip(shown, values, strict=True) if v is not None),
            default=0,
        )
        + 6
    )
    right = max(value_area, text_width(tick_texts[-1], TICK_SIZE) / 2) + PAD
    x0 = PAD + text_width(tick_texts[0], TICK_SIZE) / 2
    missing_w = max(
        (text_width(t, TEXT_SIZE) for t, v in zip(shown, values, strict=True) if v is None),
        default=0,
    )
    width = max(NARROW_WIDTH, math.ceil(PAD + 160 + right), math.ceil(x0 + 4 + missing_w + PAD))
    area = width - x0 - right
    wrapped = [wrap(label, width - 2 * PAD, TEXT_SIZE) for label in labels]
    rows = [len(lines) * LINE_HEIGHT + 4 + BAR_HEIGHT + 10 for lines, _cut in wrapped]
    top_margin, bottom_margin = 30, 24
    height = top_margin + (sum(rows) or 28) + bottom_margin
    description = description or _describe(labels, values, kind)
    head, tail = svg_open(
        width=width, height=height, title=title, description=description, key=key, css="bar"
    )
    parts = [head]
    parts += _grid(ticks, tick_texts, x0, area, top_margin, height - bottom_margin + 4, height - 6)
    parts.append(
        f'<text x="{PAD}" y="20" fill="{INK}" font-size="{TEXT_SIZE}" '
        f'font-weight="bold">{esc(axis_label)}</text>'
    )
    y = top_margin
    for label, (lines, cut), value, text, row_h in zip(
        labels, wrapped, values, shown, rows, strict=True
    ):
        spans = "".join(
            f'<tspan x="{PAD}" y="{y + 13 + i * LINE_HEIGHT:.1f}">{esc(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        full = f"<title>{esc(label)}</title>" if cut else ""
        parts.append(
            f'<text class="label" x="{PAD}" y="{y + 13:.1f}" fill="{INK}" '
            f'font-size="{TEXT_SIZE}" stroke="#ffffff" stroke-width="3" '
            f'paint-order="stroke">{full}{spans}</text>'
        )
        bar_y = y + len(lines) * LINE_HEIGHT + 4
        middle = bar_y + BAR_HEIGHT / 2 + 4.5
        parts.append(_bar(label, text, value, x0, area / float(top), bar_y, BAR_HEIGHT, middle))
        y += row_h
    parts.append(tail)
    return Chart(key=key, title=title, description=description, svg=done(parts), table=table)


def _grid(ticks, tick_texts, x0, area, y_top, y_bottom, label_y) -> list[str]:
    """The vertical grid lines and their tick labels under the bars."""
    top = ticks[-1]
    parts = []
    for tick, text in zip(ticks, tick_texts, strict=True):
        x = x0 + area * float(tick / top)
        parts.append(
            f'<line x1="{x:.1f}" y1="{y_top}" x2="{x:.1f}" y2="{y_bottom}" stroke="{GRID}" />'
            f'<text class="tick" x="{x:.1f}" y="{label_y}" text-anchor="middle" '
            f'fill="{INK}" font-size="{TICK_SIZE}">{esc(text)}</text>'
        )
    return parts


def _bar(label, text, value, x0, scale, bar_y, bar_h, text_y) -> str:
    """One bar with its value beside it, or the words of a missing value instead."""
    if value is None:
        return (
            f'<text class="value" x="{x0 + 4:.1f}" y="{text_y:.1f}" fill="{INK}" '
            f'font-size="{TEXT_SIZE}" font-style="italic">{esc(text)}</text>'
        )
    w = max(0.0, scale * float(Decimal(str(value))))
    return (
        f'<rect x="{x0:.1f}" y="{bar_y:.1f}" width="{max(w, 1):.1f}" '
        f'height="{bar_h}" fill="{PALETTE[0]}">'
        f"<title>{esc(label)}: {esc(text)}</title></rect>"
        f'<text class="value" x="{x0 + w + 5:.1f}" y="{text_y:.1f}" '
        f'fill="{INK}" font-size="{TEXT_SIZE}">{esc(text)}</text>'
    )


def _describe(labels, values, kind) -> str:
    shown = [(label, v) for label, v in zip(labels, values, strict=True) if v is not None]
    if not shown:
        return _("No data.")
    best = max(shown, key=lambda item: Decimal(item[1]))
    return _(
        "%(count)s categories; the highest value: %(label)s with %(value)s. "
        "The table next to the chart holds all values."
    ) % {"count": len(labels), "label": best[0], "value": display(best[1], kind)}
