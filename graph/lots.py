"""Lot facts: what the indicators need of each lot, and the rules that make them.

The facts are read from the notice graphs by :mod:`graph.indicators.drafts`
(:func:`~graph.indicators.drafts.lot_facts` for the whole store).

A lot counts in the year its notice was published; lots of planning notices
(prior information) are left out, they announce no procurement. A lot that a
competition notice and a result notice both describe (same procedure id and lot
id) counts once, in the year of its first notice, with the awarded value. The
value is the awarded value, else the estimated one, in euros (another currency
is not comparable). Buyer type comes from the eForms buyer-legal-type code
(:data:`BUYER_TYPES`). The method of a lot's figures is the source format of its
first notice (``keino:noticeFormat``, :data:`METHODS`): eForms notices and TED
XML R2.0.9 notices are counted in separate lines of a series.

>>> BUYER_TYPES["la"], BUYER_TYPES["body-pl-cga"], buyer_type("ra"), buyer_type(None)
('municipal', 'state', 'other', 'unknown')
>>> method_of("ted-xml"), method_of(None)
('ted-xml-notices', 'notices')
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from graph.codes import cpv_division
from graph.namespaces import EPO

#: the flags an indicator series can count
FLAGS = ("innovative", "green", "social")

#: notice source format (``keino:noticeFormat``) → the method its lots are counted by
METHODS = {"eforms": "eforms-notices", "ted-xml": "ted-xml-notices"}
#: the method of lots whose notice states no format (written before formats were recorded)
METHOD_NOTICES = "notices"

#: eForms buyer-legal-type → municipal / state / other. Local authorities and
#: bodies, undertakings and subsidised organisations they control are
#: municipal (kunnat, kuntayhtymät, their companies); central government
#: authorities and what they control are state. Regional authorities
#: (wellbeing services counties, regional councils), EU and international
#: bodies, defence contractors and entities with special rights are "other";
#: a buyer without a stated legal type is "unknown".
BUYER_TYPES = {
    "la": "municipal",
    "body-pl-la": "municipal",
    "pub-undert-la": "municipal",
    "org-sub-la": "municipal",
    "cga": "state",
    "body-pl-cga": "state",
    "pub-undert-cga": "state",
    "org-sub-cga": "state",
}

#: notice class → the kind of its lots (planning notices' lots do not count)
NOTICE_KINDS = {
    str(EPO.PlanningNotice): "planning",
    str(EPO.CompetitionNotice): "competition",
    str(EPO.ResultNotice): "result",
}


def method_of(notice_format: str | None) -> str:
    """The method of a notice's lots from its source format (``eforms``, ``ted-xml``)."""
    return METHODS.get(notice_format or "", METHOD_NOTICES)


def buyer_type(code: str | None) -> str:
    """``municipal``, ``state``, ``other`` or ``unknown`` for a buyer-legal-type code."""
    if not code:
        return "unknown"
    return BUYER_TYPES.get(code, "other")


@dataclass(frozen=True)
class LotFacts:
    """What the indicators need of one lot (after merging its notices)."""

    lot: str
    year: int
    value: float | None  # awarded else estimated, EUR
    flags: dict[str, bool]
    buyers: tuple[str, ...] = ()
    buyer_types: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()  # NUTS-3 codes
    division: str | None = None  # two-digit CPV division
    method: str = METHOD_NOTICES  # from the source format of the lot's first notice


@functools.lru_cache(maxsize=4096)
def division_of(cpv: str) -> str | None:
    """The two-digit CPV division of a code, or None for a code that is not CPV."""
    try:
        return cpv_division(cpv)
    except ValueError:
        return None
