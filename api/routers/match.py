"""Matchmaking: ``POST /match`` (need → suppliers) and ``GET /match/needs`` (supplier → open needs),
and the explorer's pages over them (``/explore/match``,
``/explore/match/needs`` and the CPV tree ``/explore/cpv.json``).

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

import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field, field_validator

from api.deps import DerivedDep, get_derived
from api.exports import check_format, csv_response, json_response, links
from api.routers.explorer import PREFIX, TEXT, choose_lang, render, resolve
from graph.codes import (
    cpv_ancestors,
    cpv_code,
    cpv_codes,
    cpv_label,
    is_cpv,
    is_nuts,
    nuts_codes,
)
from graph.derived import Derived
from graph.matching import SIGNALS, Contribution, IndexStatus, MatcherHandle, Need
from graph.matching.model import POTENTIAL, Match, NeedMatch
from graph.vocabulary import Node

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
    region: str | None = Field(None, description="NUTS code of the registered address")


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


def match_result(m: Match) -> MatchResult:
    """A ranked supplier as ``POST /match`` and the match page's JSON show it."""
    return MatchResult(supplier=SupplierRef(iri=m.supplier_iri, label=m.supplier_label,
                                            region=m.region),
                       kind="potential" if m.kind == POTENTIAL else "winner",
                       won_contracts=m.won_contracts, note=m.note, score=m.score,
                       explanation=_explanation(m.explanation))  # fmt: skip


def need_result(n: NeedMatch) -> NeedResult:
    """A ranked open need as ``GET /match/needs`` and the needs page's JSON show it."""
    return NeedResult(need=NeedRef(lot=n.lot_iri, notice=n.notice_iri, title=n.title),
                      score=n.score, explanation=_explanation(n.explanation))  # fmt: skip


#: the columns of the match page's CSV: one per signal's contribution after the score
MATCH_COLUMNS = ("rank", "supplier", "label", "supplier_region", "kind", "won_contracts",
                 "score", *SIGNALS)  # fmt: skip
#: the columns of the open-needs page's CSV
NEEDS_COLUMNS = ("rank", "lot", "notice", "title", "score", *SIGNALS)


def _by_signal(contributions: list[Contribution]) -> dict[str, float]:
    """Each signal's contribution (signals absent from the explanation contribute 0)."""
    out = dict.fromkeys(SIGNALS, 0.0)
    for c in contributions:
        out[c.signal] = out.get(c.signal, 0.0) + c.contribution
    return out


def match_rows(matches: list[Match]) -> list[dict[str, Any]]:
    """Ranked suppliers as CSV rows: rank from 1, IRI, name, registered region (NUTS;
    the column ``region`` is the region signal's contribution), kind, score, each signal."""
    return [
        {"rank": i, "supplier": m.supplier_iri, "label": m.supplier_label,
         "supplier_region": m.region or "", "kind": m.kind,
         "won_contracts": m.won_contracts, "score": m.score, **_by_signal(m.explanation)}
        for i, m in enumerate(matches, start=1)
    ]  # fmt: skip


def need_rows(needs: list[NeedMatch]) -> list[dict[str, Any]]:
    """Ranked open needs as CSV rows: rank from 1, lot, notice, title, score, each signal."""
    return [
        {"rank": i, "lot": n.lot_iri, "notice": n.notice_iri, "title": n.title,
         "score": n.score, **_by_signal(n.explanation)}
        for i, n in enumerate(needs, start=1)
    ]  # fmt: skip


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
        results=[match_result(m) for m in results],
    )


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
        results=[need_result(n) for n in matcher.needs_for(supplier, limit)],
    )


# ------------------------------------------------------------------- pages
# The explorer's match pages: /explore/match (need → suppliers), /explore/match/needs
# (supplier → open needs) and /explore/cpv.json (the CPV tree the form searches).
# They share the API's router (one router per module), outside the OpenAPI schema.

#: Interface text of the match pages, used by the templates as ``m.key``.
PAGE_TEXT: dict[str, dict[str, str]] = {
    "fi": {
        "cpv": "CPV-koodi",
        "cpv_hint": "Kirjoita koodi tai sana (esim. 34144900 tai linja-auto) ja valitse "
        "luettelosta.",
        "cpv_browse": "Selaa CPV-luokitusta",
        "cpv_unknown": "Tuntematon CPV-koodi: {code}. Valitse koodi luettelosta.",
        "budget": "Arvioitu arvo (€)",
        "buyer": "Hankkija (nimi tai IRI)",
        "buyer_unknown": "Hankkijaa ei löytynyt: {name}",
        "buyer_chosen": "Hankkija",
        "empty": "Ei ehdokkaita tällä tarpeella.",
        "empty_hints": "Kokeile lyhyempää tai yleisempää kuvausta|valitse CPV-koodista ylempi "
        "taso (esim. 45000000)|poista aluerajaus|kirjoita kuvaus suomeksi",
        "needs_title": "Avoimet tarpeet toimittajalle",
        "needs_intro": "Avoimet hankinnat (osat ilman hankintapäätöstä), joihin toimittaja "
        "sopisi samoin pistein kuin toimittajahaussa.",
        "needs_link": "Avoimet tarpeet tälle toimittajalle",
        "needs_none": "Avoimia tarpeita ei löytynyt tälle toimittajalle.",
        "not_supplier": "{name} ei ole voittanut yhtään hankintaa tässä verkossa, joten "
        "sille ei voi laskea sopivia tarpeita. Kokeile toimittajahakua.",
        "supplier": "Toimittaja",
        "notice": "ilmoitus",
        "nuts_group": "Suuralue",
    },
    "en": {
        "cpv": "CPV code",
        "cpv_hint": "Type a code or a word (e.g. 34144900 or bus) and pick from the list.",
        "cpv_browse": "Browse the CPV tree",
        "cpv_unknown": "Unknown CPV code: {code}. Pick a code from the list.",
        "budget": "Estimated value (€)",
        "buyer": "Buyer (name or IRI)",
        "buyer_unknown": "No buyer found: {name}",
        "buyer_chosen": "Buyer",
        "empty": "No candidates for this need.",
        "empty_hints": "Try a shorter or more general description|pick a broader CPV code "
        "(e.g. 45000000)|remove the region|describe the need in Finnish",
        "needs_title": "Open needs for a supplier",
        "needs_intro": "Open procurements (lots without an award) the supplier would fit, "
        "scored as in the supplier match.",
        "needs_link": "Open needs for this supplier",
        "needs_none": "No open needs found for this supplier.",
        "not_supplier": "{name} has won no lot in this graph, so no needs can be scored "
        "for it. Try the supplier match instead.",
        "supplier": "Supplier",
        "notice": "notice",
        "nuts_group": "Major region",
    },
}

#: The matcher's signals (graph.matching.SIGNALS) as the page names them.
SIGNAL_NAMES: dict[str, tuple[str, str]] = {
    "text": ("tekstin vastaavuus", "text match"),
    "text_parts": ("tekstin osat", "text parts"),
    "similar_lots": ("samankaltaiset voitetut osat", "similar lots won"),
    "cpv": ("CPV-luokka", "CPV code"),
    "cpv_share": ("CPV-luokan osuus", "CPV share"),
    "cpv_wins": ("voitot CPV-luokassa", "wins in the CPV code"),
    "region": ("alue", "region"),
    "home": ("kotipaikka", "home region"),
    "cpv_region": ("CPV-luokka alueella", "CPV in region"),
    "buyer": ("sama hankkija", "same buyer"),
    "incumbency": ("aiemmat sopimukset hankkijalta", "wins from this buyer"),
    "buyer_share": ("hankkijan osuus", "buyer share"),
    "similar_buyers": ("samankaltaiset hankkijat", "similar buyers"),
    "innovation": ("innovatiivisuus", "innovation"),
    "innovative": ("innovatiiviset osat", "innovative lots"),
    "price": ("hintataso", "price level"),
    "reach": ("toiminta-alue", "nationwide reach"),
    "recency": ("tuoreus", "recency"),
    "volume": ("sopimusmäärä", "volume"),
    "sme": ("pk-yritys", "SME"),
    "budget": ("hankinnan koko", "budget fit"),
    "bridge": ("toimiala ↔ CPV", "line of business ↔ CPV"),
    "line_text": ("toimialan kuvaus", "line of business text"),
    "funding": ("Business Finland -rahoitus", "Business Finland funding"),
}


def signal_name(signal: str, lang: str) -> str:
    """The signal's name in ``lang``; an unnamed signal keeps its code name."""
    names = SIGNAL_NAMES.get(signal)
    return (names[1] if lang == "en" else names[0]) if names else signal


def cpv_entry(code: str, lang: str) -> dict[str, object]:
    """``{"code", "label", "level", "path": [labels of broader codes], "children"}``."""
    codes = cpv_codes()
    entry = codes[code]
    path = [cpv_label(a, lang) or a for a in reversed(cpv_ancestors(code))]
    return {
        "code": code,
        "label": entry.labels.get(lang) or entry.labels.get("fi") or code,
        "level": entry.level,
        "path": path,
        "children": bool(cpv_children().get(code)),
    }


@lru_cache(maxsize=1)
def cpv_children() -> dict[str | None, list[str]]:
    """Parent code (None for the divisions) → its child codes, in code order."""
    tree: dict[str | None, list[str]] = {}
    for code, entry in sorted(cpv_codes().items()):
        tree.setdefault(entry.parent, []).append(code)
    return tree


def cpv_find(q: str, lang: str, limit: int = 30) -> list[str]:
    """Codes whose digits start with ``q``, else whose label in ``lang`` holds every word
    of ``q`` (case-insensitive); broader codes first."""
    q = q.strip().lower()
    digits = q.replace("-", "")
    if digits.isdigit():
        found = [c for c in cpv_codes() if c.startswith(digits[:8])]
    else:
        words = q.split()
        found = [
            c
            for c, e in cpv_codes().items()
            if all(w in (e.labels.get(lang) or e.labels.get("fi") or "").lower() for w in words)
        ]
    return sorted(found, key=lambda c: (cpv_codes()[c].level, c))[:limit]


@router.get(PREFIX + "/cpv.json", tags=["explorer"], include_in_schema=False)
def cpv_json(
    q: Annotated[str, Query(max_length=100)] = "",
    parent: Annotated[str, Query(max_length=12)] = "",
    lang: Annotated[str, Query(pattern="^(fi|en)$")] = "fi",
) -> list[dict[str, object]]:
    """CPV codes for the form's picker: ``parent``'s children (the divisions without
    one), or the codes matching ``q`` (a code prefix or words of a label)."""
    if q.strip():
        found = cpv_find(q, lang)
    else:
        key = cpv_code(parent) if parent else None
        if parent and key not in cpv_codes():
            raise HTTPException(404, f"unknown CPV code: {parent}")
        found = cpv_children().get(key, [])
    return [cpv_entry(c, lang) for c in found]


@lru_cache(maxsize=4)
def region_choices(lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Finland's current (NUTS 2024) level-3 regions, the maakunnat, grouped by their
    NUTS-2 region: ``[(group label, [(code, label), ...]), ...]``; Extra-Regio left out."""
    codes = nuts_codes()
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, entry in codes.items():
        if code.startswith("FI") and entry.level == 3 and "2024" in entry.versions:
            if code.startswith("FIZ"):
                continue
            label = entry.labels.get(lang) or entry.labels.get("fi") or code
            groups.setdefault(entry.parent or "FI", []).append((code, label))
    return [
        (codes[g].labels.get(lang) or g if g in codes else g, sorted(items, key=lambda p: p[1]))
        for g, items in sorted(groups.items())
    ]


@dataclass(frozen=True)
class MatchForm:
    """What the form asked, checked: ``problems`` are shown instead of results."""

    text: str
    cpv: str
    region: str
    budget: float | None
    buyer: Node | None
    problems: list[str]


def read_form(
    derived: Derived, lang: str, text: str, cpv: str, region: str, budget: str, buyer: str
) -> MatchForm:
    """The form's fields as a matcher understands them, with one line per bad field."""
    words = PAGE_TEXT[lang]
    problems = []
    code = cpv_code(cpv) if cpv.strip() else ""
    if cpv.strip() and (code is None or not is_cpv(code)):
        problems.append(words["cpv_unknown"].format(code=cpv.strip()[:40]))
    if region and not is_nuts(region):
        problems.append(f"NUTS: {region[:20]}")
    amount = None
    if budget.strip():
        try:
            amount = float(budget.replace("\xa0", "").replace(" ", "").replace(",", "."))
        except ValueError:
            amount = None
        if amount is None or not amount > 0 or amount != amount:
            problems.append(f"{words['budget']}: {budget[:40]}")
            amount = None
    who = resolve(derived, buyer, lang) if buyer.strip() else None
    if buyer.strip() and who is None:
        problems.append(words["buyer_unknown"].format(name=buyer.strip()[:80]))
    return MatchForm(text, code or "", region, amount, who, problems)


@router.get(PREFIX + "/match", response_class=HTMLResponse, include_in_schema=False)
def match_page(
    request: Request,
    derived: DerivedDep,
    text: str = "",
    cpv: str = "",
    region: str = "",
    budget: str = "",
    buyer: str = "",
    format: str = "",
) -> Response:
    """A need (text, CPV code, region, budget, buyer) → ranked suppliers with reasons;
    ``?format=json`` gives the results as ``POST /match`` does, ``?format=csv`` a row each."""
    asked = check_format(format)
    lang = choose_lang(request)
    form = read_form(derived, lang, text, cpv, region, budget, buyer)
    matches: list[Any] = []
    elapsed = None
    searched = bool(text.strip()) and not form.problems
    if searched:
        started = time.perf_counter()
        need = Need(
            text,
            cpv=(form.cpv,) if form.cpv else (),
            region=region or None,
            budget=form.budget,
            buyer=form.buyer.iri if form.buyer else None,
        )
        matches = derived.matcher().match(need)
        elapsed = round((time.perf_counter() - started) * 1000)
    if asked == "json":
        return json_response({"results": [match_result(m).model_dump() for m in matches]})
    if asked == "csv":
        return csv_response(match_rows(matches), MATCH_COLUMNS, "match.csv")
    state = {"text": text, "cpv": cpv, "region": region, "budget": budget, "buyer": buyer}
    snap = derived.snapshot()
    chosen = cpv_entry(form.cpv, lang) if form.cpv else None
    return render(
        request,
        "match.html",
        m=PAGE_TEXT[lang],
        form=form,
        text=text,
        cpv=form.cpv or cpv,
        cpv_chosen=chosen,
        region=region,
        budget=budget,
        buyer=buyer,
        matches=matches,
        elapsed=elapsed,
        searched=searched,
        regions=region_choices(lang),
        divisions=[cpv_entry(c, lang) for c in cpv_children().get(None, [])],
        signal=lambda s: signal_name(s, lang),
        evidence_label=lambda iri: snap.label(iri, lang),
        **links(f"{PREFIX}/match", state),
    )


@router.get(PREFIX + "/match/needs", response_class=HTMLResponse, include_in_schema=False)
def needs_page(request: Request, derived: DerivedDep, supplier: str, format: str = "") -> Response:
    """Open needs (lots without an award) ranked for one supplier, with reasons;
    ``?format=json`` as ``GET /match/needs`` answers, ``?format=csv`` one row per need."""
    asked = check_format(format)
    lang = choose_lang(request)
    snap = derived.snapshot()
    if not snap.mentions(supplier):
        message = TEXT[lang]["entity_missing"].format(iri=supplier)
        return render(request, "error.html", status=404, message=message)
    matcher = derived.matcher()
    known = matcher.has_supplier(supplier)
    found = matcher.needs_for(supplier, 20) if known else []
    if asked == "json":
        return json_response(
            {"supplier": supplier, "results": [need_result(n).model_dump() for n in found]}
        )
    if asked == "csv":
        return csv_response(need_rows(found), NEEDS_COLUMNS, "needs.csv")
    return render(
        request,
        "needs.html",
        m=PAGE_TEXT[lang],
        supplier=snap.node(supplier, lang),
        known=known,
        needs=found,
        signal=lambda s: signal_name(s, lang),
        evidence_label=lambda iri: snap.label(iri, lang),
        **links(f"{PREFIX}/match/needs", {"supplier": supplier}),
    )
