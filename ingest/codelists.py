"""Code lists as SKOS: CPV 2008, NUTS and the eForms lists, into ``kg:codelists``.

Source: the TSV files in ``data/codelists/`` (derived from the eForms SDK by
``data/codelists/build.py``). Each code becomes a ``skos:Concept`` on its
official IRI (``cpv:45000000``, ``nuts:FI1B1``,
``<http://publications.europa.eu/resource/authority/buyer-legal-type/la>``) with
``skos:notation``, ``skos:prefLabel`` in Finnish, Swedish and English,
``skos:inScheme`` and ``skos:broader`` (the hierarchy of CPV and NUTS). These are
the authority tables the ePO 4.2 shapes check code values against: country,
currency, language, notice type, procedure type, buyer legal type, contract
nature … in their EU Vocabularies scheme, CPV in ``cpv:cpv``, and a NUTS code
also in the scheme of each NUTS version it belongs to
(``<http://data.europa.eu/nuts/scheme/2021>``, ``…/2024``).

parse: :func:`parse_codelist` (file → :class:`CodeRow` records, bad lines
reported with their number) · map: :func:`code_triples`, :func:`scheme_triples`
(pure) · load: :func:`ingest`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib.namespace import DCTERMS, SKOS

from graph.iris import graph_iri
from graph.namespaces import CPV, NUTS
from graph.rdf import Triple, a, lit, triple
from graph.resources import resource_dir
from graph.store import SourceFile, Store
from ingest.report import IngestReport

GRAPH = graph_iri("codelists")
LANGS = ("fi", "sv", "en")
FILES = ("lists.tsv", "cpv.tsv", "nuts.tsv", "eforms.tsv")
SOURCE_NOTE = "eForms SDK 1.15.1 (Publications Office of the EU, CC BY 4.0)"
NUTS_VERSION_SCHEME = "http://data.europa.eu/nuts/scheme/"
_VALID = {
    "cpv": re.compile(r"^\d{8}$"),
    "nuts": re.compile(r"^[A-Z]{2}[0-9A-Z]{0,3}$"),
}


@dataclass(frozen=True)
class CodeRow:
    """One code of one list, as read from a bundled TSV line."""

    scheme: str  # list name: cpv, nuts, buyer-legal-type, …
    code: str
    labels: dict[str, str]
    parent: str | None = None
    replaced_by: str | None = None
    versions: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class SchemeRow:
    """One code list: its name, official scheme IRI and descriptions."""

    name: str
    iri: str
    descriptions: dict[str, str] = field(default_factory=dict)


class RowError(ValueError):
    """A TSV line that cannot be mapped; carries its line number."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line


def default_paths() -> list[Path]:
    """The bundled files, in the order they are loaded (schemes first)."""
    folder = resource_dir("data") / "codelists"
    return [folder / name for name in FILES]


def parse_schemes(path: Path) -> dict[str, SchemeRow]:
    """``lists.tsv`` → list name → :class:`SchemeRow`."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {
            r["list"]: SchemeRow(r["list"], r["scheme"], {lg: r[lg] for lg in LANGS if r.get(lg)})
            for r in rows
            if r.get("scheme")
        }


def parse_codelist(path: Path) -> Iterator[CodeRow | RowError]:
    """Rows of ``cpv.tsv``, ``nuts.tsv`` or ``eforms.tsv``; a bad line yields a RowError."""
    fixed = path.stem if path.stem in _VALID else None
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle, delimiter="\t"), start=2):
            scheme = fixed or (row.get("list") or "").strip()
            code = (row.get("code") or "").strip()
            pattern = _VALID.get(scheme)
            if not scheme or not code or (pattern and not pattern.match(code)):
                yield RowError(number, f"malformed {scheme or 'code list'} code {code!r}")
                continue
            yield CodeRow(
                scheme=scheme,
                code=code,
                labels={lg: row[lg] for lg in LANGS if row.get(lg)},
                parent=row.get("parent") or None,
                replaced_by=row.get("replaced_by") or None,
                versions=tuple((row.get("versions") or "").split()),
                line=number,
            )


def concept_iri(scheme: SchemeRow, code: str) -> str:
    """Official IRI of a code: CPV and NUTS have their own namespaces."""
    if scheme.name == "cpv":
        return str(CPV[code])
    if scheme.name == "nuts":
        return str(NUTS[code])
    return f"{scheme.iri}/{code}"


def scheme_triples(scheme: SchemeRow) -> Iterator[Triple]:
    """The ``skos:ConceptScheme`` of one list."""
    yield a(scheme.iri, SKOS.ConceptScheme)
    yield triple(scheme.iri, SKOS.notation, lit(scheme.name))
    yield triple(scheme.iri, SKOS.prefLabel, lit(scheme.name, lang="en"))
    for lang, text in scheme.descriptions.items():
        yield triple(scheme.iri, SKOS.definition, lit(text, lang=lang))
    yield triple(scheme.iri, DCTERMS.source, lit(SOURCE_NOTE))


def code_triples(row: CodeRow, scheme: SchemeRow) -> Iterator[Triple]:
    """A code as a ``skos:Concept`` with labels, notation and its broader code."""
    node = concept_iri(scheme, row.code)
    yield a(node, SKOS.Concept)
    yield triple(node, SKOS.inScheme, scheme.iri)
    yield triple(node, SKOS.notation, lit(row.code))
    for lang, text in row.labels.items():
        yield triple(node, SKOS.prefLabel, lit(text, lang=lang))
    if row.parent:
        yield triple(node, SKOS.broader, concept_iri(scheme, row.parent))
        yield triple(concept_iri(scheme, row.parent), SKOS.narrower, node)
    elif scheme.name in {"cpv", "nuts"}:
        yield triple(node, SKOS.topConceptOf, scheme.iri)
        yield triple(scheme.iri, SKOS.hasTopConcept, node)
    if row.replaced_by:
        yield triple(node, DCTERMS.isReplacedBy, concept_iri(scheme, row.replaced_by))
    if row.versions:
        note = "NUTS " + ", ".join(row.versions)
        yield triple(node, SKOS.scopeNote, lit(note, lang="en"))
    for version in row.versions:
        yield triple(node, SKOS.inScheme, NUTS_VERSION_SCHEME + version)


def version_scheme_triples(versions: Iterable[str]) -> Iterator[Triple]:
    """The ``skos:ConceptScheme`` of each NUTS version (``…/nuts/scheme/2021``)."""
    for version in sorted(set(versions)):
        iri = NUTS_VERSION_SCHEME + version
        yield a(iri, SKOS.ConceptScheme)
        yield triple(iri, SKOS.prefLabel, lit(f"NUTS {version}", lang="en"))
        yield triple(iri, DCTERMS.source, lit(SOURCE_NOTE))


def ingest(store: Store, paths: Sequence[Path | str] | None = None) -> IngestReport:
    """Load the code lists into ``kg:codelists`` (replacing it).

    ``paths``: the bundled TSV files (default) or a folder holding them. Every
    bad line is reported with its number; if any failed, the previous graph is
    kept.
    """
    files = _expand(paths)
    report = IngestReport("codelists", graph=GRAPH)
    lists = next((p for p in files if p.name == "lists.tsv"), None)
    if lists is None:
        report.refused = "lists.tsv (the scheme table) is missing"
        return report
    schemes = parse_schemes(lists)
    triples = [t for s in schemes.values() for t in scheme_triples(s)]
    versions: set[str] = set()
    for path in files:
        if path.name != "lists.tsv":
            triples.extend(_file_triples(path, schemes, report, versions))
    triples.extend(version_scheme_triples(versions))
    if not report.ok:
        # A half-read code list would drop labels the notices rely on.
        report.refused = "some lines could not be read"
        return report
    if report.refuse_if_nothing_mapped(", ".join(map(str, files))):
        return report
    run = store.replace_graph(
        GRAPH, triples, source="codelists", inputs=[SourceFile.of(p) for p in files]
    )
    report.triple_count, report.run_iri = run.triple_count, run.iri
    return report


def _file_triples(
    path: Path, schemes: dict[str, SchemeRow], report: IngestReport, versions: set[str]
) -> Iterable[Triple]:
    """The concepts of one TSV file; NUTS versions seen are added to ``versions``."""
    for item in parse_codelist(path):
        if isinstance(item, RowError):
            report.failed(str(path), str(item), line=item.line)
            continue
        scheme = schemes.get(item.scheme)
        if scheme is None:
            report.skipped(str(path), f"list {item.scheme!r} not in lists.tsv", line=item.line)
            continue
        report.mapped(str(path))
        versions.update(item.versions)
        yield from code_triples(item, scheme)


def _expand(paths: Sequence[Path | str] | None) -> list[Path]:
    """Files to load: the given ones, a folder's bundled names, or the defaults."""
    if not paths:
        return default_paths()
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(path / n for n in FILES if (path / n).is_file())
        else:
            files.append(path)
    return files
