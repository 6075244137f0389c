"""What the explorer's indicators page draws: axes, lines, bars, a map and table rows.

Pure functions over :class:`graph.indicators.Series` (no store, no HTTP). A
share is *no data* when no lot of the figure states the flag (every lot lacks
it) or, by value, when no lot has a value in euros: such figures are left off
the charts and read "no data" in tables, never 0.

>>> nice_axis(0.12)
(0.14, [0.0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.12, 0.14])
>>> percent(0.12, 0.02), percent(0.025, 0.025)
('12 %', '2.5 %')
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from graph.indicators import Point, Series
from graph.regions_map import HEIGHT as MAP_HEIGHT
from graph.regions_map import WIDTH as MAP_WIDTH
from graph.regions_map import nuts_to_region, region_shapes

K = TypeVar("K")  # what a line is drawn as: a method name, a chart line
P = TypeVar("P", int, str)  # a period on the x axis: a year

MEASURES = ("count", "value")
#: tick steps of a share axis, smallest first; the first giving at most 8 ticks wins
_STEPS = (0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25)


def share_of(point: Point, measure: str) -> float | None:
    """The point's share by lot count or by value, or None for no data.

    >>> share_of(Point(2020, 0.0, lots=3, missing_flag=3), "count") is None
    True
    >>> share_of(Point(2020, 0.0, lots=3, missing_flag=1), "count")
    0.0
    """
    if measure == "value":
        if point.method == "survey" or point.value_share is None:
            return None
        if point.lots is not None and (point.missing_flag or 0) >= point.lots:
            return None
        return point.value_share
    stated = point.missing_flag is not None and point.lots is not None
    if stated and point.lots and (point.missing_flag or 0) >= (point.lots or 0):
        return None
    return point.share


def nice_axis(top_value: float) -> tuple[float, list[float]]:
    """The axis top and ticks for shares up to ``top_value``: round steps, top ≥ value."""
    top_value = max(top_value * 1.05, 0.01)  # headroom: a point never sits on the frame
    for step in _STEPS:
        if top_value / step <= 7:
            break
    top = math.ceil(round(top_value / step, 9)) * step
    if top < top_value or top == 0:
        top += step
    count = round(top / step)
    return round(top, 6), [round(i * step, 6) for i in range(count + 1)]


def percent(value: float, step: float = 0.01) -> str:
    """A share as a percentage with as many decimals as the axis step needs."""
    decimals = 0
    while decimals < 3 and abs(step * 100 - round(step * 100, decimals)) > 1e-9:
        decimals += 1
    return f"{value * 100:.{decimals}f} %"


def shown_percent(value: float | None, no_data: str) -> str:
    """A share for a table cell: one decimal, or the no-data text."""
    return no_data if value is None else f"{value * 100:.1f} %"


@dataclass(frozen=True)
class LineChart:
    """Shares by year: one polyline per method, the target line, round ticks."""

    lines: list[tuple[str, list[tuple[float, float, int, float]]]]
    x_ticks: list[tuple[float, int]]
    y_ticks: list[tuple[float, str]]
    target_y: float | None
    width: int = 640
    height: int = 280


def scale_lines(
    lines: Sequence[tuple[K, Sequence[tuple[P, float]]]],
    target: float | None,
    width: int = 640,
    height: int = 280,
    periods: Sequence[P] | None = None,
) -> tuple[
    list[tuple[K, list[tuple[float, float, P, float]]]],
    list[tuple[float, P]],
    list[tuple[float, str]],
    float | None,
]:
    """Lines of ``(period, share)`` points (each keyed by what the caller draws it as)
    scaled to one SVG box, 60 px left for the axis and 40 px below for the periods,
    with round y ticks up to the largest share or the target: the scaled lines
    (``x, y, period, share`` per point), the x ticks, the y ticks and the target's y.
    ``periods`` (default: every period a line has) spread evenly along the x axis.

    >>> lines, x_ticks, y_ticks, target_y = scale_lines([("a", [(2020, 0.1), (2021, 0.2)])], 0.1)
    >>> [(x, p) for x, _y, p, _v in lines[0][1]], x_ticks[-1], target_y
    ([(60.0, 2020), (600.0, 2021)], (600.0, 2021), 152.0)
    """
    spread = sorted(periods if periods is not None else {p for _, pts in lines for p, _ in pts})
    values = [v for _, pts in lines for _, v in pts]
    values += [target] if target is not None else []
    top, ticks = nice_axis(max(values, default=0.0))
    step = (width - 100) / max(len(spread) - 1, 1)
    x = {period: round(60 + i * step, 1) for i, period in enumerate(spread)}

    def y(value: float) -> float:
        return round(height - 40 - value / top * (height - 60), 1)

    scaled = [(key, [(x[p], y(v), p, v) for p, v in pts]) for key, pts in lines]
    tick_step = ticks[1] - ticks[0] if len(ticks) > 1 else 0.01
    y_ticks = [(y(t), percent(t, tick_step)) for t in ticks]
    target_y = y(target) if target is not None else None
    return scaled, [(x[p], p) for p in spread], y_ticks, target_y


def line_chart(series: Series, measure: str, width: int = 640, height: int = 280) -> LineChart:
    """The national series as lines, one per method (see :func:`scale_lines`)."""
    by_method: dict[str, list[tuple[int, float]]] = {}
    for point in series.points:
        value = share_of(point, measure)
        if value is not None:
            by_method.setdefault(point.method, []).append((point.year, value))
    lines, x_ticks, y_ticks, target_y = scale_lines(
        [(method, sorted(pts)) for method, pts in sorted(by_method.items())],
        series.target,
        width,
        height,
        periods=sorted({p.year for p in series.points}),
    )
    return LineChart(lines, x_ticks, y_ticks, target_y, width, height)


@dataclass(frozen=True)
class Bar:
    """One breakdown value of one year as a horizontal bar (None: no data)."""

    key: str
    label: str
    value: float | None
    width: float
    lots: int


def bars(points: list[Point], measure: str, width: float = 300.0) -> list[Bar]:
    """The points of one year as bars, largest share first, no-data values last."""
    found = [(p, share_of(p, measure)) for p in points]
    top = max((v for _, v in found if v is not None), default=0.0) or 1.0
    ordered = sorted(found, key=lambda pv: (pv[1] is None, -(pv[1] or 0.0), pv[0].label or ""))
    return [
        Bar(p.key or "", p.label or p.key or "", v, round((v or 0.0) / top * width, 1), p.lots or 0)
        for p, v in ordered
    ]


@dataclass(frozen=True)
class MapRegion:
    """One region on the map: shape, name, its figure (None: no data) and fill class."""

    number: str
    name: str
    path: str
    centre: tuple[float, float]
    value: float | None
    lots: int
    shade: int  # 0 = no lots, 1..5 light to dark; the legend explains the steps


@dataclass(frozen=True)
class RegionMap:
    """Finland's regions shaded by one year's shares, with the legend's steps."""

    regions: list[MapRegion]
    steps: list[str]
    width: int = MAP_WIDTH
    height: int = MAP_HEIGHT


def region_map(points: list[Point], measure: str, lang: str) -> RegionMap:
    """Shade each Finnish region by its share in ``points`` (one year's region series).

    Two NUTS codes of one region (2021 and 2024) add up; foreign regions are
    not drawn (the table lists them).
    """
    number_of = nuts_to_region()
    totals: dict[str, list[float]] = {}  # number → [lots, flagged-or-amount, base]
    for p in points:
        number = number_of.get(p.key or "")
        if number is None or share_of(p, measure) is None:
            if number is not None:
                totals.setdefault(number, [0.0, 0.0, 0.0])[0] += p.lots or 0
            continue
        cell = totals.setdefault(number, [0.0, 0.0, 0.0])
        cell[0] += p.lots or 0
        if measure == "value":
            cell[1] += p.flagged_amount or 0.0
            cell[2] += p.amount or 0.0
        else:
            cell[1] += p.flagged or 0
            cell[2] += p.lots or 0
    values = {n: (c[1] / c[2] if c[2] else None) for n, c in totals.items()}
    top = max((v for v in values.values() if v is not None), default=0.0)
    _top = min(1.0, nice_axis(top)[0]) if top else 0.01
    bounds = [_top * i / 5 for i in range(6)]
    regions = []
    for shape in region_shapes():
        value = values.get(shape.number)
        lots = int(totals.get(shape.number, [0.0])[0])
        shade = 0 if value is None else 1 + min(4, int(value / _top * 5) if _top else 0)
        name = shape.names.get(lang) or shape.names["fi"]
        regions.append(MapRegion(shape.number, name, shape.path, shape.centre, value, lots, shade))
    steps = [
        f"{percent(a, _top / 5)} – {percent(b, _top / 5)}" for a, b in itertools.pairwise(bounds)
    ]
    return RegionMap(regions, steps)
