"""``/explore/green-deals``: the green deals, each with its parties on a timeline, its
goals and the signatories' share of green and innovative lots beside the national one.

Pages read ``graph.greendeals`` (deals, parties, the signatories' series) and
``graph.indicators`` (the national series); the layout helpers and the language
choice are the explorer's (``api.routers.explorer``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import StoreDep
from api.exports import check_format, csv_response, json_response, links
from api.indicator_views import scale_lines
from api.routers.explorer import PREFIX, choose_lang, render
from graph.greendeals import (
    Party,
    UnknownGreenDeal,
    YearShare,
    green_deal,
    green_deals,
    signatory_series,
    timeline_days,
)
from graph.indicators import Point, UnknownSeries, series
from graph.namespaces import KEINO
from graph.store import Store

router = APIRouter(prefix=PREFIX, tags=["explorer"], include_in_schema=False)

#: the page's own words; the explorer's (``t``) cover the frame
WORDS: dict[str, dict[str, str]] = {
    "fi": {
        "title": "Green deal -sopimukset",
        "intro": "Green deal -sopimukset osapuolineen; lähteinä julkiset sivut ja "
        "siemendokumentit.",
        "parties": "Osapuolet",
        "timeline": "Osapuolet aikajanalla",
        "no_day": "päivä ei tiedossa",
        "goals": "Tavoitteet ja seuranta",
        "follow_up": "seuranta",
        "series": "Allekirjoittajien hankinnat ja koko maa",
        "series_note": "Allekirjoittajien (myös valtion osapuolten ja sitoutujien) "
        "ilmoitusten osat, joissa lippu on asetettu, kaikista osista vuosittain; "
        "ostaja yhdistetään osapuoleen saman solmun, owl:sameAs-linkin tai saman nimen "
        "perusteella.",
        "national": "koko maa",
        "signatories": "allekirjoittajat",
        "no_notices": "Allekirjoittajien hankintailmoituksia ei ole graafissa.",
        "source": "lähde",
        "missing": "Green deal -sopimusta {iri} ei ole graafissa.",
        "signed": "allekirjoitettu",
        "period": "voimassa",
        "theme": "teema",
        "schedule": "aikataulu",
        "role": "rooli",
        "green": "Vihreät hankinnat",
        "innovative": "Innovatiiviset hankinnat",
    },
    "en": {
        "title": "Green deals",
        "intro": "Green deals with their parties, from public pages and the seed documents.",
        "parties": "Parties",
        "timeline": "Parties on a timeline",
        "no_day": "day not known",
        "goals": "Goals and follow-up",
        "follow_up": "follow-up",
        "series": "The signatories' procurement and the whole country",
        "series_note": "The share of lots carrying the flag among all lots of the notices of the "
        "signatories (state parties and committed parties included), per year; a buyer is a "
        "party by the same node, an owl:sameAs link or the same name.",
        "national": "whole country",
        "signatories": "signatories",
        "no_notices": "The graph holds no notice of the signatories.",
        "source": "source",
        "missing": "The graph holds no green deal {iri}.",
        "signed": "signed",
        "period": "valid",
        "theme": "theme",
        "schedule": "schedule",
        "role": "role",
        "green": "Green procurement",
        "innovative": "Innovative procurement",
    },
}
#: a party role's local name → (Finnish, English) name, in timeline order
ROLE_NAMES = {
    "NegotiatingPartyRole": ("neuvotteleva", "negotiating"),
    "PreparingPartyRole": ("valmisteleva", "preparing"),
    "StatePartyRole": ("valtion osapuoli", "state party"),
    "SignatoryRole": ("allekirjoittaja", "signatory"),
    "CommittedPartyRole": ("sitoutuja", "committed"),
    "SupportingPartyRole": ("toimeenpanon tukija", "supporter"),
}
#: flag property → (national series name, WORDS key of its title)
FLAGS = ((str(KEINO.green), "green-share", "green"),
         (str(KEINO.innovative), "innovative-share", "innovative"))  # fmt: skip


@dataclass(frozen=True)
class Mark:
    """One party on the timeline: its row, x position (None: day unknown) and role."""

    party: Party
    role: str
    x: float | None
    y: float


@dataclass(frozen=True)
class Timeline:
    """The parties placed on an SVG timeline, with year ticks."""

    marks: list[Mark]
    ticks: list[tuple[float, str]]
    width: int
    height: int


def place(parties: list[Party], lang: str, width: int = 640, row: int = 22) -> Timeline:
    """Parties (oldest first) → SVG positions: x by the day their role begins, one row each."""
    span = timeline_days(parties)
    left, right = 220, width - 30
    first, last = span if span else (dt.date.today(), dt.date.today())
    first, last = dt.date(first.year, 1, 1), dt.date(last.year + 1, 1, 1)
    days = (last - first).days or 1

    def x(day: str | None) -> float | None:
        if not day:
            return None
        return round(left + (dt.date.fromisoformat(day) - first).days / days * (right - left), 1)

    index = 1 if lang == "en" else 0
    marks = [
        Mark(p, ROLE_NAMES.get(p.role, (p.role, p.role))[index], x(p.since), 30 + i * row)
        for i, p in enumerate(parties)
    ]
    ticks = [(x(f"{year}-01-01") or left, str(year)) for year in range(first.year, last.year + 1)]
    return Timeline(marks, ticks, width, 40 + len(parties) * row)


@dataclass(frozen=True)
class Line:
    """One line of a chart: its name and its ``(year, share)`` points, oldest first."""

    method: str
    points: list[tuple[str, float]]


@dataclass(frozen=True)
class Chart:
    """Lines of shares by year scaled to one SVG box, with round ticks and the target."""

    title: str
    target: float | None
    lines: list[tuple[Line, list[tuple[float, float, str, float]]]]
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    target_y: float | None
    width: int = 640
    height: int = 280


def chart(title: str, target: float | None, lines: list[Line], width: int = 640,
          height: int = 280) -> Chart:  # fmt: skip
    """The lines scaled to one box (:func:`api.indicator_views.scale_lines`)."""
    scaled, x_ticks, y_ticks, target_y = scale_lines(
        [(line, line.points) for line in lines], target, width, height
    )
    return Chart(title, target, scaled, x_ticks, y_ticks, target_y, width, height)


def known(points: Iterable[tuple[str, float | None]]) -> list[tuple[str, float]]:
    """The points that have a share: a year without any stated flag is left out.

    >>> known([("2022", None), ("2023", 0.5)])
    [('2023', 0.5)]
    """
    return [(period, share) for period, share in points if share is not None]


def notice_shares(points: Iterable[Point]) -> list[tuple[str, float | None]]:
    """The whole country's share per year over every notice format together (the
    signatories' definition: flagged lots per lot); None for a year in which no notice
    states the flag. Survey points, which count no lots, are left out.

    >>> notice_shares([Point(2023, 0.5, lots=4, flagged=2, missing_flag=0),
    ...                Point(2023, 0.0, "ted-xml-notices", lots=4, flagged=0, missing_flag=4),
    ...                Point(2022, 0.0, lots=3, flagged=0, missing_flag=3),
    ...                Point(2018, 0.05, "survey")])
    [('2022', None), ('2023', 0.25)]
    """
    by_year: dict[int, list[Point]] = {}
    for point in points:
        if point.lots:
            by_year.setdefault(point.year, []).append(point)
    out: list[tuple[str, float | None]] = []
    for year, group in sorted(by_year.items()):
        lots = sum(p.lots or 0 for p in group)
        stated = lots - sum(p.missing_flag or 0 for p in group)
        flagged = sum(p.flagged or 0 for p in group)
        out.append((str(year), flagged / lots if stated > 0 else None))
    return out


def charts(store: Store, shares: dict[str, list[YearShare]], lang: str) -> list[Chart]:
    """For green and innovative lots (``shares``: the signatories' years by WORDS key):
    the national series and the signatories' beside it."""
    words = WORDS[lang]
    out = []
    for _flag, name, key in FLAGS:
        own = shares.get(key, [])
        if not own:
            continue
        # a year in which no lot states the flag has no point ("no data", not 0 %)
        lines = [Line(words["signatories"], known((str(p.year), p.share) for p in own))]
        target = None
        try:
            national = series(store, name)
            points = known(notice_shares(national.points))
            lines.insert(0, Line(words["national"], points))
            target = national.target
        except UnknownSeries:
            pass  # no national series loaded: the signatories' line stands alone
        out.append(chart(words[key], target, lines))
    return out


#: the columns of the deal list's and a deal's parties' CSV exports
DEAL_COLUMNS = ("iri", "name", "issued", "parties")
PARTY_COLUMNS = ("iri", "name", "role", "role_label", "since", "source", "source_title", "quote")


def party_rows(parties: list[Party], lang: str) -> list[dict[str, str | None]]:
    """A deal's parties as rows (CSV, JSON): the role's local name and its name in ``lang``."""
    index = 1 if lang == "en" else 0
    return [
        {"iri": p.iri, "name": p.name, "role": p.role,
         "role_label": ROLE_NAMES.get(p.role, (p.role, p.role))[index], "since": p.since,
         "source": p.source, "source_title": p.source_title, "quote": p.quote}
        for p in parties
    ]  # fmt: skip


@router.get("/green-deals", response_class=HTMLResponse)
def green_deals_page(request: Request, store: StoreDep, format: str = "") -> Response:
    """Every green deal of the graph with its signing date and number of parties;
    ``?format=csv|json`` exports the list."""
    asked = check_format(format)
    lang = choose_lang(request)
    deals = green_deals(store)
    rows = [{"iri": d.iri, "name": d.name, "issued": d.issued, "parties": d.parties} for d in deals]
    if asked == "json":
        return json_response(rows)
    if asked == "csv":
        return csv_response(rows, DEAL_COLUMNS, "green-deals.csv")
    return render(
        request, "greendeal.html", words=WORDS[lang], deals=deals, deal=None,
        **links(f"{PREFIX}/green-deals", {}),
    )  # fmt: skip


@router.get("/green-deal", response_class=HTMLResponse)
def green_deal_page(
    request: Request,
    store: StoreDep,
    iri: Annotated[str, Query(min_length=1, max_length=2000)],
    format: str = "",
) -> Response:
    """One green deal: facts, parties on a timeline, goals, the signatories' series;
    ``?format=csv|json`` exports its parties with role, day, source and quote."""
    asked = check_format(format)
    lang = choose_lang(request)
    words = WORDS[lang]
    try:
        deal = green_deal(store, iri, lang)
    except UnknownGreenDeal:
        return render(request, "error.html", status=404, message=words["missing"].format(iri=iri))
    if asked == "json":
        return json_response(
            {"iri": deal.iri, "name": deal.name, "parties": party_rows(deal.parties, lang)}
        )
    if asked == "csv":
        return csv_response(party_rows(deal.parties, lang), PARTY_COLUMNS, "green-deal-parties.csv")
    shares: dict[str, list[YearShare]] = {
        key: signatory_series(store, iri, flag) for flag, _name, key in FLAGS
    }
    return render(
        request, "greendeal.html", words=words, deals=None, deal=deal,
        timeline=place(deal.parties, lang), charts=charts(store, shares, lang), shares=shares,
        **links(f"{PREFIX}/green-deal", {"iri": iri}),
    )  # fmt: skip
