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


@dataclass(frozen=True)
class Match:
    """A supplier ranked for a need; the contributions add up to ``score``."""

    supplier_iri: str
    supplier_label: str
    score: float
    explanation: list[Contribution]


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
