"""The official ePO 4.2 SHACL shapes (core + eNotice, ``../shared/data/epo``) over
every bundled notice (eForms, the TED XML twins, Hilma), with the code lists the
notices use: pyshacl, no inference, no ontology mixed in.

Every result must be explained by a gap the ingest report recorded for that
notice ("ePO 4.2 gap: …", naming the business term and the ePO property): the
mapping never invents a value the source lacks, and a notice without gaps has no
violation at all. ``ontology/shapes.ttl`` (KEINO's own shapes) must hold as well.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
import rdflib
from rdflib.namespace import SH

from graph.iris import graph_iri
from graph.procurement import notice_iri
from graph.resources import resource_dir
from graph.store import Store
from graph.validate import graph_as_rdflib, validate_graph
from ingest import codelists
from ingest.notices import ingest
from ingest.notices.detect import parse_file
from ingest.notices.gaps import PREFIX
from ingest.report import IngestReport

SHAPES = (
    "implementation/ePO_core/shacl_shapes/ePO_core_shapes.ttl",
    "implementation/eNotice/shacl_shapes/eNotice_shapes.ttl",
)
EPO = "http://data.europa.eu/a4g/ontology#"


@pytest.fixture(scope="module")
def official_shapes(shared_data: Path) -> rdflib.Graph:
    folder = shared_data / "epo"
    if not (folder / SHAPES[0]).is_file():
        pytest.skip(f"{folder} lacks the ePO 4.2 shapes")
    shapes = rdflib.Graph()
    for path in SHAPES:
        shapes.parse(folder / path, format="turtle")
    return shapes


@pytest.fixture(scope="module")
def mapped() -> tuple[Store, IngestReport]:
    """Every bundled notice and the code lists, in one store."""
    store = Store()
    report = ingest(store, [resource_dir("data") / "notices"], batch="bundled")
    assert report.ok and codelists.ingest(store).ok
    return store, report


def _data_graph(store: Store) -> rdflib.Graph:
    """The notices graph plus the code-list concepts (and their schemes) it names."""
    data = graph_as_rdflib(store, graph_iri("notices", "bundled"))
    named = {o for o in data.objects() if isinstance(o, rdflib.URIRef)}
    for triple in graph_as_rdflib(store, codelists.GRAPH):
        if triple[0] in named:
            data.add(triple)
    return data


def _gaps(report: IngestReport) -> dict[str, list[str]]:
    """Notice IRI → the ePO 4.2 gaps the ingest report records for it."""
    by_path: dict[str, list[str]] = defaultdict(list)
    for problem in report.problems():
        if problem.kind == "warning":
            by_path[problem.path].append(problem.reason)
    gaps: dict[str, list[str]] = {}
    for path, reasons in by_path.items():
        renamed = [m[1] for r in reasons if (m := re.search(r"mapped as (\S+)$", r))]
        iri = notice_iri(renamed[0] if renamed else parse_file(Path(path)).notice_id)
        gaps[iri] = [r for r in reasons if r.startswith(PREFIX)]
    return gaps


def _explained(result: dict[str, str], gaps: dict[str, list[str]]) -> bool:
    """Whether a gap names this result's property (and, for a code, the code)."""
    term = "epo:" + result["path"].removeprefix(EPO)
    focus, value = result["focus"], result["value"]
    if result["path"].endswith("#hasNutsCode") or result["path"].endswith("core#inScheme"):
        code = (value or focus).rsplit("/", 1)[-1]  # the NUTS code itself
        return any(f" {code} " in gap for notes in gaps.values() for gap in notes)
    notice = next((n for n in gaps if focus == n or focus.startswith(n + "/")), None)
    return notice is not None and any(term in gap for gap in gaps[notice])


def _results(report: rdflib.Graph) -> list[dict[str, str]]:
    out = []
    for r in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        out.append(
            {
                "component": str(report.value(r, SH.sourceConstraintComponent)).rsplit("#")[-1],
                "path": str(report.value(r, SH.resultPath)),
                "focus": str(report.value(r, SH.focusNode)),
                "value": str(report.value(r, SH.value) or ""),
            }
        )
    return out


@pytest.mark.shared
def test_official_shapes_find_nothing_but_the_recorded_gaps(
    mapped: tuple[Store, IngestReport], official_shapes: rdflib.Graph
) -> None:
    store, report = mapped
    data = _data_graph(store)
    _conforms, results, _ = pyshacl.validate(
        data, shacl_graph=official_shapes, inference="none", allow_warnings=True
    )
    found = _results(results)
    gaps = _gaps(report)
    unexplained = [r for r in found if not _explained(r, gaps)]
    assert unexplained == [], unexplained[:10]
    notices = {str(n) for n in data.subjects(rdflib.RDF.type, rdflib.URIRef(EPO + "Notice"))}
    clean = {n for n in notices if not gaps.get(n)}
    assert len(notices) == report.counts()["mapped"] and len(clean) > 60, "most are complete"
    assert not [r for r in found if r["focus"] in clean or r["focus"].split("/lot/")[0] in clean]


@pytest.mark.shared
def test_a_missing_mandatory_field_is_a_violation_and_a_gap(
    official_shapes: rdflib.Graph, tmp_path: Path
) -> None:
    """Dropping BT-105 from a complete notice: the shapes object, the report names it."""
    source = resource_dir("data") / "notices" / "eforms-sdk" / "can_24_minimal.xml"
    text = source.read_text(encoding="utf-8")
    cut = re.sub(r"<cbc:ProcedureCode[^>]*>[^<]*</cbc:ProcedureCode>", "", text)
    assert cut != text
    (tmp_path / "n.xml").write_text(cut, encoding="utf-8")
    store = Store()
    report = ingest(store, [tmp_path / "n.xml"], batch="bundled")
    assert codelists.ingest(store).ok
    _conforms, results, _ = pyshacl.validate(
        _data_graph(store), shacl_graph=official_shapes, inference="none", allow_warnings=True
    )
    assert {r["path"] for r in _results(results)} == {EPO + "hasProcedureType"}
    assert any("BT-105" in p.reason and PREFIX in p.reason for p in report.problems())


def test_our_own_shapes_hold_on_the_bundled_notices(mapped: tuple[Store, IngestReport]) -> None:
    store, _ = mapped
    data = _data_graph(store)
    failing = [v for v in validate_graph(data) if v.severity == "Violation"]
    assert failing == [], [str(v) for v in failing[:10]]


AUTHORITY = "http://publications.europa.eu/resource/authority/"
NUTS_SCHEME = "http://data.europa.eu/nuts/scheme/"


@pytest.fixture(scope="module")
def code_store() -> Store:
    store = Store()
    assert codelists.ingest(store).ok
    return store


@pytest.mark.parametrize(
    ("concept", "scheme", "label"),
    [
        (AUTHORITY + "country/FIN", AUTHORITY + "country", "Suomi"),
        (AUTHORITY + "currency/EUR", AUTHORITY + "currency", "Euro"),
        (
            AUTHORITY + "procurement-procedure-type/open",
            AUTHORITY + "procurement-procedure-type",
            None,
        ),
        (AUTHORITY + "contract-nature/works", AUTHORITY + "contract-nature", None),
        (AUTHORITY + "notice-type/can-standard", AUTHORITY + "notice-type", None),
        (AUTHORITY + "buyer-legal-type/la", AUTHORITY + "buyer-legal-type", None),
        ("http://data.europa.eu/cpv/cpv/90910000", "http://data.europa.eu/cpv/cpv", None),
        ("http://data.europa.eu/nuts/code/FI1B1", NUTS_SCHEME + "2021", "Helsinki-Uusimaa"),
        ("http://data.europa.eu/nuts/code/UKM71", NUTS_SCHEME + "2021", None),
    ],
)
def test_codes_are_concepts_of_the_scheme_the_shapes_name(
    code_store: Store, concept: str, scheme: str, label: str | None
) -> None:
    query = (
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT ?c ?s ?l ?fi WHERE { ?c a skos:Concept ; skos:inScheme ?s ;"
        " skos:prefLabel ?fi FILTER(LANG(?fi) = 'fi') FILTER(?l = '' || STR(?fi) = ?l) }"
    )
    found = list(
        code_store.query(
            query,
            substitutions={
                "c": ox.NamedNode(concept),
                "s": ox.NamedNode(scheme),
                "l": ox.Literal(label or ""),
            },
        )
    )
    assert bool(found), (concept, scheme, label)


def test_nuts_versions_are_told_apart(code_store: Store) -> None:
    """A code NUTS 2024 renumbered is in 2021 only; its 2024 twin in 2024 only."""

    def schemes(code: str) -> set[str]:
        rows = code_store.query(
            "SELECT ?c ?s WHERE { ?c <http://www.w3.org/2004/02/skos/core#inScheme> ?s }",
            substitutions={"c": ox.NamedNode("http://data.europa.eu/nuts/code/" + code)},
        )
        return {r["s"].value.removeprefix(NUTS_SCHEME) for r in rows}

    assert {"2021"} <= schemes("FI193") and "2024" not in schemes("FI193")
    assert {"2024"} <= schemes("FI198") and "2021" not in schemes("FI198")
    assert {"2021", "2024"} <= schemes("FI1B1")
