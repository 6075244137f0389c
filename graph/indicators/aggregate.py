"""Counting lots into the figures of every series (pure: no store).

- Share by count = lots with the flag true / all lots of the group; a lot whose
  notice does not state the flag counts as not flagged and is reported in
  ``missing_flag``.
- Share by value = value of flagged lots / value of lots with a value; lots
  with no value (or another currency) are reported in ``missing_value``.
- Every figure is kept per method: the source format of the lot's notices
  (``eforms-notices``, ``ted-xml-notices``), so that a series has one line per
  format.
- A lot of several buyers counts once for each buyer (and once per distinct
  type). Lots without a NUTS-3 place of performance or a valid CPV are left out
  of the region or CPV-division series only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from graph.indicators.vocabulary import BREAKDOWNS, FLAGS
from graph.lots import LotFacts


@dataclass
class Cell:
    """The counts behind one figure (one flag, year, method and breakdown value).

    Values are summed in whole euro cents: integer sums do not depend on the
    order lots are added and removed in, so a cell updated batch by batch
    (:mod:`graph.indicators.ledger`) equals one counted from scratch.
    """

    lots: int = 0
    flagged: int = 0
    missing_flag: int = 0
    missing_value: int = 0
    cents: int = 0
    flagged_cents: int = 0

    def add(self, facts: LotFacts, flag: str, sign: int = 1) -> None:
        """Count one lot (``sign=-1`` takes it back out).

        >>> c = Cell()
        >>> f = LotFacts("l1", 2024, 10.05, {"green": True})
        >>> c.add(f, "green"); c.add(f, "green"); c.add(f, "green", -1)
        >>> c.lots, c.flagged, c.amount
        (1, 1, Decimal('10.05'))
        """
        stated = facts.flags.get(flag)
        self.lots += sign
        self.flagged += sign * (stated is True)
        self.missing_flag += sign * (stated is None)
        if facts.value is None:
            self.missing_value += sign
            return
        cents = round(facts.value * 100)
        self.cents += sign * cents
        if stated:
            self.flagged_cents += sign * cents

    @property
    def amount(self) -> Decimal:
        """Value of the lots with a value, in euros."""
        return Decimal(self.cents) / 100

    @property
    def flagged_amount(self) -> Decimal:
        """Value of the flagged lots, in euros."""
        return Decimal(self.flagged_cents) / 100

    @property
    def share(self) -> float:
        """Flagged lots / all lots."""
        return self.flagged / self.lots if self.lots else 0.0

    @property
    def value_share(self) -> float | None:
        """Value of flagged lots / value of lots with a value; None without values."""
        return self.flagged_cents / self.cents if self.cents else None

    def as_row(self) -> tuple[int, int, int, int, int, int]:
        """The six counts, in field order (how the ledger stores a cell)."""
        return (self.lots, self.flagged, self.missing_flag, self.missing_value, self.cents,
                self.flagged_cents)  # fmt: skip


#: a figure's place in its series: (year, method, breakdown value); value "" for the total
At = tuple[int, str, str]
#: (flag, breakdown) → (year, method, breakdown key) → counts
Aggregates = dict[tuple[str, str], dict[At, Cell]]


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

    Lots are first summed per breakdown value and flag states (how many, how many
    without a value, their cents), then spread over the three flags' cells: a
    third of the work of :func:`count` per lot, with the same integer sums.

    >>> f = LotFacts("l1", 2024, 100.0, {"innovative": True}, buyer_types=("state",))
    >>> g = LotFacts("l2", 2024, None, {}, buyer_types=("state",))
    >>> cell = aggregate([f, g])[("innovative", "total")][(2024, "notices", "")]
    >>> cell.lots, cell.flagged, cell.missing_flag, cell.missing_value, cell.share
    (2, 1, 1, 1, 0.5)
    """
    # (breakdown, year, method, key, flag states) → [lots, lots without a value, cents]
    sums: dict[tuple[str, int, str, str, tuple[bool | None, ...]], list[int]] = {}
    for lot in facts:
        states = tuple(lot.flags.get(f) for f in FLAGS)
        no_value, cents = (1, 0) if lot.value is None else (0, round(lot.value * 100))
        for breakdown in BREAKDOWNS:
            for key in _keys(lot, breakdown):
                at = (breakdown, lot.year, lot.method, key, states)
                acc = sums.get(at)
                if acc is None:
                    sums[at] = [1, no_value, cents]
                else:
                    acc[0] += 1
                    acc[1] += no_value
                    acc[2] += cents
    out: Aggregates = {(f, b): {} for f in FLAGS for b in BREAKDOWNS}
    for (breakdown, year, method, key, states), (lots, no_value, cents) in sums.items():
        for flag, stated in zip(FLAGS, states, strict=True):
            cells = out[(flag, breakdown)]
            cell = cells.get((year, method, key))
            if cell is None:
                cell = cells[(year, method, key)] = Cell()
            cell.lots += lots
            cell.missing_value += no_value
            cell.cents += cents
            if stated is None:
                cell.missing_flag += lots
            elif stated:
                cell.flagged += lots
                cell.flagged_cents += cents
    return out


def count(aggregates: Aggregates, lot: LotFacts, sign: int = 1) -> None:
    """Add one lot to every cell it counts in (``sign=-1`` takes it back out); a cell
    left with no lots is dropped, so that what remains equals a count from scratch."""
    # Cell.add inlined: this loop runs ~45 times per lot, 20 million times at 500,000 lots
    year, method, value = lot.year, lot.method, lot.value
    cents = 0 if value is None else sign * round(value * 100)
    no_value = sign if value is None else 0
    keys = [(b, [(year, method, k) for k in _keys(lot, b)]) for b in BREAKDOWNS]
    for flag in FLAGS:
        stated = lot.flags.get(flag)
        flagged, missing = sign * (stated is True), sign * (stated is None)
        flagged_cents = cents if stated else 0
        for breakdown, ats in keys:
            cells = aggregates[(flag, breakdown)]
            for at in ats:
                cell = cells.get(at)
                if cell is None:
                    cell = cells[at] = Cell()
                cell.lots += sign
                cell.flagged += flagged
                cell.missing_flag += missing
                cell.missing_value += no_value
                cell.cents += cents
                cell.flagged_cents += flagged_cents
                if not cell.lots:
                    del cells[at]


def addresses(lot: LotFacts) -> Iterator[tuple[tuple[str, str], At]]:
    """The cells one lot counts in: ((flag, breakdown), (year, method, breakdown value)).

    >>> len(list(addresses(LotFacts("l1", 2024, None, {}, buyers=("b1", "b2")))))
    12
    """
    for breakdown in BREAKDOWNS:
        keys = tuple(_keys(lot, breakdown))
        for flag in FLAGS:
            for key in keys:
                yield (flag, breakdown), (lot.year, lot.method, key)


def ranking(cells: dict[At, Cell]) -> list[str]:
    """The breakdown values of a series by lots over all years and methods, most first;
    ties in sort order.

    >>> ranking({(2024, "m", "FI1B1"): Cell(lots=2), (2024, "m", "FI197"): Cell(lots=5)})
    ['FI197', 'FI1B1']
    """
    lots: dict[str, int] = defaultdict(int)
    for (_year, _method, key), cell in cells.items():
        lots[key] += cell.lots
    return sorted(lots, key=lambda k: (-lots[k], k))
