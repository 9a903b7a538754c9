from dataclasses import dataclass
from decimal import Decimal
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kivoucher.reporting.tables import Table

# Okabe-Ito, each at >= 3:1 against white (WCAG 1.4.11 for graphical objects).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#7A6500", "#56407A", "#8A4B00"]
INK = "#1b1b1b"
GRID = "#c9ced6"
_ids = count(1)


@dataclass
class Chart:
    key: str
    title: str
    description: str
    svg: SafeString
    table: Table


def new_id(prefix: str) -> str:
    return f"{prefix}-{next(_ids)}"


def esc(text) -> str:
    return str(escape(str(text)))


def svg_open(
    *, width: float, height: float, title: str, description: str, key: str, css: str = ""
) -> tuple[str, str]:
    """The opening of an accessible SVG and its closing tag."""
    tid, did = new_id(f"{key}-title"), new_id(f"{key}-desc")
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {esc(css)}" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'aria-labelledby="{tid} {did}" font-family="DejaVu Sans, Arial, sans-serif" '
        f'font-size="12" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{tid}">{esc(title)}</title><desc id="{did}">{esc(description)}</desc>'
    )
    return head, "</svg>"


def done(parts: list[str]) -> SafeString:
    return mark_safe("".join(parts))  # noqa: S308 - every text part went through esc()


def nice_max(value: Decimal | float) -> float:
    """A round axis maximum at or above `value`."""
    value = float(value)
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10.0 * magnitude


def short_number(value: float) -> str:
    """12.5 Mio. / 350 Tsd. for axis ticks (German)."""
    value = float(value)
    if abs(value) >= 1_000_000:
        text = f"{value / 1_000_000:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") + "\u00a0Mio."
    if abs(value) >= 10_000:
        return f"{value / 1_000:.0f}\u00a0Tsd."
    return f"{value:,.0f}".replace(",", ".")
