"""Finland's regions (maakunnat, NUTS 3) as simplified SVG paths.

The shapes are Yle's 2020 region boundaries (``data/geo/``, TopoJSON in WGS-84;
see its ``SOURCE.md``). They are decoded, projected with a cosine-of-latitude
stretch (Finland spans 60–70° N, where a degree of longitude is about half a
degree of latitude), thinned with Douglas–Peucker and cached, so a map costs no
more than a template loop per page.

>>> shapes = region_shapes()
>>> len(shapes), shapes[0].codes[0], shapes[0].path.startswith("M")
(19, 'FI1B1', True)
>>> nuts_to_region()["FI193"] == nuts_to_region()["FI198"] == "13"
True
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graph.resources import resource_dir

#: Statistics Finland's region number → its NUTS-3 codes (2024 first, then the
#: 2021 code that NUTS 2024 renumbered, as notices still carry both)
REGION_NUTS: dict[str, tuple[str, ...]] = {
    "01": ("FI1B1",),
    "02": ("FI1C1",),
    "04": ("FI196",),
    "05": ("FI1C2",),
    "06": ("FI19B", "FI197"),
    "07": ("FI1C6", "FI1C3"),
    "08": ("FI1C7", "FI1C4"),
    "09": ("FI1C5",),
    "10": ("FI1DA", "FI1D1"),
    "11": ("FI1DB", "FI1D2"),
    "12": ("FI1DC", "FI1D3"),
    "13": ("FI198", "FI193"),
    "14": ("FI199", "FI194"),
    "15": ("FI19A", "FI195"),
    "16": ("FI1D5",),
    "17": ("FI1D9",),
    "18": ("FI1D8",),
    "19": ("FI1D7",),
    "21": ("FI200",),
}
WIDTH, HEIGHT = 300, 520
_TOLERANCE = 0.9  # pixels: finer detail is invisible at this size


@dataclass(frozen=True)
class RegionShape:
    """One region: its number, NUTS-3 codes, names (fi, sv, en) and SVG path."""

    number: str
    codes: tuple[str, ...]
    names: dict[str, str]
    path: str
    centre: tuple[float, float]


def nuts_to_region() -> dict[str, str]:
    """NUTS-3 code (2021 or 2024) → region number."""
    return {code: number for number, codes in REGION_NUTS.items() for code in codes}


@lru_cache(maxsize=1)
def region_shapes() -> tuple[RegionShape, ...]:
    """The 19 regions in region-number order, projected into a WIDTH × HEIGHT box."""
    topo = json.loads((resource_dir("data") / "geo" / "finland-regions-2020.topo.json").read_text())
    arcs = _decode_arcs(topo)
    layer = next(iter(topo["objects"].values()))
    rings = {
        g["properties"]["maakunta"]: [
            _ring(arcs, ring)
            for polygon in (g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]])
            for ring in polygon
        ]
        for g in layer["geometries"]
    }
    project = _projection([p for rs in rings.values() for r in rs for p in r])
    shapes = []
    for g in sorted(layer["geometries"], key=lambda g: g["properties"]["maakunta"]):
        props = g["properties"]
        number = props["maakunta"]
        projected = [[project(p) for p in ring] for ring in rings[number]]
        parts = [_simplify(ring, _TOLERANCE) for ring in projected]
        path = " ".join(
            "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in ring) + " Z"
            for ring in parts
            if len(ring) >= 3
        )
        biggest = max(projected, key=len)
        centre = (
            round(sum(x for x, _ in biggest) / len(biggest), 1),
            round(sum(y for _, y in biggest) / len(biggest), 1),
        )
        names = {"fi": props["nimi"], "sv": props["namn"], "en": props["name"]}
        shapes.append(RegionShape(number, REGION_NUTS[number], names, path, centre))
    return tuple(shapes)


def _decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """TopoJSON's delta-encoded, quantised arcs → longitude/latitude points."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    decoded = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    """One closed ring from its arc indexes (``~i`` is arc ``i`` reversed)."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _projection(
    points: list[tuple[float, float]],
) -> Callable[[tuple[float, float]], tuple[float, float]]:
    """Longitude/latitude → pixels, north up, fitted into the box with a margin."""
    mid = math.cos(math.radians(65.0))
    xs = [lon * mid for lon, _ in points]
    ys = [lat for _, lat in points]
    scale = min((WIDTH - 10) / (max(xs) - min(xs)), (HEIGHT - 10) / (max(ys) - min(ys)))
    left, top = min(xs), max(ys)

    def project(point: tuple[float, float]) -> tuple[float, float]:
        lon, lat = point
        return 5 + (lon * mid - left) * scale, 5 + (top - lat) * scale

    return project


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker: drop points closer than ``tolerance`` to the kept line.

    >>> _simplify([(0, 0), (1, 0.1), (2, 0), (3, 5)], 0.5)
    [(0, 0), (2, 0), (3, 5)]
    """
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        far, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                d = math.hypot(px - ax, py - ay)
            if d > far:
                far, index = d, i
        if index >= 0 and far > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]
