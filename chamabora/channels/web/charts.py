"""Charts drawn on the server as SVG shapes (no chart script: the CSP allows
none inline and a phone need not run one). This module only places bars and
points; the template draws them, styled by classes in web.css, each chart
with a <title> and a table of the same figures beside it."""
from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 320, 160
LEFT, BOTTOM, TOP = 44, 22, 10


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]           # filled bars (what was)
    outlines: list[Bar]       # outlined bars (what was expected), may be empty
    points: str               # a line's "x,y x,y ...", may be empty
    ticks: list[tuple[float, str]]   # (y, words) of the value axis
    labels: list[tuple[float, str]]  # (x, words) under each slot
    base: float               # the y of zero


def _scale(top_value: int) -> int:
    """A round top for the value axis: 1, 2 or 5 times a power of ten, at least the largest value."""
    top, step = 1, 1
    while top < top_value:
        for factor in (2, 5, 10):
            if step * factor >= top_value:
                return step * factor
        step *= 10
        top = step
    return top


def chart(labels: list[str], values: list[int], expected: list[int] | None = None, line: bool = False,
          money=str) -> Chart:  # type: ignore[no-untyped-def]
    """`values` as bars (or a line), `expected` as outlined bars behind them; `money` words a value."""
    highest = _scale(max([1, *values, *(expected or [])]))
    inner_h, inner_w = HEIGHT - BOTTOM - TOP, WIDTH - LEFT - 4
    slot = inner_w / max(1, len(values))
    base = TOP + inner_h

    def y(value: int) -> float:
        return round(base - inner_h * max(value, 0) / highest, 1)

    def bar(i: int, value: int, narrow: float) -> Bar:
        return Bar(round(LEFT + i * slot + slot * narrow / 2, 1), y(value), round(slot * (1 - narrow), 1),
                   round(base - y(value), 1), labels[i])

    bars = [] if line else [bar(i, v, 0.4) for i, v in enumerate(values)]
    outlines = [bar(i, v, 0.2) for i, v in enumerate(expected or [])]
    points = " ".join(f"{round(LEFT + (i + 0.5) * slot, 1)},{y(v)}" for i, v in enumerate(values)) if line else ""
    ticks = [(y(highest * k // 2), money(highest * k // 2)) for k in (0, 1, 2)]
    every = max(1, -(-len(labels) // 6))   # at most six labels fit a phone
    shown = [(round(LEFT + (i + 0.5) * slot, 1), words) for i, words in enumerate(labels) if i % every == 0]
    return Chart(WIDTH, HEIGHT, bars, outlines, points, ticks, shown, base)
