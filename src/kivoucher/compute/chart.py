"""A server-rendered, accessible SVG bar chart of usage per day, stacked by resource."""

from collections import OrderedDict, defaultdict
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from kivoucher.core.money import format_eur

COLOURS = ["#1f5fa8", "#d9822b", "#2e8540", "#8e44ad", "#c0392b", "#5d6d7e"]
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 240, 70, 40, 16
PLOT_W = WIDTH - LEFT - 10
LABEL_GAP = 44  # px between the centres of two day labels


def day_x(day: date, *, first: date, span: int) -> float:
    """The left edge of a day's bar: proportional to the days since `first` (of `span`
    calendar days shown), so that the axis is time, not the list of days with usage."""
    slot = PLOT_W / span
    return LEFT + (day - first).days * slot + (slot - max(2.0, slot * 0.7)) / 2


def usage_chart_svg(rows: list[dict], *, title: str) -> str:
    """rows: [{"day", "resource", "charged"}] sorted by day. The x axis is proportional
    to time: every calendar day from the first to the last has its slot."""
    days: OrderedDict = OrderedDict()
    resources: list[str] = []
    for row in rows:
        days.setdefault(row["day"], defaultdict(Decimal))[row["resource"]] += row["charged"]
        if row["resource"] not in resources:
            resources.append(row["resource"])
    desc = _(
        "Charged euros per day, stacked by resource, on a time axis (days without usage "
        "are gaps); the table below lists the values."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + 30}" '
        f'role="img" aria-labelledby="chart-title chart-desc" class="chart">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(desc)}</desc>',
    ]
    if not days:
        parts.append(
            f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle">'
            f"{escape(_('No usage yet.'))}</text></svg>"
        )
        return "".join(parts)
    peak = max(sum(v.values()) for v in days.values()) or Decimal(1)
    plot_w, plot_h = WIDTH - LEFT - 10, HEIGHT - BOTTOM - TOP
    first, last = min(days), max(days)
    span = (last - first).days + 1  # calendar days shown: a gap of six days looks like one
    slot = plot_w / span
    bar = max(2.0, slot * 0.7)
    parts.append(
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - 10}" y2="{TOP + plot_h}" '
        'stroke="#333"/>'
    )
    parts.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#333"/>')
    for fraction in (Decimal(0), Decimal("0.5"), Decimal(1)):
        y = TOP + plot_h - float(fraction) * plot_h
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">'
            f"{escape(format_eur(peak * fraction))}</text>"
        )
    labelled_until = float("-inf")
    for day, values in days.items():
        x = day_x(day, first=first, span=span)
        y = TOP + plot_h
        for resource in resources:
            value = values.get(resource, Decimal(0))
            if not value:
                continue
            h = float(value / peak) * plot_h
            y -= h
            colour = COLOURS[resources.index(resource) % len(COLOURS)]
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{colour}"><title>{day:%d.%m.%Y} {escape(resource)}: '
                f"{escape(format_eur(value))}</title></rect>"
            )
        centre = x + bar / 2
        if centre - labelled_until >= LABEL_GAP:  # labels of close days would overlap
            labelled_until = centre
            parts.append(
                f'<text x="{centre:.1f}" y="{TOP + plot_h + 14}" text-anchor="middle" '
                f'font-size="10">{day:%d.%m.}</text>'
            )
    for i, resource in enumerate(resources):
        colour = COLOURS[i % len(COLOURS)]
        lx = LEFT + i * 140
        parts.append(
            f'<rect x="{lx}" y="{HEIGHT + 8}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{lx + 16}" y="{HEIGHT + 18}" font-size="12">{escape(resource)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
