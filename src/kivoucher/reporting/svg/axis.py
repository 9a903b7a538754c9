"""Axis ticks, their labels, and the width of a text line: pure functions for the charts.

`nice_ticks` gives 0 and evenly spaced ticks up to (at least) the maximum with a step of
1, 2 or 5 times a power of ten, whole numbers for counts, so that no value repeats or
is skipped on the axis. `tick_label` writes a tick with as many decimals as its step
needs, so that the labels of one axis differ. `text_width` estimates how wide a line
is drawn (DejaVu Sans, the charts' first font; Arial is narrower), for fitting labels.
"""

from decimal import ROUND_CEILING, Decimal

from kivoucher.reporting.svg.base import short_number
from kivoucher.reporting.tables import MONEY

STEPS = (1, 2, 5, 10)


def nice_ticks(maximum, *, integer: bool = False, intervals: int = 4) -> list[Decimal]:
    """[0, step, 2 * step, ...] up to the first tick at or above `maximum`, with at most
    `intervals` steps; the step is 1, 2 or 5 times a power of ten, and at least 1 when
    `integer` (counts)."""
    top = Decimal(str(maximum)) if maximum and maximum > 0 else Decimal(0)
    if top == 0:
        step = Decimal(1)
    else:
        raw = top / intervals
        power = Decimal(1).scaleb(raw.adjusted())  # 10 ** floor(log10(raw))
        step = next(f * power for f in STEPS if f * power >= raw)
        if integer and step < 1:
            step = Decimal(1)
        step = step.normalize()
    count = max(1, int((top / step).to_integral_value(rounding=ROUND_CEILING)))
    return [step * i for i in range(count + 1)]


def tick_label(value: Decimal, step: Decimal, kind: str) -> str:
    """A tick as written on the axis (German): whole steps as 12.500 / 350 Tsd. /
    1,5 Mio., fractional steps with the decimals the step has (0,5 / 0,25)."""
    decimals = max(0, -Decimal(step).normalize().as_tuple().exponent)
    if decimals == 0:
        text = short_number(value)
    else:
        text = f"{Decimal(value):,.{decimals}f}"
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text + ("\u00a0€" if kind == MONEY else "")


# Advance widths of DejaVu Sans in em (the widest of the charts' fonts).
_NARROW = set("ijlI|.,:;'!`")
_SEMI = set("frt()[]{}-/ \u00a0\u2009")
_WIDE = set("mwMW@%—…")


def text_width(text: str, size: float) -> float:
    """The width of `text` drawn at font size `size`, estimated generously."""
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.32
        elif char in _SEMI:
            em += 0.42
        elif char in _WIDE:
            em += 1.0
        elif char.isupper():
            em += 0.78
        else:
            em += 0.64
    return em * size


def wrap(text: str, width: float, size: float, *, lines: int = 2) -> tuple[list[str], bool]:
    """`text` broken at spaces into at most `lines` lines no wider than `width`; if it
    does not fit, the last line shown ends in an ellipsis (and True is returned)."""
    words = text.split()
    result: list[str] = []
    i = 0
    while i < len(words) and len(result) < lines:
        line, i = words[i], i + 1
        while i < len(words) and text_width(f"{line} {words[i]}", size) <= width:
            line, i = f"{line} {words[i]}", i + 1
        result.append(line)
    too_wide = [n for n, line in enumerate(result) if text_width(line, size) > width]
    if i >= len(words) and not too_wide:
        return result or [""], False
    result = result[: too_wide[0] + 1] if too_wide else result
    last = result[-1]
    while last and text_width(last + "…", size) > width:
        last = last[:-1].rstrip()
    result[-1] = last + "…"
    return result, True
