"""Matchmaking: ``POST /match`` (need → suppliers) and ``GET /match/needs`` (supplier → open needs).

Results are past winners (``"kind": "winner"``, ``won_contracts`` > 0) and registry
companies whose main line fits the need but that have won no public contract yet
(``"kind": "potential"``, ``"won_contracts": 0``, ``"note": "no public contract won
yet"``), ranked in one list by the same score.

The matcher comes from the app's derived state (``Derived.match_handle``, a
:class:`~graph.matching.MatcherHandle`): when the store
has changed since its index was built, the handle rebuilds it in the background
and the answers meanwhile come from the previous index, saying so in
``"index": {"stale": true, …}``; every answer also says whether the ranker's
weights were fitted on the store's awards or are the documented defaults.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field, field_validator

from api.deps import get_derived
from graph.codes import is_cpv, is_nuts
from graph.matching import Contribution, IndexStatus, MatcherHandle, Need
from graph.matching.model import POTENTIAL

router = APIRouter(tags=["matchmaking"])
MAX_TEXT = 10_000
MAX_CPV = 50


class MatchRequest(BaseModel):
    """A buyer's need."""

    text: str = Field(
        min_length=1, max_length=MAX_TEXT, description="The need in Finnish, Swedish or English.",
        examples=["sähköbussien latausinfrastruktuuri"],
    )  # fmt: skip
    cpv: list[str] = Field(
        default_factory=list, max_length=MAX_CPV, description="CPV codes, e.g. 31158100."
    )
    region: str | None = Field(None, description="NUTS code of the place, e.g. FI1B1.")
    budget: float | None = Field(None, gt=0, description="Estimated value in euros.")
    buyer: str | None = Field(None, description="IRI of the buyer organisation.")
    limit: int = Field(10, ge=1, le=100, description="How many suppliers to return.")

    @field_validator("text")
    @classmethod
    def _not_blank(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("text is blank: describe the need in a few words")
        return text

    @field_validator("cpv")
    @classmethod
    def _known_cpv(cls, codes: list[str]) -> list[str]:
        bad = [c for c in codes if not is_cpv(c)]
        if bad:
            raise ValueError(f"unknown CPV code(s): {', '.join(bad)} (CPV 2008, e.g. 45000000)")
        return codes

    @field_validator("region")
    @classmethod
    def _known_nuts(cls, code: str | None) -> str | None:
        if code is not None and not is_nuts(code):
            raise ValueError(f"unknown NUTS code: {code} (e.g. FI1B1)")
        return code


class SupplierRef(BaseModel):
    iri: str
    label: str


class ContributionOut(BaseModel):
    """One signal's share of the score (weight × value) and the graph IRIs behind it."""

    signal: str = Field(description="a name of graph.matching.SIGNALS, e.g. text, cpv, buyer")
    contribution: float
    evidence: list[str] = Field(
        description="IRIs of won lots, notices, buyers, green deals, programmes, the supplier, "
        "TOL ↔ CPV mappings (kg:bridge), TOL lines and Business Finland funding records"
    )


class MatchResult(BaseModel):
    supplier: SupplierRef
    kind: Literal["winner", "potential"] = Field(
        description="winner: won lots in the graph; potential: a registry company whose "
        "main line fits the need and that has won no public contract yet"
    )
    won_contracts: int = Field(description="Lots the supplier won in the graph (0: potential)")
    note: str | None = Field(None, description='"no public contract won yet" for a potential')
    score: float = Field(description="The sum of the contributions.")
    explanation: list[ContributionOut]


class IndexOut(BaseModel):
    """What the answer was computed from."""

    stale: bool = Field(description="True while a rebuild after a store change is running")
    rebuilding: bool
    built_for: str = Field(description="Store version the index was built from")
    store_version: str
    suppliers: int
    lots: int
    ranker: str = Field(description="fitted (on the store's awards) or default (weights)")
    ranker_reason: str
    registry_companies: int = Field(0, description="Registry and funded companies indexed")
    registry_weights: str = Field(
        "", description="Whether the bridge, line_text and funding weights are fitted or default"
    )


class MatchResponse(BaseModel):
    """Suppliers ranked by score, best first."""

    index: IndexOut
    results: list[MatchResult]


class NeedRef(BaseModel):
    lot: str
    notice: str
    title: str


class NeedResult(BaseModel):
    need: NeedRef
    score: float
    explanation: list[ContributionOut]


class NeedsResponse(BaseModel):
    """Open needs (lots without award) ranked for one supplier, best first."""

    supplier: str
    index: IndexOut
    results: list[NeedResult]


def handle_of(request: Request) -> MatcherHandle:
    """The app's matcher handle (:attr:`graph.derived.Derived.match_handle`)."""
    return get_derived(request).match_handle


def _index(status: IndexStatus) -> IndexOut:
    return IndexOut(**status.as_dict())


def _explanation(contributions: list[Contribution]) -> list[ContributionOut]:
    return [ContributionOut(signal=c.signal, contribution=c.contribution, evidence=c.evidence)
            for c in contributions]  # fmt: skip


@router.post("/match", response_model=MatchResponse, summary="Suppliers for a need")
def match(body: MatchRequest, request: Request) -> MatchResponse:
    """Rank suppliers for a need by text, CPV, region, budget, buyer and innovation
    potential: winners of awarded lots and registry companies with no public contract
    won yet (``kind``); each result explains its score."""
    need = Need(body.text, tuple(body.cpv), body.region, body.budget, body.buyer, body.limit)
    handle = handle_of(request)
    results = handle.get().match(need)
    return MatchResponse(
        index=_index(handle.status()),
        results=[
            MatchResult(supplier=SupplierRef(iri=m.supplier_iri, label=m.supplier_label),
                        kind="potential" if m.kind == POTENTIAL else "winner",
                        won_contracts=m.won_contracts, note=m.note, score=m.score,
                        explanation=_explanation(m.explanation))
            for m in results
        ]
    )  # fmt: skip


@router.get("/match/needs", response_model=NeedsResponse, summary="Open needs for a supplier")
def needs(
    request: Request,
    supplier: Annotated[str, Query(description="Supplier IRI (an organisation that won a lot).")],
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> NeedsResponse:
    """Open needs (lots of contract and prior-information notices without an award)
    ranked for ``supplier`` with the same score as ``POST /match``."""
    handle = handle_of(request)
    matcher = handle.get()
    if not matcher.has_supplier(supplier):
        raise HTTPException(404, f"{supplier} has won no lot in this graph")
    return NeedsResponse(
        supplier=supplier,
        index=_index(handle.status()),
        results=[
            NeedResult(need=NeedRef(lot=n.lot_iri, notice=n.notice_iri, title=n.title),
                       score=n.score, explanation=_explanation(n.explanation))
            for n in matcher.needs_for(supplier, limit)
        ],
    )  # fmt: skip
