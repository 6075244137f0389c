"""What the curated ecosystem graph says about an indicator: its targets and the
survey figures that measured it (``data/ecosystem/ecosystem.yaml``, each fact
cited with its seed quote there).

The cube links to these entities instead of restating them, so a target or a
survey figure has one home and one citation.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from graph.indicators.vocabulary import METHOD_SURVEY
from graph.rdf import iri, lit
from graph.store import Store


@dataclass(frozen=True)
class SurveyFigure:
    """A curated figure that measured the indicator by survey: its IRI, year and share."""

    iri: str
    year: int
    share: Decimal


_Q_TARGETS = """PREFIX keino: <https://w3id.org/keino/ontology#>
SELECT ?indicator ?target WHERE { ?indicator keino:hasTarget ?target } ORDER BY ?target"""

_Q_SURVEYS = """PREFIX keino: <https://w3id.org/keino/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?indicator ?method ?figure ?share ?year WHERE {
  ?figure keino:indicator ?indicator ; keino:method ?method ;
          schema:value ?share ; dct:temporal ?year }
ORDER BY ?year ?figure"""


def indicator_targets(store: Store, indicator: str) -> list[str]:
    """IRIs of the targets (``keino:Target``) the curated graph gives the indicator."""
    rows = store.select_values(_Q_TARGETS, substitutions={"indicator": iri(indicator)})
    return [target for _indicator, target in rows if target is not None]


def survey_figures(store: Store, indicator: str) -> list[SurveyFigure]:
    """The curated figures of the indicator with method ``survey``, oldest first."""
    bound = {"indicator": iri(indicator), "method": lit(METHOD_SURVEY)}
    return [
        SurveyFigure(figure, int(year[:4]), Decimal(share))
        for _indicator, _method, figure, share, year in store.select_values(
            _Q_SURVEYS, substitutions=bound
        )
        if figure is not None and share is not None and year is not None
    ]
