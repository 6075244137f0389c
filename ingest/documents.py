"""Text documents → entity mentions and relations as RDF, each fact citing its sentence.

parse (:func:`parse_document`: path → :class:`Document`) → extract (the spaCy
pipeline of :mod:`ingest.nlp`, labels read from the store) → map
(:func:`document_triples`, pure) → load (:func:`ingest`, one
:meth:`Store.replace_graph` into ``kg:documents``).

The shapes written (see docs/conventions.md, "Provenance"):

* ``kid:document/{stem}`` a ``keino:SourceDocument`` with ``dcterms:title``;
* a linked mention: ``doc schema:mentions entity`` and a ``keino:Citation`` with
  the sentence as ``keino:quote`` and the mention's ``keino:charStart``/``charEnd``;
* a new organisation candidate: a citation whose ``keino:candidate`` is the
  proposed ``kid:org/name/fi/{slug}`` (with its ``skos:prefLabel``); it is not
  typed as an organisation until a person confirms it;
* a relation: ``subject predicate object`` in the ontology's terms, and a
  citation with the sentence, its offsets, and ``schema:startDate`` /
  ``schema:endDate`` when the sentence dates it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib.namespace import DCTERMS, ORG, PROV, RDF, SKOS

from graph.iris import entity_iri, graph_iri
from graph.labels import entity_labels
from graph.namespaces import ID, KEINO, SCHEMA
from graph.rdf import XSD, Triple, a, lit, triple
from graph.store import SourceFile, Store
from ingest.nlp import Extraction, Mention, Relation, build_pipeline, extract_many
from ingest.report import IngestReport

GRAPH = graph_iri("documents")
#: extracted predicate → ontology property (partOf depends on the subject, see below).
PREDICATE_IRIS = {
    "memberOf": str(ORG.memberOf),
    "strategicPartnerOf": str(KEINO.strategicPartnerOf),
    "fundedBy": str(KEINO.fundedBy),
    "steeredBy": str(KEINO.steeredBy),
    "signed": str(KEINO.signed),
    "participatesIn": str(KEINO.participatesIn),
    "coordinates": str(KEINO.coordinates),
    "partOf": str(DCTERMS.isPartOf),
    "locatedIn": str(KEINO.locatedIn),
}
_DATE_TYPES = {4: XSD + "gYear", 7: XSD + "gYearMonth", 10: XSD + "date"}


@dataclass(frozen=True)
class Document:
    """One text file: its path as given, IRI, title (first non-empty line) and text."""

    path: str
    iri: str
    title: str
    text: str


class DocumentError(ValueError):
    """A file that cannot be read as UTF-8 text."""


def document_iri(path: Path | str) -> str:
    """``kid:document/{stem}``.

    >>> document_iri("data/documents/000_d1188fd971ce4dd9.txt")
    'https://w3id.org/keino/id/document/000-d1188fd971ce4dd9'
    """
    return entity_iri("document", Path(path).stem)


def parse_document(path: Path | str) -> Document:
    """Read one UTF-8 text file; raises :class:`DocumentError` naming the file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise DocumentError(f"not UTF-8 text (byte {err.start})") from err
    except OSError as err:
        raise DocumentError(f"cannot read: {err.strerror or err}") from err
    if not text.strip():
        raise DocumentError("the file is empty")
    title = next(line.strip(" #*\t") for line in text.splitlines() if line.strip())
    return Document(str(path), document_iri(path), title[:200], text)


def predicate_iri(rel: Relation) -> str:
    """The ontology property for one relation: an organisation part of another is
    ``org:subOrganizationOf``, anything else part of something ``dcterms:isPartOf``."""
    if rel.predicate == "partOf" and rel.subject.kind == rel.object.kind == "organisation":
        return str(ORG.subOrganizationOf)
    return PREDICATE_IRIS[rel.predicate]


def citation_iri(s: str, p: str, o: str, document: str, start: int) -> str:
    """``kid:citation/{sha1(s p o document start)[:16]}``: one per fact and sentence."""
    digest = hashlib.sha1(f"{s} {p} {o} {document} {start}".encode()).hexdigest()[:16]
    return f"{ID}citation/{digest}"


def _date(value: str) -> object:
    return lit(value, datatype=_DATE_TYPES[len(value)])


def mention_triples(doc: Document, m: Mention) -> list[Triple]:
    """Triples for one mention, quoting its sentence."""
    quote = doc.text[m.sent_start : m.sent_end]
    c = citation_iri(doc.iri, str(SCHEMA.mentions), m.iri, doc.iri, m.start)
    out = [
        a(c, KEINO.Citation),
        triple(c, RDF.subject, doc.iri),
        triple(c, RDF.predicate, str(SCHEMA.mentions)),
        triple(c, PROV.wasDerivedFrom, doc.iri),
        triple(c, KEINO.quote, lit(quote)),
        triple(c, KEINO.charStart, lit(m.start)),
        triple(c, KEINO.charEnd, lit(m.end)),
    ]
    if m.new:
        out += [
            triple(c, KEINO.candidate, m.iri),
            triple(m.iri, SKOS.prefLabel, lit(m.label, lang="fi")),
            triple(m.iri, PROV.wasDerivedFrom, doc.iri),
        ]
    else:
        out += [triple(doc.iri, SCHEMA.mentions, m.iri), triple(c, RDF.object, m.iri)]
    return out


def relation_triples(doc: Document, rel: Relation) -> list[Triple]:
    """The fact and its citation (sentence, offsets, dates)."""
    p = predicate_iri(rel)
    s, o = rel.subject.iri, rel.object.iri
    c = citation_iri(s, p, o, doc.iri, rel.start)
    out = [
        triple(s, p, o),
        a(c, KEINO.Citation),
        triple(c, RDF.subject, s),
        triple(c, RDF.predicate, p),
        triple(c, RDF.object, o),
        triple(c, PROV.wasDerivedFrom, doc.iri),
        triple(c, KEINO.quote, lit(rel.sentence)),
        triple(c, KEINO.charStart, lit(rel.start)),
        triple(c, KEINO.charEnd, lit(rel.end)),
    ]
    if rel.since:
        out.append(triple(c, SCHEMA.startDate, _date(rel.since)))  # type: ignore[arg-type]
    if rel.until:
        out.append(triple(c, SCHEMA.endDate, _date(rel.until)))  # type: ignore[arg-type]
    return out


def document_triples(doc: Document, found: Extraction) -> list[Triple]:
    """Every triple of one document (pure: no store, no I/O)."""
    out = [
        a(doc.iri, KEINO.SourceDocument),
        triple(doc.iri, DCTERMS.title, lit(doc.title, lang="fi")),
    ]
    for m in found.mentions:
        out += mention_triples(doc, m)
    for rel in found.relations:
        out += relation_triples(doc, rel)
    return out


def ingest(store: Store, paths: Sequence[Path | str]) -> IngestReport:
    """Extract from every text file in ``paths`` (files or folders of ``*.txt`` /
    ``*.md``) with the store's labels and replace ``kg:documents`` with the result.

    A file that cannot be read is reported and the rest go on; if any failed the
    documents graph keeps its previous state.
    """
    report = IngestReport("documents", graph=GRAPH)
    files = _files(paths, report)
    docs: list[Document] = []
    for path in files:
        try:
            docs.append(parse_document(path))
        except DocumentError as err:
            report.failed(str(path), str(err))
    if not report.ok or not docs:
        if not docs and report.ok:
            report.failed(", ".join(map(str, paths)) or "(none)", "no .txt or .md documents found")
        report.refused = "documents failed; the documents graph keeps its previous state"
        return report
    nlp = build_pipeline(entity_labels(store))
    triples: list[Triple] = []
    for doc, found in zip(docs, extract_many(nlp, (d.text for d in docs)), strict=True):
        triples += document_triples(doc, found)
        report.mapped(doc.path)
        if not found.mentions:
            report.warn(doc.path, "no graph entity is named in this document")
    run = store.replace_graph(
        GRAPH, triples, source="documents", inputs=[SourceFile.of(f) for f in files]
    )
    report.triple_count, report.run_iri = run.triple_count, run.iri
    return report


def _files(paths: Sequence[Path | str], report: IngestReport) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(
                p for p in path.iterdir() if p.suffix in (".txt", ".md") and p.name != "SOURCE.md"
            )
        elif path.is_file():
            files.append(path)
        else:
            report.failed(str(path), "no such file or folder")
    return files
