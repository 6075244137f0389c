"""Public bodies register: regions, wellbeing services counties, municipalities.

Source: ``data/registry/public-bodies.csv``, derived from Yle's geodata by
``data/registry/build.py`` (see ``data/registry/SOURCE.md``). Each row becomes
an entity with Finnish and Swedish (and English) labels, its official code as
``skos:notation``, and its place: a municipality ``keino:locatedIn`` its region
and is served by its wellbeing services county; a region is
``skos:exactMatch`` its NUTS-3 concept, so notices' places of performance and
buyers' NUTS codes meet the register.

parse (CSV bytes → :class:`PublicBody`) → map (:func:`body_triples`, pure) →
load (:func:`ingest`, one :meth:`Store.replace_graph` into ``kg:registry``).
A malformed row is reported with its file and line; if any row fails the graph
keeps its previous state.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib.namespace import DCTERMS, PROV, SKOS

from graph.iris import entity_iri, graph_iri
from graph.namespaces import KEINO, NUTS, ORG
from graph.rdf import Triple, a, lit, triple
from graph.resources import resource_dir
from graph.store import SourceFile, Store
from ingest.report import IngestReport, RowError

KINDS = {
    "region": ("region", KEINO.Region),
    "wellbeing-county": ("wellbeing-county", KEINO.WellbeingServicesCounty),
    "municipality": ("municipality", KEINO.Municipality),
}
GRAPH = graph_iri("registry")


@dataclass(frozen=True)
class PublicBody:
    """One row of the register."""

    kind: str
    code: str
    labels: dict[str, str]  # language → name
    region: str | None
    county: str | None
    nuts: str | None
    population: int | None
    line: int

    @property
    def iri(self) -> str:
        return body_iri(self.kind, self.code)


def body_iri(kind: str, code: str) -> str:
    """IRI of a register entity, e.g. ``kid:municipality/091`` for Helsinki.

    >>> body_iri("municipality", "091")
    'https://w3id.org/keino/id/municipality/091'
    """
    return entity_iri(KINDS[kind][0], code)


def default_path() -> Path:
    """The bundled register."""
    return resource_dir("data") / "registry" / "public-bodies.csv"


def parse_register(text: str) -> Iterator[PublicBody | RowError]:
    """CSV text → bodies; a bad row yields a RowError naming its line (the rest goes on)."""
    reader = csv.DictReader(io.StringIO(text))
    for row in reader:
        line = reader.line_num
        try:
            yield _body(row, line)
        except RowError as err:
            yield RowError(err.reason, line)


def _body(row: dict[str, str], line: int) -> PublicBody:
    kind = (row.get("kind") or "").strip()
    if kind not in KINDS:
        raise RowError(f"unknown kind {kind!r} (expected one of {sorted(KINDS)})")
    code = (row.get("code") or "").strip()
    labels = {
        lang: row[lang].strip() for lang in ("fi", "sv", "en") if (row.get(lang) or "").strip()
    }
    if not code or "fi" not in labels:
        raise RowError("a row needs a code and a Finnish name (fi)")
    population = (row.get("population") or "").strip()
    if population and not population.isdigit():
        raise RowError(f"population {population!r} is not a whole number")
    return PublicBody(
        kind, code, labels, (row.get("region") or "").strip() or None,
        (row.get("county") or "").strip() or None, (row.get("nuts") or "").strip() or None,
        int(population) if population else None, line,
    )  # fmt: skip


def body_triples(body: PublicBody, source: str) -> list[Triple]:
    """Triples of one body; ``source`` is the IRI of the register file it came from."""
    s = body.iri
    out = [a(s, KINDS[body.kind][1]), triple(s, SKOS.notation, lit(body.code))]
    out += [triple(s, SKOS.prefLabel, lit(v, lang=k)) for k, v in body.labels.items()]
    out.append(triple(s, PROV.wasDerivedFrom, source))
    if body.kind != "region":
        out.append(a(s, ORG.Organization))
    if body.population is not None:
        out.append(triple(s, KEINO.population, lit(body.population)))
    if body.kind == "region" and body.nuts:
        out.append(triple(s, SKOS.exactMatch, str(NUTS[body.nuts])))
    if body.kind != "region" and body.region:
        link = KEINO.servesRegion if body.kind == "wellbeing-county" else KEINO.locatedIn
        out.append(triple(s, link, body_iri("region", body.region)))
    if body.kind == "municipality" and body.county:
        # The county organises the municipality's health and social services.
        out.append(triple(body_iri("wellbeing-county", body.county), KEINO.servesRegion, s))
    return out


def ingest(store: Store, path: Path | str | None = None) -> IngestReport:
    """Load the register at ``path`` (default: the bundled one) into ``kg:registry``."""
    path = Path(path) if path else default_path()
    report = IngestReport("registry", graph=GRAPH)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        report.failed(str(path), f"cannot read: {err}")
        return report
    source = entity_iri("document", path.stem)
    triples = [triple(source, DCTERMS.title, lit(path.name))]
    for item in parse_register(text):
        if isinstance(item, RowError):
            report.failed(str(path), item.reason, line=item.line)
            continue
        triples += body_triples(item, source)
        report.mapped(str(path))
    if not report.ok:
        report.refused = "rows failed; the registry graph keeps its previous state"
        return report
    if report.refuse_if_nothing_mapped(str(path)):
        return report
    run = store.replace_graph(GRAPH, triples, source="registry", inputs=[SourceFile.of(path)])
    report.triple_count, report.run_iri = run.triple_count, run.iri
    return report
