"""Bar chart axes and labels (issue 21.23): "nice" distinct ticks that cover the data,
whole numbers for counts, labels that fit, text large enough to read."""

from decimal import Decimal

from defusedxml import ElementTree
from hypothesis import given
from hypothesis import strategies as st

from kivoucher.reporting.svg import bar_chart
from kivoucher.reporting.svg.axis import nice_ticks, text_width, tick_label
from kivoucher.reporting.tables import COUNT, MONEY, PERCENT, Column, Table

NS = "{http://www.w3.org/2000/svg}"
MIN_FONT = 12
# The widest a chart may be and still be shown 1:1 (unscaled) in the page's content
# column (72rem less the padding, site.css), so that its font sizes are rendered sizes.
CONTENT_WIDTH = 1120

amounts = st.decimals(min_value=0, max_value=Decimal("1e12"), places=2)


@given(maximum=amounts, integer=st.booleans())
def test_ticks_are_increasing_distinct_evenly_spaced_and_cover_the_maximum(maximum, integer):
    ticks = nice_ticks(maximum, integer=integer)
    assert ticks[0] == 0 and ticks[-1] >= maximum
    assert 2 <= len(ticks) <= 5
    assert all(a < b for a, b in zip(ticks, ticks[1:], strict=False))
    step = ticks[1] - ticks[0]
    assert all(b - a == step for a, b in zip(ticks, ticks[1:], strict=False))
    mantissa = step.scaleb(-step.adjusted())
    assert mantissa in (1, 2, 5)  # 1, 2 or 5 times a power of ten
    if integer:
        assert all(t == t.to_integral_value() for t in ticks)
    for kind in (MONEY, COUNT, PERCENT):
        labels = [tick_label(t, step, kind) for t in ticks]
        assert len(set(labels)) == len(labels), labels


@given(maximum=st.integers(min_value=0, max_value=10**9))
def test_count_ticks_are_whole_numbers(maximum):
    ticks = nice_ticks(maximum, integer=True)
    assert all(t == int(t) for t in ticks) and ticks[-1] >= maximum


def test_small_counts_get_every_whole_number_once():
    assert nice_ticks(3, integer=True) == [0, 1, 2, 3]
    assert [tick_label(t, Decimal(1), COUNT) for t in nice_ticks(3, integer=True)] == [
        "0",
        "1",
        "2",
        "3",
    ]
    assert nice_ticks(0, integer=True) == [0, 1]
    assert nice_ticks(Decimal("1.20")) == [0, Decimal("0.5"), Decimal("1.0"), Decimal("1.5")]


def _chart(labels, values, kind=COUNT):
    table = Table(
        "t",
        "Test",
        [Column("label", "Label"), Column("value", "Value", kind)],
        list(zip(labels, values, strict=True)),
    )
    return bar_chart(key="t", title="Test", table=table, label_column="label", value_column="value")


def _texts(svg: str):
    root = ElementTree.fromstring(svg)
    base = float(root.get("font-size"))
    return root, [
        (t, float(t.get("font-size", base)), "".join(t.itertext())) for t in root.iter(f"{NS}text")
    ]


def _axis_ticks(svg: str) -> list[str]:
    root, texts = _texts(svg)
    return [text for t, _size, text in texts if t.get("class") == "tick"]


def test_an_empty_table_gives_an_empty_chart_with_an_axis():
    assert _axis_ticks(str(_chart([], []).svg)) == ["0", "1"]


def test_a_count_axis_shows_each_tick_once():
    ticks = _axis_ticks(str(_chart(["a", "b", "c"], [3, 1, 2]).svg))
    assert ticks == ["0", "1", "2", "3"]


def _extent(element, size, text):
    x, w = float(element.get("x")), text_width(text, size)
    anchor = element.get("text-anchor", "start")
    left = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
    return left, left + w


def test_long_labels_are_wrapped_or_shortened_inside_the_chart_with_their_full_text():
    long = "Herstellung von Datenverarbeitungsgeräten, elektronischen und optischen Erzeugnissen"
    labels = [long, "Baugewerbe", "W" * 60]
    root, texts = _texts(str(_chart(labels, [5, 12, 7_000_000]).svg))
    width = float(root.get("width"))
    assert width <= CONTENT_WIDTH
    assert all(size >= MIN_FONT for _t, size, _text in texts)
    shown = []
    for element, size, _text in texts:
        lines = element.findall(f"{NS}tspan")
        for line in lines or [element]:
            text = line.text or ""
            left, right = _extent(line if lines else element, size, text)
            assert left >= 0 and right <= width, (text, left, right, width)
        if element.get("class") == "label":
            title = element.find(f"{NS}title")
            full = " ".join(line.text for line in lines)
            shown.append(title.text if title is not None else full)
            if title is not None:
                assert full.endswith("…")
    assert shown == labels


def test_the_line_chart_axis_uses_the_same_ticks():
    from datetime import date

    from kivoucher.reporting.svg import line_chart
    from kivoucher.reporting.tables import DATE

    table = Table(
        "l",
        "Line",
        [Column("day", "Day", DATE), Column("n", "Count", COUNT)],
        [(date(2026, 1, 1), 1), (date(2026, 1, 2), 3)],
    )
    svg = str(line_chart(key="l", title="L", table=table, x_column="day", series=["n"]).svg)
    assert _axis_ticks(svg) == ["0", "1", "2", "3"]
    _root, texts = _texts(svg)
    assert all(size >= MIN_FONT for _t, size, _text in texts)
