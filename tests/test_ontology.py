"""The ontology (``ontology/keino.ttl``), its SHACL shapes and their examples.

What a user would notice: a ``keino:`` term used in code but missing from the
ontology (no label in the explorer, no definition for researchers); a shape that
lets broken data through or rejects the real demo graph; ``keino validate`` that
exits 0 on bad data or does not say which node and shape failed.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from typer.testing import CliRunner

from graph.namespaces import KEINO, KEINO_NS, ORG
from graph.procurement import LotRecord, OrgRef, record_triples
from graph.resources import resource_dir
from graph.store import Store
from graph.validate import Violation, validate_graph, validate_store, validate_triples

ONTOLOGY = resource_dir("ontology")
ONTOLOGY_IRI = rdflib.URIRef("https://w3id.org/keino/ontology")
VALID = sorted((ONTOLOGY / "examples" / "valid").glob("*.ttl"))
INVALID = sorted((ONTOLOGY / "examples" / "invalid").glob("*.ttl"))
#: rdf:Property only for keino:breakdown, whose values are IRIs and literals.
DECLARING_TYPES = {
    OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual, RDF.Property,
    OWL.AnnotationProperty,
}  # fmt: skip
REASON = re.compile(r"^# invalid: (?P<shape>\S+) (?P<path>\S+) — (?P<why>.+)$")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY / "keino.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY / "shapes.ttl", format="turtle")


def namespace_terms() -> list[str]:
    """Every term listed in ``graph.namespaces.KEINO``."""
    return sorted(name for name in KEINO.__annotations__ if not name.startswith("_"))


def languages(graph: rdflib.Graph, subject: rdflib.URIRef, prop: rdflib.URIRef) -> set[str]:
    """Language tags of the literal values of ``subject prop``."""
    return {
        o.language
        for o in graph.objects(subject, prop)
        if isinstance(o, rdflib.Literal) and o.language
    }


def keino_iris(graph: rdflib.Graph) -> set[rdflib.URIRef]:
    """Every ``keino:`` IRI a graph mentions, in any position."""
    return {
        node
        for t in graph
        for node in t
        if isinstance(node, rdflib.URIRef) and str(node).startswith(KEINO_NS)
    }


# ----------------------------------------------------------------- ontology
def test_ontology_header_has_version_title_and_description(ontology: rdflib.Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    for prop in (rdflib.DCTERMS.title, rdflib.DCTERMS.description):
        langs = languages(ontology, ONTOLOGY_IRI, prop)
        assert {"fi", "en"} <= langs, f"{prop} needs fi and en"


@pytest.mark.parametrize("name", namespace_terms())
def test_namespace_term_is_declared_labelled_and_defined(ontology: rdflib.Graph, name: str) -> None:
    term = rdflib.URIRef(KEINO_NS + name)
    types = set(ontology.objects(term, RDF.type))
    assert types & DECLARING_TYPES, f"keino:{name} is used in code but not declared in keino.ttl"
    labels = languages(ontology, term, SKOS.prefLabel)
    assert {"fi", "en"} <= labels, f"keino:{name} needs skos:prefLabel @fi and @en"
    definitions = languages(ontology, term, SKOS.definition)
    assert "en" in definitions, f"keino:{name} needs an English skos:definition"
    assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in ontology


def test_ontology_declares_no_term_the_code_does_not_list(ontology: rdflib.Graph) -> None:
    declared = {str(s).removeprefix(KEINO_NS) for s in keino_iris(ontology)}
    assert declared - set(namespace_terms()) == set(), "add these to graph/namespaces.py"


def test_every_keino_term_in_the_ontology_and_shapes_has_a_label(
    ontology: rdflib.Graph, shapes: rdflib.Graph
) -> None:
    unlabelled = {
        term
        for term in keino_iris(ontology) | keino_iris(shapes)
        if ontology.value(term, SKOS.prefLabel) is None
    }
    assert unlabelled == set()


def test_each_term_has_one_label_per_language(ontology: rdflib.Graph) -> None:
    """The explorer shows one name per language; two would be picked at random."""
    doubled = set()
    for term in keino_iris(ontology):
        tags = [o.language for o in ontology.objects(term, SKOS.prefLabel)]
        doubled |= {(str(term), tag) for tag in tags if tags.count(tag) > 1}
    assert doubled == set()


def test_roles_are_org_roles(ontology: rdflib.Graph) -> None:
    for role in (KEINO.ConsortiumMemberRole, KEINO.StrategicPartnerRole):
        assert (role, RDF.type, ORG.Role) in ontology


def test_keino_classes_reach_a_standard_class(ontology: rdflib.Graph) -> None:
    """Every keino: organisation class is, through its superclasses, an org:Organization."""
    for name in ("Ministry", "Municipality", "WellbeingServicesCounty", "Company", "Supplier"):
        supers = set(ontology.transitive_objects(KEINO[name], RDFS.subClassOf))
        assert ORG.Organization in supers, f"keino:{name} is not below org:Organization"


# ------------------------------------------------------------------- shapes
@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_example_conforms(path: Path) -> None:
    data = rdflib.Graph().parse(path, format="turtle")
    assert [str(v) for v in validate_graph(data)] == []


def test_there_are_invalid_examples_for_each_source() -> None:
    assert len(INVALID) >= 8
    assert len(VALID) >= 4


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_example_fails_for_its_stated_reason(path: Path, shapes: rdflib.Graph) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = REASON.match(first)
    assert match, f"{path.name}: first line must be '# invalid: ks:Shape prefix:path — reason'"
    expand = shapes.namespace_manager.expand_curie
    shape = str(expand(match["shape"]))
    wanted_path = "/".join(str(expand(step)) for step in match["path"].split("/"))
    violations = validate_graph(rdflib.Graph().parse(path, format="turtle"))
    assert violations, f"{path.name} conforms but should fail: {match['why']}"
    assert (shape, wanted_path) in {(v.shape, v.path) for v in violations}, violations


def test_notice_mapping_shape_conforms() -> None:
    """record_triples writes what the notice mapper writes; both must pass the shapes."""
    notice = "https://w3id.org/keino/id/notice/t1"
    full = LotRecord(
        lot=notice + "/lot/LOT-0002", notice=notice, published=dt.date(2025, 1, 31),
        titles={"fi": "Sähköbussit", "en": "Electric buses"}, descriptions={"fi": "Kuvaus"},
        cpv=("34144910", "34121100"), nuts=("FI1C2", "FI1C"),
        buyers=(OrgRef("https://w3id.org/keino/id/org/fi/0204819-8", "Tampereen kaupunki",
                       "0204819-8", "FI197", "la"),),
        winners=(OrgRef("https://w3id.org/keino/id/org/name/se/bus-ab", "Bus AB"),),
        estimated_value=1_000_000.0, awarded_value=950_000.0, currency="EUR",
        tenders_received=3, notice_kind="result",
        flags={"innovative": True, "green": True, "social": False, "lowCarbon": True},
    )  # fmt: skip
    bare = LotRecord(
        lot=notice + "/lot/LOT-0001", notice=notice, published=None, titles={},
        descriptions={}, cpv=(), nuts=(), buyers=(), notice_kind="other",
    )  # fmt: skip
    assert [str(v) for v in validate_triples(record_triples(full) + record_triples(bare))] == []


def test_cpv_concept_needs_a_finnish_label() -> None:
    data = rdflib.Graph().parse(
        format="turtle",
        data="""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <http://data.europa.eu/cpv/cpv/90910000> a skos:Concept ;
            skos:inScheme <http://data.europa.eu/cpv/cpv> ; skos:notation "90910000" ;
            skos:prefLabel "Cleaning services"@en .""",
    )
    shapes_hit = {v.shape for v in validate_graph(data)}
    assert "https://w3id.org/keino/shapes#ConceptShape" in shapes_hit


def test_subclasses_are_checked_by_superclass_shapes() -> None:
    """A node typed only keino:Municipality is still checked as an org:Organization."""
    data = rdflib.Graph().parse(
        format="turtle",
        data="""@prefix keino: <https://w3id.org/keino/ontology#> .
        <https://w3id.org/keino/id/municipality/205> a keino:Municipality .""",
    )
    shapes_hit = {v.shape.rsplit("#", 1)[-1] for v in validate_graph(data)}
    assert {"OrganizationShape", "KeinoOrganisationShape", "PublicBodyShape"} <= shapes_hit


# ---------------------------------------------------------------------- CLI
def _cli(*args: str) -> tuple[int, str]:
    from keino.cli import app

    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_cli_validate_exits_zero_on_valid_examples() -> None:
    code, output = _cli("validate", *map(str, VALID))
    assert code == 0, output
    assert "conforms" in output


def test_cli_validate_names_focus_node_and_shape_on_invalid_example() -> None:
    path = ONTOLOGY / "examples" / "invalid" / "membership-without-start.ttl"
    code, output = _cli("validate", str(path))
    assert code == 1
    assert "https://w3id.org/keino/id/membership/motiva/keino/member/unknown" in output
    assert "https://w3id.org/keino/shapes#MembershipShape" in output


def test_cli_validate_checks_the_store_graph_by_graph(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    good = rdflib.Graph().parse(VALID[0], format="turtle")
    bad = rdflib.Graph().parse(INVALID[0], format="turtle")
    from graph.rdf import from_rdflib

    store.replace_graph(
        "https://w3id.org/keino/graph/good", from_rdflib(good), source="t", inputs=[]
    )
    assert validate_store(store)[0] == []
    store.replace_graph("https://w3id.org/keino/graph/bad", from_rdflib(bad), source="t", inputs=[])
    store.flush()
    del store
    code, output = _cli("--store", str(tmp_path / "store"), "validate")
    assert code == 1
    assert "violation" in output
    code, _ = _cli(
        "--store", str(tmp_path / "store"), "validate", "--graph",
        "https://w3id.org/keino/graph/good",
    )  # fmt: skip
    assert code == 0


def test_cli_validate_passes_with_warnings_only(tmp_path: Path) -> None:
    """TED XML's NUTS "00" (outside NUTS) is shown as a warning and does not fail."""
    path = tmp_path / "nuts-00.ttl"
    path.write_text(
        """@prefix epo: <http://data.europa.eu/a4g/ontology#> .
        @prefix dct: <http://purl.org/dc/terms/> .
        @prefix lot: <https://w3id.org/keino/id/notice/n7/lot/LOT-1/> .
        lot:contract-term a epo:ContractTerm ;
            epo:definesSpecificPlaceOfPerformance <https://w3id.org/keino/id/notice/n7/place-00> .
        <https://w3id.org/keino/id/notice/n7/place-00> a dct:Location ;
            epo:hasNutsCode <http://data.europa.eu/nuts/code/00> .""",
        encoding="utf-8",
    )
    code, output = _cli("validate", str(path))
    assert code == 0, output
    assert "[Warning] https://w3id.org/keino/id/notice/n7/place-00" in output


# --------------------------------------------------------------- demo graph
CODELISTS = "https://w3id.org/keino/graph/codelists"
#: The code-list sample checked in the test (the whole list: ``keino validate``).
CODE_SAMPLE = (
    "http://data.europa.eu/cpv/cpv/909",
    "http://data.europa.eu/nuts/code/FI",
    "http://publications.europa.eu/resource/authority/buyer-legal-type",
)


def test_demo_graph_conforms(demo_store: Store) -> None:
    """The graph a newcomer builds with ``make demo`` passes every shape.

    Every named graph is checked in full except the 95,000 code-list triples,
    of which a sample of CPV, NUTS and eForms codes keeps the test fast.
    """
    violations: list[Violation] = []
    for name in demo_store.graphs():
        if name != CODELISTS:
            violations += validate_store(demo_store, name)[0]
    sample = [
        t
        for t in demo_store.triples(CODELISTS)
        if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(CODE_SAMPLE)
    ]
    assert len({t.subject for t in sample}) > 50
    violations += validate_triples(sample)
    assert [str(v) for v in violations if v.severity == "Violation"][:20] == []


def test_register_checks_apply_to_register_iris_only() -> None:
    """A register municipality needs its code and source; a notice buyer typed
    keino:Municipality under its business-ID IRI does not."""
    data = rdflib.Graph().parse(
        format="turtle",
        data="""@prefix keino: <https://w3id.org/keino/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <https://w3id.org/keino/id/municipality/205> a keino:Municipality ;
            skos:prefLabel "Kajaani"@fi .
        <https://w3id.org/keino/id/org/fi/0201256-6> a keino:Municipality ;
            skos:prefLabel "Helsingin kaupunki"@fi .""",
    )
    failed = {(v.focus, v.shape.rsplit("#", 1)[-1]) for v in validate_graph(data)}
    assert failed == {("https://w3id.org/keino/id/municipality/205", "RegisterBodyShape")}
