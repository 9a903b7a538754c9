"""Server-rendered, accessible SVG charts (no JavaScript, no inline styles).

Every chart is `<svg role="img" aria-labelledby="<title id> <desc id>">` with a
<title> and a <desc>, labelled axes and values, and comes with the data table
it was drawn from (`Chart.table`): the page shows the table next to the picture.
Colours: the Okabe-Ito palette (safe for colour-blind readers), darkened where
needed so that marks reach 3:1 contrast against white.
"""

from kivoucher.reporting.svg.bar import bar_chart
from kivoucher.reporting.svg.base import Chart
from kivoucher.reporting.svg.line import line_chart
from kivoucher.reporting.svg.map import state_map
from kivoucher.reporting.svg.stacked import stacked_bar_chart

__all__ = ["Chart", "bar_chart", "line_chart", "stacked_bar_chart", "state_map"]
