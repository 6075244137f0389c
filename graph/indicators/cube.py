"""The indicator cube as RDF Data Cube triples (pure: no store).

One ``qb:DataSet`` per series with its structure, one ``qb:Observation`` per
year, method (source format of the notices counted) and breakdown value, and a
ranking of the breakdown values by lots. The
indicator's targets and survey figures are curated facts of the ecosystem graph:
the cube links to their IRIs (:mod:`graph.indicators.curated`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from graph.indicators.aggregate import Aggregates, At, Cell, ranking
from graph.indicators.curated import SurveyFigure
from graph.indicators.vocabulary import (
    BREAKDOWN_TITLES,
    BREAKDOWNS,
    FLAG_TITLES,
    MEASURES,
    METHOD_SURVEY,
    SURVEY_SERIES,
    SURVEY_TITLES,
    series_name,
)
from graph.iris import indicator_dataset_iri, indicator_structure_iri, observation_iri
from graph.namespaces import CPV, DCTERMS, KEINO, NUTS, PROV, QB, RDFS, SDMX_DIMENSION
from graph.rdf import RDF_TYPE, XSD, Term, Triple, a, iri, lit, triple

#: components given once on the data set, not on each observation
_ON_DATASET = frozenset(str(KEINO[p]) for p in ("flag", "indicator", "hasTarget"))


def _decimal(x: float | Decimal, places: int) -> Decimal:
    return Decimal(f"{x:.{places}f}")


def _year(year: int) -> Term:
    return lit(str(year), datatype=XSD + "gYear")


def _key_term(breakdown: str, key: str) -> str | Term:
    """A breakdown value as stored: buyer IRI, NUTS or CPV code IRI, or a literal type."""
    if breakdown == "buyer":
        return key
    if breakdown == "region":
        return NUTS[key]
    if breakdown == "cpv-division":
        return CPV[key + "000000"]
    return lit(key)


def method_observation_iri(series: str, year: int, method: str, key: str = "") -> str:
    """IRI of one observation of a notice series: series, year, method, breakdown value.

    >>> method_observation_iri("green-share-by-region", 2024, "eforms-notices", "FI1B1")
    'https://w3id.org/keino/id/indicator-dataset/green-share-by-region/2024/eforms-notices/fi1b1'
    """
    year_iri = observation_iri(series, year)
    return year_iri + "/" + method + observation_iri(series, year, key)[len(year_iri) :]


def structure_triples(breakdown: str, *, survey: bool = False) -> list[Triple]:
    """A structure: year, flag, method (and breakdown) dimensions; the measures.

    >>> len(structure_triples("buyer")) > 20
    True
    """
    dsd = indicator_structure_iri("survey" if survey else breakdown)
    dims = [SDMX_DIMENSION.refPeriod, KEINO.flag, KEINO.method]
    dims += [KEINO.breakdown] if breakdown != "total" else []
    measures = [KEINO.share] if survey else [KEINO[m] for m in MEASURES]
    out = [a(dsd, QB.DataStructureDefinition)]
    parts = [("dimension", p) for p in dims] + [("measure", p) for p in measures]
    parts += [("attribute", KEINO.indicator), ("attribute", KEINO.hasTarget)]
    for order, (role, prop) in enumerate(parts, start=1):
        component = f"{dsd}/component/{order}"
        out += [triple(dsd, QB.component, component), a(component, QB.ComponentSpecification)]
        out += [triple(component, QB[role], prop), a(prop, QB[role.title() + "Property"])]
        if role == "dimension":
            out.append(triple(component, QB.order, lit(order)))
        if str(prop) in _ON_DATASET:
            out.append(triple(component, QB.componentAttachment, QB.DataSet))
    return out


def dataset_triples(
    name: str, flag: str, breakdown: str, indicator: str, targets: Sequence[str]
) -> list[Triple]:
    """The ``qb:DataSet`` of one series: titles, flag, indicator (and targets for the
    innovative share, the one the targets are set for); the method is on each observation."""
    ds = indicator_dataset_iri(name)
    fi, en = FLAG_TITLES[flag]
    bfi, ben = BREAKDOWN_TITLES[breakdown]
    out = [
        a(ds, QB.DataSet),
        triple(ds, QB.structure, indicator_structure_iri(breakdown)),
        triple(ds, DCTERMS.identifier, lit(name)),
        triple(ds, RDFS.label, lit(fi + bfi, lang="fi")),
        triple(ds, RDFS.label, lit(en + ben, lang="en")),
        triple(ds, KEINO.flag, KEINO[flag]),
        triple(ds, KEINO.indicator, indicator),
    ]
    if flag == "innovative":
        out += [triple(ds, KEINO.hasTarget, target) for target in targets]
    return out


def observation_triples(
    name: str, breakdown: str, year: int, method: str, key: str, cell: Cell
) -> list[Triple]:
    """One ``qb:Observation``: year, method, breakdown value and the eight measures.

    Flag, indicator and target are the same for every observation of a series, so
    they are attached to the ``qb:DataSet`` (``qb:componentAttachment``) rather
    than repeated: fewer triples to write at every recomputation. The method (the
    source format of the notices counted) differs between a series' lines.
    """
    obs = method_observation_iri(name, year, method, key)
    out = [
        a(obs, QB.Observation),
        triple(obs, QB.dataSet, indicator_dataset_iri(name)),
        triple(obs, SDMX_DIMENSION.refPeriod, _year(year)),
        triple(obs, KEINO.method, lit(method)),
        triple(obs, KEINO.share, lit(_decimal(cell.share, 6))),
        triple(obs, KEINO.lotCount, lit(cell.lots)),
        triple(obs, KEINO.flaggedCount, lit(cell.flagged)),
        triple(obs, KEINO.lotsMissingFlag, lit(cell.missing_flag)),
        triple(obs, KEINO.lotsMissingValue, lit(cell.missing_value)),
        triple(obs, KEINO.amount, lit(_decimal(cell.amount, 2))),
        triple(obs, KEINO.flaggedAmount, lit(_decimal(cell.flagged_amount, 2))),
    ]
    if cell.value_share is not None:
        out.append(triple(obs, KEINO.valueShare, lit(_decimal(cell.value_share, 6))))
    if key:
        out.append(triple(obs, KEINO.breakdown, _key_term(breakdown, key)))
    return out


_XSD_DECIMAL, _XSD_INTEGER = f"^^<{XSD}decimal>", f"^^<{XSD}integer>"
_P_SHARE, _P_VALUE_SHARE = str(iri(KEINO.share)), str(iri(KEINO.valueShare))
_P_COUNTS = [str(iri(KEINO[m])) for m in ("lotCount", "flaggedCount", "lotsMissingFlag",
                                          "lotsMissingValue")]  # fmt: skip
_P_AMOUNT, _P_FLAGGED_AMOUNT = str(iri(KEINO.amount)), str(iri(KEINO.flaggedAmount))


_TYPE_OBSERVATION = f" {iri(RDF_TYPE)} {iri(QB.Observation)}"
_P_DATASET, _P_YEAR = f" {iri(QB.dataSet)} ", f" {iri(SDMX_DIMENSION.refPeriod)} "
_P_METHOD, _P_BREAKDOWN = f" {iri(KEINO.method)} ", f" {iri(KEINO.breakdown)} "


@functools.lru_cache(maxsize=200_000)
def _observation_head(
    name: str, breakdown: str, year: int, method: str, key: str
) -> tuple[str, tuple[str, ...]]:
    """An observation's subject and its lines that do not depend on the counts (type,
    data set, year, method, breakdown value), as N-Triples from the terms' own
    serialisation; remembered, as a daily update rewrites the same observations."""
    subject = str(iri(method_observation_iri(name, year, method, key)))
    fixed = [
        subject + _TYPE_OBSERVATION,
        subject + _P_DATASET + str(iri(indicator_dataset_iri(name))),
        subject + _P_YEAR + str(_year(year)),
        subject + _P_METHOD + str(lit(method)),
    ]
    if key:
        term = _key_term(breakdown, key)
        fixed.append(subject + _P_BREAKDOWN + str(iri(term) if isinstance(term, str) else term))
    return subject, tuple(fixed)


def observation_lines(
    name: str, breakdown: str, year: int, method: str, key: str, cell: Cell | None,
    *, measures_only: bool = False,
) -> list[str]:  # fmt: skip
    """:func:`observation_triples` as N-Triples lines (no final `` .``), written as text
    (the counts are integers and decimals, the rest comes from the terms' own
    serialisation). ``measures_only`` leaves out the lines that do not depend on the
    counts; ``cell`` None gives those lines only.

    >>> c = Cell(3, 1, 1, 1, 12345, 100)
    >>> lines = observation_lines("green-share-by-region", "region", 2024, "notices", "FI1B1", c)
    >>> sorted(lines) == sorted(str(t) for t in observation_triples(
    ...     "green-share-by-region", "region", 2024, "notices", "FI1B1", c))
    True
    """
    subject, fixed = _observation_head(name, breakdown, year, method, key)
    out = [] if measures_only else list(fixed)
    if cell is None:
        return out
    s = subject + " "
    counts = (cell.lots, cell.flagged, cell.missing_flag, cell.missing_value)
    out.append(f'{s}{_P_SHARE} "{_decimal(cell.share, 6)}"{_XSD_DECIMAL}')
    out += [f'{s}{p} "{n}"{_XSD_INTEGER}' for p, n in zip(_P_COUNTS, counts, strict=True)]
    out.append(f'{s}{_P_AMOUNT} "{_decimal(cell.amount, 2)}"{_XSD_DECIMAL}')
    out.append(f'{s}{_P_FLAGGED_AMOUNT} "{_decimal(cell.flagged_amount, 2)}"{_XSD_DECIMAL}')
    if cell.value_share is not None:
        out.append(f'{s}{_P_VALUE_SHARE} "{_decimal(cell.value_share, 6)}"{_XSD_DECIMAL}')
    return out


def ranking_triples(name: str, breakdown: str, cells: dict[At, Cell]) -> list[Triple]:
    """The breakdown values of a series ranked by lots over all years (1 = most lots).

    Written with the cube so that reading the largest buyers of a series needs
    no aggregation over its ~10,000 observations (``series(..., limit=)``).

    >>> cells = {(2024, "m", "FI1B1"): Cell(lots=2), (2024, "m", "FI197"): Cell(lots=5)}
    >>> [t.object.value for t in ranking_triples("x", "region", cells)][1:3]
    ['1', 'http://data.europa.eu/nuts/code/FI197']
    """
    ds = indicator_dataset_iri(name)
    out = []
    for rank, key in enumerate(ranking(cells), start=1):
        node = f"{ds}/rank/{rank}"
        out += [
            triple(ds, KEINO.ranking, node),
            triple(node, KEINO.rank, lit(rank)),
            triple(node, KEINO.breakdown, _key_term(breakdown, key)),
        ]
    return out


def survey_triples(
    figures: Sequence[SurveyFigure], indicator: str, targets: Sequence[str]
) -> list[Triple]:
    """The survey series: one observation (method ``survey``) per curated survey
    figure of the indicator, derived from that figure (which carries the citation)."""
    if not figures:
        return []
    ds = indicator_dataset_iri(SURVEY_SERIES)
    fi, en = SURVEY_TITLES
    out = structure_triples("total", survey=True)
    out += [
        a(ds, QB.DataSet),
        triple(ds, QB.structure, indicator_structure_iri("survey")),
        triple(ds, DCTERMS.identifier, lit(SURVEY_SERIES)),
        triple(ds, RDFS.label, lit(fi, lang="fi")),
        triple(ds, RDFS.label, lit(en, lang="en")),
        triple(ds, KEINO.flag, KEINO.innovative),
        triple(ds, KEINO.indicator, indicator),
    ]
    out += [triple(ds, KEINO.hasTarget, target) for target in targets]
    for figure in figures:
        obs = observation_iri(SURVEY_SERIES, figure.year)
        out += [
            a(obs, QB.Observation),
            triple(obs, QB.dataSet, ds),
            triple(obs, SDMX_DIMENSION.refPeriod, _year(figure.year)),
            triple(obs, KEINO.flag, KEINO.innovative),
            triple(obs, KEINO.method, lit(METHOD_SURVEY)),
            triple(obs, KEINO.share, lit(figure.share)),
            triple(obs, KEINO.indicator, indicator),
            triple(obs, PROV.wasDerivedFrom, figure.iri),
        ]
    return out


def head_triples(
    aggregates: Aggregates,
    *,
    indicator: str,
    targets: Sequence[str] = (),
    surveys: Sequence[SurveyFigure] = (),
    sources: Iterable[str] = (),
) -> list[Triple]:
    """Every triple of ``kg:indicators`` but the observations of the notice series:
    structures, data sets, rankings and the survey series (a few thousand triples)."""
    out = survey_triples(surveys, indicator, targets)
    sources = list(sources)
    for breakdown in BREAKDOWNS:
        out += structure_triples(breakdown)
    for (flag, breakdown), cells in aggregates.items():
        name = series_name(flag, breakdown)
        ds = indicator_dataset_iri(name)
        out += dataset_triples(name, flag, breakdown, indicator, targets)
        out += [triple(ds, PROV.wasDerivedFrom, g) for g in sources]
        if breakdown != "total":
            out += ranking_triples(name, breakdown, cells)
    return out


def all_observation_lines(aggregates: Aggregates) -> Iterator[str]:
    """The observations of every notice series as N-Triples lines (no final `` .``)."""
    for (flag, breakdown), cells in aggregates.items():
        name = series_name(flag, breakdown)
        for (year, method, key), cell in sorted(cells.items()):
            yield from observation_lines(name, breakdown, year, method, key, cell)


def all_observation_triples(aggregates: Aggregates) -> Iterator[Triple]:
    """The observations of every notice series."""
    for (flag, breakdown), cells in aggregates.items():
        name = series_name(flag, breakdown)
        for (year, method, key), cell in sorted(cells.items()):
            yield from observation_triples(name, breakdown, year, method, key, cell)


def cube_triples(
    aggregates: Aggregates,
    *,
    indicator: str,
    targets: Sequence[str] = (),
    surveys: Sequence[SurveyFigure] = (),
    sources: Iterable[str] = (),
) -> list[Triple]:
    """Every data set, structure and observation of ``kg:indicators``."""
    head = head_triples(
        aggregates, indicator=indicator, targets=targets, surveys=surveys, sources=sources
    )
    return head + list(all_observation_triples(aggregates))
