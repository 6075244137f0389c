"""The indicator series: their names, breakdowns, methods, measures and titles.

>>> series_name("innovative", "buyer-type")
'innovative-share-by-buyer-type'
>>> breakdown_of("innovative-share-by-buyer-type"), breakdown_of(SURVEY_SERIES)
('buyer-type', 'total')
"""

from __future__ import annotations

from graph.iris import entity_iri, graph_iri
from graph.lots import FLAGS as FLAGS
from graph.lots import METHOD_NOTICES as METHOD_NOTICES
from graph.lots import METHODS as METHODS

INDICATORS_GRAPH = graph_iri("indicators")
#: The indicator entity of the ecosystem graph ("mittari" of KEINO's operating
#: period, seed 000; its row in ``data/ecosystem/ecosystem.yaml``): every series
#: measures it, and its targets and survey figures are read from there.
INNOVATIVE_SHARE_INDICATOR = entity_iri(
    "indicator", "kestävien ja innovatiivisten hankintojen määrän kehitystrendi"
)

BREAKDOWNS = ("total", "buyer", "buyer-type", "region", "cpv-division")
METHOD_SURVEY = "survey"
#: every method a figure can have (the lines of a series) → its name in fi, sv, en
METHOD_TITLES = {
    METHODS["eforms"]: (
        "eForms-ilmoitukset (Hilma, TED)",
        "eForms-meddelanden (Hilma, TED)",
        "eForms notices (Hilma, TED)",
    ),
    METHODS["ted-xml"]: (
        "TED XML -ilmoitukset (R2.0.9)",
        "TED XML-meddelanden (R2.0.9)",
        "TED XML notices (R2.0.9)",
    ),
    METHOD_NOTICES: (
        "ilmoitukset, muoto ei tiedossa",
        "meddelanden, okänt format",
        "notices, format not recorded",
    ),
    METHOD_SURVEY: (
        "kysely hankintayksiköille",
        "enkät till upphandlande enheter",
        "survey of procurement units",
    ),
}
SURVEY_SERIES = "innovative-share-survey"
#: breakdown values a series read keeps by default in the API and CLI (the
#: largest buyers): a by-buyer series has ~10,000 points, too many for a chart
#: and over the 200 ms read budget
DEFAULT_LIMIT = 100
MEASURES = (
    "share",
    "valueShare",
    "lotCount",
    "flaggedCount",
    "lotsMissingFlag",
    "lotsMissingValue",
    "amount",
    "flaggedAmount",
)
BREAKDOWN_TITLES = {
    "total": ("", ""),
    "buyer": (" hankintayksiköittäin", " by buyer"),
    "buyer-type": (" hankintayksikön tyypin mukaan", " by buyer type"),
    "region": (" maakunnittain", " by region (NUTS-3)"),
    "cpv-division": (" CPV-pääryhmittäin", " by CPV division"),
}
FLAG_TITLES = {
    "innovative": ("Innovatiivisten hankintojen osuus", "Share of innovative procurement"),
    "green": ("Ympäristönäkökohdat huomioivien hankintojen osuus", "Share of green procurement"),
    "social": (
        "Sosiaaliset näkökohdat huomioivien hankintojen osuus",
        "Share of social procurement",
    ),
}
SURVEY_TITLES = (
    "Innovatiivisten hankintojen osuus (kysely)",
    "Share of innovative procurement (survey)",
)


def series_name(flag: str, breakdown: str) -> str:
    """The name of one series: ``innovative-share``, ``green-share-by-region`` …"""
    return f"{flag}-share" if breakdown == "total" else f"{flag}-share-by-{breakdown}"


def breakdown_of(name: str) -> str:
    """The breakdown of a series name (``total`` for the survey and unbroken series)."""
    return name.split("-share-by-", 1)[1] if "-share-by-" in name else "total"
