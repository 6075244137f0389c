"""Counting lots into the figures of every series (pure: no store).

- Share by count = lots with the flag true / all lots of the group; a lot whose
  notice does not state the flag counts as not flagged and is reported in
  ``missing_flag``.
- Share by value = value of flagged lots / value of lots with a value; lots
  with no value (or another currency) are reported in ``missing_value``.
- A lot of several buyers counts once for each buyer (and once per distinct
  type). Lots without a NUTS-3 place of performance or a valid CPV are left out
  of the region or CPV-division series only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from graph.indicators.vocabulary import BREAKDOWNS, FLAGS
from graph.lots import LotFacts


@dataclass
class Cell:
    """The counts behind one figure (one flag, year and breakdown value)."""

    lots: int = 0
    flagged: int = 0
    missing_flag: int = 0
    missing_value: int = 0
    amount: float = 0.0
    flagged_amount: float = 0.0

    def add(self, facts: LotFacts, flag: str) -> None:
        """Count one lot."""
        stated = facts.flags.get(flag)
        self.lots += 1
        self.flagged += stated is True
        self.missing_flag += stated is None
        if facts.value is None:
            self.missing_value += 1
            return
        self.amount += facts.value
        if stated:
            self.flagged_amount += facts.value

    @property
    def share(self) -> float:
        """Flagged lots / all lots."""
        return self.flagged / self.lots if self.lots else 0.0

    @property
    def value_share(self) -> float | None:
        """Value of flagged lots / value of lots with a value; None without values."""
        return self.flagged_amount / self.amount if self.amount else None


#: (flag, breakdown) → (year, breakdown key) → counts; key "" for the total
Aggregates = dict[tuple[str, str], dict[tuple[int, str], Cell]]


def _keys(facts: LotFacts, breakdown: str) -> Iterable[str]:
    if breakdown == "total":
        return ("",)
    if breakdown == "buyer":
        return facts.buyers
    if breakdown == "buyer-type":
        return facts.buyer_types or ("unknown",)
    if breakdown == "region":
        return facts.regions
    return (facts.division,) if facts.division else ()


def aggregate(facts: Iterable[LotFacts]) -> Aggregates:
    """Count every lot into every series (the cube is written from this).

    >>> f = LotFacts("l1", 2024, 100.0, {"innovative": True}, buyer_types=("state",))
    >>> g = LotFacts("l2", 2024, None, {}, buyer_types=("state",))
    >>> cell = aggregate([f, g])[("innovative", "total")][(2024, "")]
    >>> cell.lots, cell.flagged, cell.missing_flag, cell.missing_value, cell.share
    (2, 1, 1, 1, 0.5)
    """
    out: Aggregates = {(f, b): defaultdict(Cell) for f in FLAGS for b in BREAKDOWNS}
    for lot in facts:
        for breakdown in BREAKDOWNS:
            keys = tuple(_keys(lot, breakdown))
            for flag in FLAGS:
                cells = out[(flag, breakdown)]
                for key in keys:
                    cells[(lot.year, key)].add(lot, flag)
    return out


def ranking(cells: dict[tuple[int, str], Cell]) -> list[str]:
    """The breakdown values of a series by lots over all years, most first; ties in
    sort order.

    >>> ranking({(2024, "FI1B1"): Cell(lots=2), (2024, "FI197"): Cell(lots=5)})
    ['FI197', 'FI1B1']
    """
    lots: dict[str, int] = defaultdict(int)
    for (_year, key), cell in cells.items():
        lots[key] += cell.lots
    return sorted(lots, key=lambda k: (-lots[k], k))
