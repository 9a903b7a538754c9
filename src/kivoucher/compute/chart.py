"""A server-rendered, accessible SVG bar chart of usage per day, stacked by resource."""

from collections import OrderedDict, defaultdict
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from kivoucher.core.money import format_eur

COLOURS = ["#1f5fa8", "#d9822b", "#2e8540", "#8e44ad", "#c0392b", "#5d6d7e"]
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 240, 70, 40, 16


def usage_chart_svg(rows: list[dict], *, title: str) -> str:
    """rows: [{"day", "resource", "charged"}] sorted by day."""
    days: OrderedDict = OrderedDict()
    resources: list[str] = []
    for row in rows:
        days.setdefault(row["day"], defaultdict(Decimal))[row["resource"]] += row["charged"]
        if row["resource"] not in resources:
            resources.append(row["resource"])
    desc = _("Charged euros per day, stacked by resource; the table below lists the values.")
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
    slot = plot_w / len(days)
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
    step = max(1, len(days) // 8)
    for i, (day, values) in enumerate(days.items()):
        x = LEFT + i * slot + (slot - bar) / 2
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
                f'fill="{colour}"><title>{escape(str(day))} {escape(resource)}: '
                f"{escape(format_eur(value))}</title></rect>"
            )
        if i % step == 0:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{TOP + plot_h + 14}" text-anchor="middle" '
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
