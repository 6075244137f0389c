"""The KEINO ecosystem: organisations, consortium, programmes, plans, goals, figures.

Source: ``data/ecosystem/ecosystem.yaml``, curated by hand from the five seed
documents (``data/ecosystem/SOURCE.md``). Every row names its seed and the exact
quote it rests on; the mapper turns each asserted relation into a triple *and*
a ``keino:Citation`` (``rdf:subject/predicate/object``, ``prov:wasDerivedFrom``
the seed document, ``keino:quote``), as ``docs/conventions.md`` describes.

parse (YAML text → :class:`Ecosystem`, every problem with its line) → map
(:func:`ecosystem_triples`, pure) → load (:func:`ingest`, one
:meth:`Store.replace_graph` into ``kg:ecosystem``). A malformed row fails the
whole file: the graph keeps its previous state.

Public web pages are cited like the seeds: the source registry
(``data/sources/sources.yaml``, :func:`parse_sources`) lists each page with its
URL, publisher, dates and licence, and a row cites it by id (``src: <id>``).
Its quotes can be checked offline only where the licence let the page text be
bundled (``data/sources/pages/``); the others are kept with their URL and are
not re-verifiable (:func:`check_source_quotes`).

Green deals have ``parties:`` rows (:class:`Party`): who took which part
(state party, signatory, committed, negotiating, preparing, supporter) and from
which day, so negotiation and signing stay apart; each becomes a
``keino:GreenDealParty`` node beside the direct ``keino:signatory`` (etc.) triple.

Consortium memberships are ``org:Membership`` with an ``org:role``
(:data:`ROLES`) and an ``org:memberDuring`` ``time:Interval`` whose ends are
inclusive days; an end the seeds do not give is left out (open).

Constants other modules use: :data:`GRAPH`, :data:`KEINO_IRI`. The indicator
the cube measures is the curated row whose IRI is
``graph.indicators.INNOVATIVE_SHARE_INDICATOR``.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

from graph.iris import citation_iri as graph_citation_iri
from graph.iris import (
    entity_iri,
    graph_iri,
    membership_iri,
    normalise_business_id,
    org_iri,
    reused_iri,
)
from graph.namespaces import KEINO, KEINO_NS, ORG, PROV, SCHEMA, TIME
from graph.ontology import organisation_classes
from graph.rdf import XSD, Term, Triple, a, lit, triple
from graph.resources import resource_dir
from graph.store import SourceFile, Store
from ingest.report import IngestReport, RowError

GRAPH = graph_iri("ecosystem")
#: KEINO itself (an organisation without business ID: keyed on its Finnish name).
KEINO_IRI = org_iri(name="KEINO-osaamiskeskus")

ROLES = {"member": str(KEINO.ConsortiumMemberRole), "partner": str(KEINO.StrategicPartnerRole)}
PREFIXES = {
    "keino": KEINO_NS,
    "org": str(ORG),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "skos": str(SKOS),
    "prov": str(PROV),
    "time": str(TIME),
}
#: other classes → the ``kid:{kind}/`` their instances are minted under.
KINDS = {
    "Measure": "measure", "Goal": "goal", "Indicator": "indicator", "Target": "target",
    "KeinoProgramme": "programme", "StrategyProgramme": "strategy", "ActionPlan": "strategy",
    "GreenDeal": "green-deal", "ProcurementGreenDeal": "green-deal",
    "OperatingPeriod": "period", "Event": "event",
    "NationalFigure": "figure", "skos:ConceptScheme": "scheme",
}  # fmt: skip
#: inline entity facts: field → (predicate, literal kind); they rest on the row's quote.
FACTS = {
    "start": (str(SCHEMA.startDate), "date"),
    "end": (str(SCHEMA.endDate), "date"),
    "issued": (str(DCTERMS.issued), "date"),
    "schedule": (str(KEINO.schedule), "fi"),
    "description": (str(DCTERMS.description), "fi"),
    "number": (str(KEINO.measureNumber), "int"),
    "value": (str(SCHEMA.value), "decimal"),
    "unit": (str(KEINO.unit), "text"),
    "year": (str(DCTERMS.temporal), "year"),
    "target_value": (str(KEINO.targetValue), "decimal"),
    "target_year": (str(KEINO.targetYear), "year"),
    "country": (str(KEINO.country), "text"),
    "region_count": (str(KEINO.regionCount), "int"),
    "notation": (str(SKOS.notation), "text"),
    "theme": (str(KEINO.theme), "fi"),
    "participants": (str(KEINO.participantCount), "int"),
}
_ENTITY_KEYS = {"id", "type", "fi", "sv", "en", "alt", "alt_en", "abbr", "iri", "src", "quote",
                "business_id", "business_id_src", "business_id_quote"}  # fmt: skip
#: bundled registry files a business ID may be cited from (business_id_src): the folder
#: under data/ (also the source whose named graph holds the file's records, which the
#: citation names) and the columns of the business ID and the name in each row
REGISTRY_FILES = {
    "tampere-funded-companies.csv": ("companies", "businessId", "name"),
    "funding-awarded-subset.csv": ("funding", "Y-tunnus", "Organisaatio"),
}
_REUSED_IRI = re.compile(r"^[a-z][a-z-]*/[A-Za-z0-9._-]+$")
#: hasIndicator is also written the other way round, so either direction answers.
INVERSES = {str(KEINO.hasIndicator): str(KEINO.tracksGoal)}
#: a party's role in a green deal → (role concept, the direct predicate deal → party).
PARTY_ROLES = {
    "state": (str(KEINO.StatePartyRole), str(KEINO.stateParty)),
    "signatory": (str(KEINO.SignatoryRole), str(KEINO.signatory)),
    "committed": (str(KEINO.CommittedPartyRole), str(KEINO.committedParty)),
    "negotiating": (str(KEINO.NegotiatingPartyRole), str(KEINO.negotiatingParty)),
    "preparing": (str(KEINO.PreparingPartyRole), str(KEINO.negotiatingParty)),
    "supporter": (str(KEINO.SupportingPartyRole), str(KEINO.supportedBy)),
}
PARTY_ROLE_NAMES = {
    "state": "valtion osapuoli", "signatory": "allekirjoittaja", "committed": "sitoutuja",
    "negotiating": "neuvotteleva osapuoli", "preparing": "valmisteluun osallistuva",
    "supporter": "toimeenpanon tukija",
}  # fmt: skip
#: the registry's text for a page whose licence states nothing (so its text is not bundled).
NO_LICENCE = "not stated"


@dataclass(frozen=True)
class Cite:
    """Where a fact comes from: the document's IRI, the exact quote and its language."""

    document: str
    quote: str
    lang: str = "fi"


@dataclass(frozen=True)
class WebPage:
    """What the source registry says of a public page besides its title and date."""

    url: str
    publisher: str
    read: dt.date
    licence: str
    licence_url: str | None = None
    bundled: str | None = None  # file name under pages/, when the licence allows it
    note: str | None = None


@dataclass(frozen=True)
class Document:
    """A seed document or a registered web page: IRI, file name, title, date if known.

    ``page`` is set for a page of the source registry; its ``file`` is the bundled
    text's file name, or empty when the text is not bundled.
    """

    iri: str
    file: str
    title: str
    issued: dt.date | None = None
    lang: str = "fi"
    page: WebPage | None = None


@dataclass(frozen=True)
class Entity:
    """One curated entity with its labels, types and inline facts."""

    id: str
    iri: str
    types: tuple[str, ...]
    labels: tuple[tuple[str, str], ...]  # (text, lang) preferred labels
    alt: tuple[tuple[str, str], ...]  # (text, lang) aliases
    abbr: tuple[str, ...]
    facts: tuple[tuple[str, Term], ...]  # (predicate, literal)
    cite: Cite
    reused: bool  # the IRI belongs to another graph (registry): labels become aliases
    line: int
    business_id: str | None = None  # its Finnish business ID, linked to that organisation
    business_id_cite: Cite | None = None  # the registry row or page that states the ID


@dataclass(frozen=True)
class Membership:
    """``member`` was a consortium member or strategic partner of ``organization``."""

    member: str
    organization: str
    role: str  # key of ROLES
    start: dt.date | None
    end: dt.date | None
    cite: Cite
    line: int
    member_label: str = ""
    organization_label: str = ""
    start_cite: Cite | None = None  # when the start rests on another quote than the row's
    note: str | None = None  # an editor's note, e.g. why the start is inferred

    @property
    def iri(self) -> str:
        """``kid:membership/{member}/{organization}/{role}/{start|open}``."""
        since = self.start.isoformat() if self.start else "open"
        return membership_iri(self.member, self.organization, self.role, since)


@dataclass(frozen=True)
class Party:
    """``party`` took part in green deal ``deal`` in ``role`` (PARTY_ROLES) from ``since``."""

    deal: str
    party: str
    role: str
    since: dt.date | None
    cite: Cite
    line: int
    since_cite: Cite | None = None  # when the day rests on another quote than the row's
    key: tuple[str, str] = ("", "")  # the deal's and the party's ids in the file
    names: tuple[str, str] = ("", "")  # the deal's and the party's Finnish names

    @property
    def iri(self) -> str:
        """``kid:green-deal-party/{deal id}/{party id}/{role}``."""
        return entity_iri("green-deal-party", *self.key, self.role)


@dataclass(frozen=True)
class Relation:
    """One cited triple: subject and predicate IRIs, object IRI or literal."""

    s: str
    p: str
    o: str | Term
    cite: Cite
    line: int


@dataclass
class Ecosystem:
    """Everything one ecosystem file states."""

    documents: dict[str, Document] = field(default_factory=dict)
    entities: list[Entity] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    parties: list[Party] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.entities) + len(self.memberships) + len(self.relations) + len(self.parties)


# ---------------------------------------------------------------- YAML with lines
class _Row(list[Any]):
    line: int = 0


class _Map(dict[str, Any]):
    line: int = 0


# The C parser (libyaml) when PyYAML was built with it: five times faster.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """A safe loader whose lists and mappings remember their first line."""


def _seq(loader: _LineLoader, node: yaml.SequenceNode) -> _Row:
    row = _Row(loader.construct_sequence(node, deep=True))
    row.line = node.start_mark.line + 1
    return row


def _map(loader: _LineLoader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    pairs = loader.construct_mapping(node, deep=True).items()
    mapping = _Map({str(k): v for k, v in pairs})
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor("tag:yaml.org,2002:seq", _seq)
_LineLoader.add_constructor("tag:yaml.org,2002:map", _map)


def load_yaml(text: str) -> Any:
    """YAML text → Python data whose lists and dicts carry ``.line``; raises RowError."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(err, "problem", None) or str(err)
        raise RowError(f"not valid YAML: {problem}", line) from err


def _line(node: object) -> int:
    return int(getattr(node, "line", 0))


# --------------------------------------------------------------------- parse
def parse_ecosystem(
    text: str, sources: Mapping[str, Document] | None = None
) -> tuple[Ecosystem, list[RowError]]:
    """YAML text → the ecosystem it states, and every malformed row (with its line).

    ``sources`` are the registered web pages (:func:`parse_sources`) rows may
    cite besides the file's own seed documents. Entities are read first, so
    memberships, parties and relations may name any entity of the file; a row
    naming an unknown id is an error, not a new entity.
    """
    eco, errors = Ecosystem(), list[RowError]()
    try:
        data = load_yaml(text)
    except RowError as err:
        return eco, [err]
    if not isinstance(data, dict):
        return eco, [RowError("the file must be a mapping with documents, entities, ...", 1)]
    for name, node in (data.get("documents") or {}).items():
        _collect(errors, lambda n=name, d=node: _document(str(n), d), eco.documents, key=name)
    for key, page in (sources or {}).items():
        if key in eco.documents:
            errors.append(RowError(f"source {key!r} is also a seed document number", 1))
        eco.documents[key] = page
    ids: dict[str, Entity] = {}
    for node in data.get("entities") or []:
        _collect(errors, lambda n=node: _entity(n, eco.documents, ids), ids)
    eco.entities = list(ids.values())
    for node in data.get("memberships") or []:
        _collect(errors, lambda n=node: _membership(n, eco.documents, ids), eco.memberships)
    for node in data.get("relations") or []:
        _collect(errors, lambda n=node: _relation(n, eco.documents, ids), eco.relations)
    for node in data.get("parties") or []:
        _collect(errors, lambda n=node: _party(n, eco.documents, ids), eco.parties)
    # "anchors" holds YAML anchors (&name) that rows reuse; it states nothing itself.
    known = {"anchors", "documents", "entities", "memberships", "relations", "parties"}
    unknown = set(data) - known
    if unknown:
        errors.append(RowError(f"unknown section(s) {sorted(unknown)}", _line(data)))
    return eco, errors


def _collect(errors: list[RowError], make: Any, into: Any, key: object = None) -> None:
    """Run ``make()``; put its result into ``into`` (list, or dict by key/id) or keep its error."""
    try:
        item = make()
    except RowError as err:
        errors.append(err)
        return
    if isinstance(into, list):
        into.append(item)
    else:
        into[str(key) if key is not None else item.id] = item


def _document(number: str, node: object) -> Document:
    line = _line(node)
    if not isinstance(node, dict) or not node.get("file") or not node.get("title"):
        raise RowError(f"document {number!r} needs a file and a title", line)
    stem = Path(str(node["file"])).stem
    issued = node.get("issued")
    if issued is not None and not isinstance(issued, dt.date):
        raise RowError(f"document {number!r}: issued {issued!r} is not a date", line)
    return Document(entity_iri("document", stem), str(node["file"]), str(node["title"]), issued)


def _cite(node: Mapping[str, Any], documents: Mapping[str, Document], line: int) -> Cite:
    return _cite_of(node.get("src"), node.get("quote"), documents, line)


def _cite_of(src: object, quote: object, documents: Mapping[str, Document], line: int) -> Cite:
    if str(src) not in documents:
        raise RowError(f"source {src!r} is neither a seed document nor a registered page", line)
    if not isinstance(quote, str) or len(quote.strip()) < 3:
        raise RowError("every fact needs the quote it rests on (quote: ...)", line)
    doc = documents[str(src)]
    return Cite(doc.iri, quote.strip(), doc.lang)


# ------------------------------------------------------------ source registry
_SOURCE_KEYS = {"id", "url", "lang", "title", "publisher", "issued", "read", "licence",
                "licence_url", "bundled", "note"}  # fmt: skip
_SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def parse_sources(text: str) -> tuple[dict[str, Document], list[RowError]]:
    """The source registry's YAML text → its pages by id, and every malformed row.

    >>> pages, errors = parse_sources(
    ...     "sources:\n  - {id: p, url: 'https://example.org/', lang: fi, title: T,"
    ...     " publisher: P, read: 2026-11-30, licence: not stated}\n")
    >>> pages["p"].iri, pages["p"].page.url, errors
    ('https://w3id.org/keino/id/source/p', 'https://example.org/', [])
    """
    pages: dict[str, Document] = {}
    try:
        data = load_yaml(text)
    except RowError as err:
        return pages, [err]
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        return pages, [RowError("the registry must be a mapping with a list of sources", 1)]
    errors: list[RowError] = []
    for node in data["sources"]:
        _collect(errors, lambda n=node: _source(n, pages), pages, key=_source_id(node))
    return pages, errors


def _source_id(node: object) -> str:
    return str(node.get("id") or "") if isinstance(node, dict) else ""


def _source(node: object, pages: Mapping[str, Document]) -> Document:
    line = _line(node)
    if not isinstance(node, dict):
        raise RowError("a source row must be a mapping {id: ..., url: ..., title: ...}", line)
    unknown = set(node) - _SOURCE_KEYS
    if unknown:
        raise RowError(f"unknown field(s) {sorted(unknown)}", line)
    sid = _source_id(node)
    if not _SOURCE_ID.match(sid) or sid in pages:
        raise RowError(f"source id {sid!r} must be new: lower-case letters, digits, dashes", line)
    required = ("url", "lang", "title", "publisher", "read", "licence")
    missing = [k for k in required if not node.get(k)]
    if missing:
        raise RowError(f"source {sid!r} lacks {', '.join(missing)}", line)
    url = str(node["url"])
    if not url.startswith(("https://", "http://")):
        raise RowError(f"source {sid!r}: url {url!r} is not a web address", line)
    if node["lang"] not in ("fi", "sv", "en"):
        raise RowError(f"source {sid!r}: lang must be fi, sv or en", line)
    for key in ("issued", "read"):
        value = node.get(key)
        if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            raise RowError(f"source {sid!r}: {key} {value!r} is not a date", line)
    bundled = node.get("bundled")
    if bundled and str(node["licence"]) == NO_LICENCE:
        raise RowError(f"source {sid!r}: a page without a stated licence is not bundled", line)
    page = WebPage(
        url, str(node["publisher"]), node["read"], str(node["licence"]),
        node.get("licence_url"), str(bundled) if bundled else None, node.get("note"),
    )  # fmt: skip
    return Document(entity_iri("source", sid), page.bundled or "", str(node["title"]),
                    node.get("issued"), str(node["lang"]), page)  # fmt: skip


def _entity(node: object, documents: Mapping[str, Document], ids: Mapping[str, Entity]) -> Entity:
    line = _line(node)
    if not isinstance(node, dict):
        raise RowError("an entity row must be a mapping {id: ..., type: ..., fi: ...}", line)
    unknown = set(node) - _ENTITY_KEYS - set(FACTS)
    if unknown:
        raise RowError(f"unknown field(s) {sorted(unknown)}", line)
    eid, fi = str(node.get("id") or "").strip(), str(node.get("fi") or "").strip()
    if not eid or not fi:
        raise RowError("an entity needs an id and a Finnish name (fi)", line)
    if eid in ids:
        raise RowError(f"duplicate entity id {eid!r} (first on line {ids[eid].line})", line)
    names = _as_list(node.get("type"), "type", line)
    if node.get("iri") is not None and names:
        # per-graph validation would ask this graph for the register's notation and name
        raise RowError(f"entity {eid!r} reuses {node['iri']}: it keeps that graph's types", line)
    if not names and node.get("iri") is None:
        raise RowError(f"entity {eid!r} needs a type", line)
    types = tuple(_class(n, line) for n in names)
    if any(_is_org_class(n) for n in names):
        types += (str(ORG.Organization),)
    labels = tuple((str(node[k]).strip(), k) for k in ("fi", "sv", "en") if node.get(k))
    alt = tuple((str(t), "fi") for t in _as_list(node.get("alt"), "alt", line))
    alt += tuple((str(t), "en") for t in _as_list(node.get("alt_en"), "alt_en", line))
    facts = tuple(_fact(k, node[k], line) for k in FACTS if node.get(k) is not None)
    reused = node.get("iri")
    business_id, business_cite = _business_id(node, documents, line)
    return Entity(
        eid, _entity_iri(eid, fi, names, reused, line), tuple(dict.fromkeys(types)), labels,
        alt, tuple(str(t) for t in _as_list(node.get("abbr"), "abbr", line)), facts,
        _cite(node, documents, line), bool(reused), line, business_id, business_cite,
    )  # fmt: skip


def _business_id(
    node: Mapping[str, Any], documents: Mapping[str, Document], line: int
) -> tuple[str | None, Cite | None]:
    """The row's business ID and what states it: a bundled registry file
    (:data:`REGISTRY_FILES`, the quote is that row's name) or a page whose quote
    contains the ID. (None, None) when the row gives no business ID."""
    value = node.get("business_id")
    if value is None:
        return None, None
    business_id = normalise_business_id(str(value))
    if business_id is None:
        raise RowError(f"business_id {value!r} is not a valid Finnish business ID", line)
    src, quote = node.get("business_id_src"), node.get("business_id_quote")
    if not isinstance(quote, str) or not quote.strip():
        raise RowError("a business_id needs business_id_src and business_id_quote", line)
    if str(src) in REGISTRY_FILES:
        return business_id, Cite(graph_iri(REGISTRY_FILES[str(src)][0]), quote.strip())
    cite = _cite_of(src, quote, documents, line)
    if business_id not in cite.quote:
        raise RowError(f"business_id_quote does not state {business_id}", line)
    return business_id, cite


def _as_list(value: object, name: str, line: int) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise RowError(f"{name} must be a text or a list of texts, not {value!r}", line)


def _is_org_class(name: str) -> bool:
    """Whether instances of the class ``name`` are organisations (IRI from the Finnish
    name): org:Organization and its subclasses in the ontology."""
    return expand(name) in organisation_classes()


def _class(name: str, line: int) -> str:
    """``Ministry`` → keino:Ministry, ``org:OrganizationalUnit`` → its IRI."""
    try:
        return expand(name)
    except ValueError as err:
        raise RowError(str(err), line) from err


def expand(name: str) -> str:
    """A keino term name or a prefixed name → its IRI; ValueError for unknown ones.

    >>> expand("steeredBy"), expand("dcterms:relation")
    ('https://w3id.org/keino/ontology#steeredBy', 'http://purl.org/dc/terms/relation')
    """
    if ":" in name:
        prefix, local = name.split(":", 1)
        if prefix not in PREFIXES or not local:
            raise ValueError(f"unknown prefix in {name!r} (known: {sorted(PREFIXES)})")
        return PREFIXES[prefix] + local
    try:
        return str(getattr(KEINO, name))
    except AttributeError:
        raise ValueError(f"{name!r} is not a keino term (graph/namespaces.py)") from None


def _entity_iri(eid: str, fi: str, types: list[str], reused: object, line: int) -> str:
    if reused is not None:
        if not isinstance(reused, str) or not _REUSED_IRI.match(reused):
            raise RowError(f"iri {reused!r} must look like municipality/853", line)
        return reused_iri(reused)
    if any(_is_org_class(t) for t in types):
        return org_iri(name=fi)
    for name in types:
        if name in KINDS:
            return entity_iri(KINDS[name], eid)
    raise RowError(f"cannot tell which IRI to mint for types {types}", line)


def _fact(key: str, value: object, line: int) -> tuple[str, Term]:
    predicate, kind = FACTS[key]
    try:
        return predicate, literal(value, kind)
    except (ValueError, InvalidOperation) as err:
        raise RowError(f"{key}: {err}", line) from None


def literal(value: object, kind: str) -> Term:
    """A YAML value as a typed literal of ``kind`` (date, int, decimal, year, fi, text).

    >>> literal("0.10", "decimal").value, literal(2023, "year").value
    ('0.10', '2023')
    """
    if kind == "date":
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise ValueError(f"{value!r} is not a date (write 2021-10-19)")
        return lit(value)
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{value!r} is not a whole number")
        return lit(value)
    if kind == "decimal":
        return lit(Decimal(str(value)))
    if kind == "year":
        if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2100:
            raise ValueError(f"{value!r} is not a year")
        return lit(str(value), datatype=XSD + "gYear")
    if kind == "fi":
        return lit(str(value), lang="fi")
    return lit(str(value))


def _membership(
    node: object, documents: Mapping[str, Document], ids: Mapping[str, Entity]
) -> Membership:
    line = _line(node)
    if not isinstance(node, dict):
        raise RowError("a membership row must be a mapping {member: ..., organization: ...}", line)
    member, org = _ref(node.get("member"), ids, line), _ref(node.get("organization"), ids, line)
    role = str(node.get("role") or "")
    if role not in ROLES:
        raise RowError(f"role {role!r} is not one of {sorted(ROLES)}", line)
    start, end = node.get("start"), node.get("end")
    for value in (start, end):
        if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            raise RowError(f"membership date {value!r} is not a date (write 2022-03-01)", line)
    if start and end and end < start:
        raise RowError(f"membership ends ({end}) before it starts ({start})", line)
    start_cite = None
    if node.get("start_src") is not None or node.get("start_quote") is not None:
        start_cite = _cite_of(node.get("start_src"), node.get("start_quote"), documents, line)
    note = node.get("note")
    return Membership(
        member.iri, org.iri, role, start, end, _cite(node, documents, line), line,
        member.labels[0][0], org.labels[0][0], start_cite, str(note) if note else None,
    )  # fmt: skip


def _ref(value: object, ids: Mapping[str, Entity], line: int) -> Entity:
    if not isinstance(value, str) or value not in ids:
        raise RowError(f"{value!r} is not the id of an entity of this file", line)
    return ids[value]


def _party(node: object, documents: Mapping[str, Document], ids: Mapping[str, Entity]) -> Party:
    line = _line(node)
    if not isinstance(node, dict):
        raise RowError("a party row must be a mapping {deal: ..., party: ..., role: ...}", line)
    keys = {"deal", "party", "role", "date", "date_src", "date_quote", "src", "quote"}
    if set(node) - keys:
        raise RowError(f"unknown field(s) {sorted(set(node) - keys)}", line)
    deal, party = _ref(node.get("deal"), ids, line), _ref(node.get("party"), ids, line)
    if not {str(KEINO.GreenDeal), str(KEINO.ProcurementGreenDeal)} & set(deal.types):
        raise RowError(f"{deal.id!r} is not a green deal", line)
    role = str(node.get("role") or "")
    if role not in PARTY_ROLES:
        raise RowError(f"role {role!r} is not one of {sorted(PARTY_ROLES)}", line)
    since = node.get("date")
    if since is not None and (not isinstance(since, dt.date) or isinstance(since, dt.datetime)):
        raise RowError(f"party date {since!r} is not a date (write 2020-09-09)", line)
    since_cite = None
    if node.get("date_src") is not None or node.get("date_quote") is not None:
        since_cite = _cite_of(node.get("date_src"), node.get("date_quote"), documents, line)
    return Party(
        deal.iri, party.iri, role, since, _cite(node, documents, line), line,
        since_cite, (deal.id, party.id), (deal.labels[0][0], party.labels[0][0]),
    )  # fmt: skip


_LITERAL_KINDS = {"date": "date", "fi": "fi", "text": "text", "decimal": "decimal", "int": "int"}


def _relation(
    node: object, documents: Mapping[str, Document], ids: Mapping[str, Entity]
) -> Relation:
    line = _line(node)
    if not isinstance(node, list) or len(node) != 5:
        raise RowError("a relation row is [subject, predicate, object, seed, quote]", line)
    s, p, o, src, quote = node
    subject = _ref(s, ids, line).iri
    try:
        predicate = expand(str(p))
    except ValueError as err:
        raise RowError(str(err), line) from None
    obj: str | Term
    if isinstance(o, dict):
        if len(o) != 1 or next(iter(o)) not in _LITERAL_KINDS:
            raise RowError(f"a literal object is one of {sorted(_LITERAL_KINDS)}: {o!r}", line)
        kind, value = next(iter(o.items()))
        try:
            obj = literal(value, _LITERAL_KINDS[kind])
        except (ValueError, InvalidOperation) as err:
            raise RowError(str(err), line) from None
    else:
        obj = _ref(o, ids, line).iri
    return Relation(subject, predicate, obj, _cite_of(src, quote, documents, line), line)


# ----------------------------------------------------------------------- map
def citation_iri(s: str, p: str, o: str | Term) -> str:
    """``kid:citation/{sha1(s p o)[:16]}``: one node per cited triple (docs/conventions.md)."""
    return graph_citation_iri(s, p, str(triple(s, p, o).object))


def cited(s: str, p: str, o: str | Term, cite: Cite) -> list[Triple]:
    """The triple ``s p o`` and the citation that says where it comes from."""
    c = citation_iri(s, p, o)
    return [
        triple(s, p, o),
        a(c, KEINO.Citation),
        triple(c, RDF.subject, s),
        triple(c, RDF.predicate, p),
        triple(c, RDF.object, o),
        triple(c, PROV.wasDerivedFrom, cite.document),
        triple(c, KEINO.quote, lit(cite.quote, lang=cite.lang)),
    ]


def document_triples(doc: Document) -> list[Triple]:
    """A seed document: ``keino:SourceDocument`` with its title and file name; a
    registered web page also a ``keino:WebSource`` and ``prov:Entity`` with its
    address, publisher, dates, licence and whether its quotes can be re-verified."""
    out = [
        a(doc.iri, KEINO.SourceDocument),
        triple(doc.iri, SKOS.prefLabel, lit(doc.title, lang=doc.lang)),
        triple(doc.iri, DCTERMS.title, lit(doc.title, lang=doc.lang)),
    ]
    if doc.file:
        out.append(triple(doc.iri, DCTERMS.identifier, lit(doc.file)))
    if doc.issued:
        out.append(triple(doc.iri, DCTERMS.issued, lit(doc.issued)))
    if doc.page is not None:
        out += page_triples(doc.iri, doc.lang, doc.page)
    return out


def page_triples(iri: str, lang: str, page: WebPage) -> list[Triple]:
    """The registry's facts about one public page (its provenance)."""
    out = [
        a(iri, KEINO.WebSource),
        a(iri, PROV.Entity),
        triple(iri, SCHEMA.url, page.url),
        triple(iri, DCTERMS.language, lit(lang)),
        triple(iri, DCTERMS.publisher, lit(page.publisher)),
        triple(iri, KEINO.dateRead, lit(page.read)),
        triple(iri, DCTERMS.license, page.licence_url or lit(page.licence)),
        triple(iri, KEINO.reverifiable, lit(page.bundled is not None)),
    ]
    if page.bundled:
        out.append(triple(iri, KEINO.bundledText, lit(page.bundled)))
    if page.note:
        out.append(triple(iri, SKOS.editorialNote, lit(page.note, lang="en")))
    return out


def party_triples(p: Party) -> list[Triple]:
    """A ``keino:GreenDealParty`` (deal, party, role, from which day) and the direct
    triple deal → party it stands for (``keino:signatory`` etc.), each cited."""
    role, predicate = PARTY_ROLES[p.role]
    label = f"{p.names[1]} – {p.names[0]} ({PARTY_ROLE_NAMES[p.role]})"
    out = [a(p.iri, KEINO.GreenDealParty), triple(p.iri, SKOS.prefLabel, lit(label, lang="fi"))]
    out += cited(p.iri, KEINO.greenDeal, p.deal, p.cite)
    out += cited(p.iri, KEINO.party, p.party, p.cite)
    out += cited(p.iri, KEINO.partyRole, role, p.cite)
    out += cited(p.deal, predicate, p.party, p.cite)
    if p.role == "state":  # a state party signs: it is a signatory too
        out += cited(p.deal, KEINO.signatory, p.party, p.cite)
    if predicate == str(KEINO.signatory) or p.role == "state":
        out += cited(p.party, KEINO.signed, p.deal, p.cite)
    if p.since is not None:
        out += cited(p.iri, KEINO.partySince, lit(p.since), p.since_cite or p.cite)
    return out


def entity_triples(e: Entity) -> list[Triple]:
    """Types, labels, abbreviations and inline facts of one entity, each cited.

    An entity of another graph (a registry municipality) keeps that graph's
    preferred labels: the names the seeds use become aliases.
    """
    out = [a(e.iri, t) for t in e.types]
    label = SKOS.altLabel if e.reused else SKOS.prefLabel
    for text, lang in e.labels:
        out += cited(e.iri, label, lit(text, lang=lang), e.cite)
    out += [triple(e.iri, SKOS.altLabel, lit(text, lang=lang)) for text, lang in e.alt]
    out += [triple(e.iri, KEINO.abbreviation, lit(text)) for text in e.abbr]
    for predicate, value in e.facts:
        out += cited(e.iri, predicate, value, e.cite)
    if e.business_id and e.business_id_cite:
        # the organisation its business ID names (registry, funding, notices). Only this
        # direction: the twin is described by the graphs that hold its records, and a
        # subject here would be an organisation without type or name in this graph.
        out += cited(e.iri, OWL.sameAs, org_iri(business_id=e.business_id), e.business_id_cite)
    return out


def membership_triples(m: Membership) -> list[Triple]:
    """An ``org:Membership`` with its role and ``time:Interval`` (inclusive days)."""
    s, interval = m.iri, m.iri + "/interval"
    role_fi = {"member": "jäsen", "partner": "strateginen kumppani"}[m.role]
    name = f"{m.member_label} – {m.organization_label} ({role_fi})"
    out = [
        a(s, ORG.Membership),
        triple(s, SKOS.prefLabel, lit(name, lang="fi")),
        a(interval, TIME.Interval),
        triple(s, ORG.memberDuring, interval),
    ]  # fmt: skip
    out += cited(s, ORG.member, m.member, m.cite)
    out += cited(s, ORG.organization, m.organization, m.cite)
    out += cited(s, ORG.role, ROLES[m.role], m.cite)
    if m.note:
        out.append(triple(s, SKOS.editorialNote, lit(m.note, lang="fi")))
    ends = ((TIME.hasBeginning, m.start, m.start_cite or m.cite, "start"),
            (TIME.hasEnd, m.end, m.cite, "end"))  # fmt: skip
    for predicate, day, cite, name in ends:
        if day is not None:
            instant = f"{interval}/{name}"
            out += [a(instant, TIME.Instant), triple(instant, TIME.inXSDDate, lit(day))]
            out += cited(interval, predicate, instant, cite)
    return out


def relation_triples(r: Relation) -> list[Triple]:
    """One cited relation (and its inverse, for keino:hasIndicator)."""
    out = cited(r.s, r.p, r.o, r.cite)
    if r.p in INVERSES and isinstance(r.o, str):
        out += cited(r.o, INVERSES[r.p], r.s, r.cite)
    return out


def ecosystem_triples(eco: Ecosystem) -> list[Triple]:
    """Every triple of ``kg:ecosystem`` for one parsed file (pure)."""
    out: list[Triple] = []
    for doc in eco.documents.values():
        out += document_triples(doc)
    for e in eco.entities:
        out += entity_triples(e)
    for m in eco.memberships:
        out += membership_triples(m)
    for r in eco.relations:
        out += relation_triples(r)
    for p in eco.parties:
        out += party_triples(p)
    return out


# ---------------------------------------------------------------------- load
def default_path() -> Path:
    """The bundled curated file, ``data/ecosystem/ecosystem.yaml``."""
    return resource_dir("data") / "ecosystem" / "ecosystem.yaml"


def default_sources_path() -> Path:
    """The bundled source registry, ``data/sources/sources.yaml`` (``pages/`` beside it)."""
    return resource_dir("data") / "sources" / "sources.yaml"


def read_sources(path: Path) -> tuple[dict[str, Document], list[RowError]]:
    """The registry at ``path`` → its pages and errors (an unreadable file is one error)."""
    try:
        return parse_sources(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        return {}, [RowError(f"cannot read: {err}", 0)]


def ingest(
    store: Store,
    path: Path | str | None = None,
    *,
    seeds: Path | str | None = None,
    sources: Path | str | None = None,
) -> IngestReport:
    """Load the curated file at ``path`` (default: the bundled one) into ``kg:ecosystem``.

    Rows may cite the pages of the source registry at ``sources`` (default: the
    bundled ``data/sources/sources.yaml``); every quote from a page whose text is
    bundled must occur in it. Any malformed row is reported with the file and
    line and refuses the whole file: a half-curated ecosystem would answer
    questions wrongly. With ``seeds`` (the folder of the seed documents) every
    seed quote must also occur in its seed file (whitespace runs count as one space).
    """
    path = Path(path) if path else default_path()
    registry = Path(sources) if sources else default_sources_path()
    report = IngestReport("ecosystem", graph=GRAPH)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        report.failed(str(path), f"cannot read: {err}")
        report.refused = "the file cannot be read; the ecosystem graph keeps its previous state"
        return report
    pages, registry_errors = read_sources(registry)
    for problem in registry_errors:
        report.failed(str(registry), problem.reason, line=problem.line or None)
    eco, errors = parse_ecosystem(text, pages)
    if not errors and not registry_errors:
        errors = check_source_quotes(eco, registry.parent / "pages")
        errors += check_registry_ids(eco, resource_dir("data"))
    if seeds is not None and not errors and not registry_errors:
        errors = check_quotes(eco, Path(seeds))
    for problem in errors:
        report.failed(str(path), problem.reason, line=problem.line or None)
    errors = errors + registry_errors
    for _ in range(len(eco)):
        report.mapped(str(path))
    if errors:
        report.refused = "rows failed; the ecosystem graph keeps its previous state"
        return report
    triples = ecosystem_triples(eco)
    inputs = [SourceFile.of(path), SourceFile.of(registry)]
    run = store.replace_graph(GRAPH, triples, source="ecosystem", inputs=inputs)
    report.triple_count, report.run_iri = run.triple_count, run.iri
    return report


def iter_quotes(eco: Ecosystem) -> Iterator[tuple[Cite, int]]:
    """Every citation of the file with its line (for checking quotes against the seeds)."""
    for e in eco.entities:
        yield e.cite, e.line
        if e.business_id_cite is not None:
            yield e.business_id_cite, e.line
    for m in eco.memberships:
        yield m.cite, m.line
    for r in eco.relations:
        yield r.cite, r.line
    for p in eco.parties:
        yield p.cite, p.line
        if p.since_cite is not None:
            yield p.since_cite, p.line


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def check_quotes(eco: Ecosystem, seeds: Path) -> list[RowError]:
    """Rows whose quote does not occur in the seed file it names (in folder ``seeds``);
    quotes from registered web pages are :func:`check_source_quotes`'s."""
    texts: dict[str, str | None] = {}
    seed_docs = [doc for doc in eco.documents.values() if doc.page is None]
    for doc in seed_docs:
        file = seeds / doc.file
        texts[doc.iri] = _normalise(file.read_text(encoding="utf-8")) if file.is_file() else None
    files = {doc.iri: doc.file for doc in seed_docs}
    errors = []
    for cite, line in iter_quotes(eco):
        if cite.document not in texts:
            continue
        text = texts[cite.document]
        if text is None:
            errors.append(RowError(f"seed file {files[cite.document]} is not in {seeds}", line))
        elif _normalise(cite.quote) not in text:
            quote = cite.quote if len(cite.quote) < 60 else cite.quote[:57] + "..."
            errors.append(RowError(f"quote not found in {files[cite.document]}: {quote!r}", line))
    return errors


def check_source_quotes(eco: Ecosystem, pages: Path) -> list[RowError]:
    """Rows whose quote does not occur in the bundled text (folder ``pages``) of the
    registered page it cites. A page whose text is not bundled cannot be checked
    offline (:func:`unverifiable_quotes` counts them)."""
    texts: dict[str, str] = {}
    errors = []
    for doc in eco.documents.values():
        if doc.page is None or doc.page.bundled is None:
            continue
        file = pages / doc.page.bundled
        if not file.is_file():
            errors.append(RowError(f"bundled page {doc.page.bundled} is not in {pages}", 0))
            continue
        texts[doc.iri] = _normalise(file.read_text(encoding="utf-8"))
    names = {doc.iri: doc.page.bundled for doc in eco.documents.values() if doc.page}
    for cite, line in iter_quotes(eco):
        text = texts.get(cite.document)
        if text is not None and _normalise(cite.quote) not in text:
            quote = cite.quote if len(cite.quote) < 60 else cite.quote[:57] + "..."
            errors.append(RowError(f"quote not found in {names[cite.document]}: {quote!r}", line))
    return errors


def check_registry_ids(eco: Ecosystem, data: Path) -> list[RowError]:
    """Rows whose business ID the registry file they cite (:data:`REGISTRY_FILES`, under
    the folder ``data``) does not give to an organisation of exactly the quoted name."""
    rows: dict[str, tuple[str, set[tuple[str, str]]]] = {}
    for file, (folder, id_column, name_column) in REGISTRY_FILES.items():
        with (data / folder / file).open(encoding="utf-8", newline="") as handle:
            pairs = {(r[id_column], r[name_column].strip()) for r in csv.DictReader(handle)}
        rows[graph_iri(folder)] = (file, pairs)
    errors = []
    for e in eco.entities:
        cite = e.business_id_cite
        if cite is None or cite.document not in rows:
            continue
        file, pairs = rows[cite.document]
        if (e.business_id, cite.quote) not in pairs:
            reason = f"no row of {file} gives {e.business_id} to {cite.quote!r}"
            errors.append(RowError(reason, e.line))
    return errors


def unverifiable_quotes(eco: Ecosystem) -> list[tuple[Cite, int]]:
    """Quotes (with their lines) from registered pages whose text is not bundled: they
    are kept with the page's URL but cannot be re-verified offline."""
    unbundled = {d.iri for d in eco.documents.values() if d.page and d.page.bundled is None}
    return [(cite, line) for cite, line in iter_quotes(eco) if cite.document in unbundled]
