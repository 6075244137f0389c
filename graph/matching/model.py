"""What goes into and comes out of matchmaking: needs, matches, explanations."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Need:
    """A buyer's need: free text (fi/sv/en) and what else the buyer knows.

    ``cpv`` holds CPV codes (8 digits, check digit optional), ``region`` a NUTS
    code, ``budget`` an amount in euros, ``buyer`` the buyer's organisation IRI.
    """

    text: str
    cpv: tuple[str, ...] = ()
    region: str | None = None
    budget: float | None = None
    buyer: str | None = None
    limit: int = 10


@dataclass(frozen=True)
class Contribution:
    """One signal's share of a score and the graph IRIs that justify it."""

    signal: str  # text | cpv | region | innovation | budget | buyer
    contribution: float  # weight × signal value / sum of applicable weights
    evidence: list[str] = field(default_factory=list)


WINNER, POTENTIAL = "winner", "potential"
NO_CONTRACT_YET = "no public contract won yet"


@dataclass(frozen=True)
class Match:
    """A supplier ranked for a need; the contributions add up to ``score``.

    ``kind`` is ``winner`` (won ``won_contracts`` lots in the graph) or ``potential``
    (a registry company that has won no public contract yet: ``won_contracts`` 0);
    ``region`` is where it is registered (NUTS), None when unknown.
    """

    supplier_iri: str
    supplier_label: str
    score: float
    explanation: list[Contribution]
    kind: str = WINNER
    won_contracts: int = 0
    region: str | None = None  # NUTS code of the registered address, where known

    @property
    def note(self) -> str | None:
        """``no public contract won yet`` for a potential candidate, else None."""
        return NO_CONTRACT_YET if self.kind == POTENTIAL else None


@dataclass(frozen=True)
class NeedMatch:
    """An open need (a lot of a contract or prior-information notice) for a supplier."""

    lot_iri: str
    notice_iri: str
    title: str
    score: float
    explanation: list[Contribution]


class StaleIndexError(RuntimeError):
    """The persisted match index was built from another state of the store."""
