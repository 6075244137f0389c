"""Procurement records read back from the graph: the contract between the notice
mapping (``ingest/notices.py``) and its consumers (matchmaking, indicators).

Consumers work on :class:`LotRecord`; only the functions here know the SPARQL
patterns of the ePO mapping, so a change in the mapping changes one file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OrgRef:
    """An organisation as the graph knows it."""

    iri: str
    label: str
    business_id: str | None = None
    nuts: str | None = None  # NUTS code, e.g. "FI1B1"
    kind: str | None = None  # eForms buyer-legal-type code, e.g. "la" (local authority)


@dataclass(frozen=True)
class LotRecord:
    """One lot of one notice, with what matchmaking and indicators need.

    ``cpv`` holds the main classification first, then the additional ones
    (8-digit codes). ``flags`` maps ``innovative``/``green``/``social`` (and Hilma
    statistics such as ``lowCarbon``) to True/False; a flag that the notice does
    not state is absent, not False. ``winners`` is empty for an open lot.
    """

    lot: str  # lot IRI
    notice: str  # notice IRI
    published: dt.date | None
    titles: dict[str, str]  # language → title
    descriptions: dict[str, str]  # language → description
    cpv: tuple[str, ...]
    nuts: tuple[str, ...]  # place of performance
    buyers: tuple[OrgRef, ...]
    winners: tuple[OrgRef, ...] = ()
    estimated_value: float | None = None
    awarded_value: float | None = None
    currency: str | None = None
    tenders_received: int | None = None
    notice_kind: str = "competition"  # planning | competition | result | other
    flags: dict[str, bool] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """Titles and descriptions in every language, for text matching."""
        return " ".join([*self.titles.values(), *self.descriptions.values()])
