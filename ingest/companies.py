"""The PRH company registry (YTJ open data, CC BY 4.0) into ``kg:companies``.

Two shapes of source, told apart per file by its first character:

- **v3 JSON**: answers of the registry's ``opendata-ytj-api`` v3
  (``{"totalResults", "companies": [...]}``), one answer, a list of answers
  (pages), or an object of answers keyed by business ID; languages 1 = fi,
  2 = sv, 3 = en.
- **PRH CSV extract**: ``businessId`` plus any of ``name``,
  ``mainBusinessLineType``, ``mainBusinessLineDescription``, ``postCode``,
  ``registrationDate``, ``companyFormType``, ``companyFormDescription``,
  ``municipalityCode`` (the registered municipality's number, as the v3 answers
  name it: an extract queried by the registry's location has it for every row). The
  language of the descriptions is told from the text: the registry's Finnish
  descriptions use ä/ö, its English ones never do.

Each company becomes one organisation on the IRI the notices already use
(:func:`graph.iris.org_iri` by business ID): current name (``epo:hasLegalName``,
``skos:prefLabel``), every other name as ``skos:altLabel`` and, with its dates,
as a ``keino:RegisteredName``; company form, TOL 2008 main line, registration
and end dates, trade-register status, and the municipality of its registered
address (``keino:locatedIn`` the register's municipality, whose region and
NUTS-3 code ``kg:registry`` gives) when the source names one: never guessed
from a postcode. The same business ID in several files is one company: the v3
answer's facts win, the extract fills what the answer lacks.

parse (:func:`parse_file` → :class:`Company` | :class:`ingest.report.RowError`)
→ map (:func:`company_triples`, :func:`ingest.tol.tol_triples`, pure) → load
(:func:`ingest`, one :meth:`Store.replace_graph`). A malformed record names its
file and line (CSV) or position (JSON); a batch with a failed record, or with
nothing mapped, is refused and the graph keeps its previous state.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rdflib.namespace import DCTERMS, PROV, SKOS

from graph.iris import entity_iri, graph_iri, normalise_business_id, org_iri, slug
from graph.namespaces import EPO, KEINO, M8G, ORG, SCHEMA
from graph.rdf import Triple, a, lit, triple
from graph.store import SourceFile, Store
from ingest import tol
from ingest.report import IngestReport, RowError

GRAPH = graph_iri("companies")
EPO_LEGAL_NAME = str(EPO.hasLegalName)
REGISTERED_ADDRESS = str(M8G.registeredAddress)  # ePO 4.2: cv:registeredAddress
LOCN = "http://www.w3.org/ns/locn#"
LANGUAGES = {"1": "fi", "2": "sv", "3": "en"}
NAME_KINDS = {"1": "name", "2": "parallel-name", "3": "auxiliary-name"}
TRADE_REGISTER = "1"  # register code of the trade register in registeredEntries
FORM_SCHEME = entity_iri("company-form")
STATUS_SCHEME = entity_iri("trade-register-status")
ATTRIBUTION = "Patentti- ja rekisterihallitus (PRH), YTJ; CC BY 4.0"


@dataclass(frozen=True)
class Code:
    """A coded value and its labels by language, as the source gives them."""

    code: str
    labels: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RegisteredName:
    """One name of a company with its kind and validity, as the registry records it."""

    name: str
    kind: str  # name | parallel-name | auxiliary-name
    start: str | None = None
    end: str | None = None
    version: int = 1


@dataclass(frozen=True)
class Company:
    """One registry record; ``where`` says which file and line or position it is."""

    business_id: str
    where: str
    name: str | None = None
    names: tuple[RegisteredName, ...] = ()
    form: Code | None = None
    tol: Code | None = None
    registered: str | None = None
    ended: str | None = None
    status: Code | None = None
    municipality: str | None = None
    postcode: str | None = None
    city: str | None = None
    street: str | None = None
    from_api: bool = False
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def iri(self) -> str:
        return org_iri(business_id=self.business_id)


# ------------------------------------------------------------------- parse


def parse_file(path: Path, text: str) -> Iterator[Company | RowError]:
    """A registry file → companies; the format is told from its first character."""
    if text.lstrip()[:1] in ("{", "["):
        yield from parse_v3(text)
    else:
        yield from parse_csv(text)


def parse_v3(text: str) -> Iterator[Company | RowError]:
    """v3 JSON text → companies; a bad company yields a RowError with its position."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        yield RowError(f"not JSON: {err.msg}", err.lineno)
        return
    for position, record in _v3_companies(data):
        try:
            yield v3_company(record, position)
        except RowError as err:
            yield RowError(f"{position}: {err.reason}")
        except (TypeError, KeyError, AttributeError) as err:
            yield RowError(f"{position}: not in the v3 shape ({type(err).__name__}: {err})")


def _v3_companies(data: Any) -> Iterator[tuple[str, Any]]:
    """(position, company) of one answer, a list of pages, or answers keyed by ID."""
    if isinstance(data, list):
        for page, answer in enumerate(data):
            for pos, company in _v3_companies(answer):
                yield f"page {page + 1} {pos}", company
    elif isinstance(data, dict) and "companies" in data:
        for i, company in enumerate(data["companies"] or []):
            yield f"companies[{i}]", company
    elif isinstance(data, dict) and "businessId" in data:
        yield "company", data
    elif isinstance(data, dict):
        for key, answer in data.items():
            for pos, company in _v3_companies(answer):
                yield f"{key} {pos}", company
    else:
        yield "top level", data


def _descriptions(items: Iterable[dict[str, Any]] | None) -> tuple[tuple[str, str], ...]:
    out = []
    for d in items or []:
        lang = LANGUAGES.get(str(d.get("languageCode")))
        if lang and d.get("description"):
            out.append((lang, str(d["description"]).strip()))
    return tuple(sorted(out))


def _current(items: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The entry without an end date, else the one registered last."""
    if not items:
        return None
    open_ = [i for i in items if not i.get("endDate")]
    pool = open_ or list(items)
    return max(pool, key=lambda i: (i.get("registrationDate") or "", i.get("version") or 0))


def v3_company(record: dict[str, Any], where: str) -> Company:
    """One v3 company object → :class:`Company` (raises RowError when unusable)."""
    raw_id = (record.get("businessId") or {}).get("value") or ""
    business_id = normalise_business_id(str(raw_id))
    if not business_id:
        raise RowError(f"business ID {raw_id!r} is not a valid Y-tunnus")
    warnings: list[str] = []
    names = tuple(
        RegisteredName(
            str(n["name"]).strip(), NAME_KINDS.get(str(n.get("type")), "name"),
            n.get("registrationDate"), n.get("endDate"), int(n.get("version") or 1),
        )
        for n in record.get("names") or [] if str(n.get("name") or "").strip()
    )  # fmt: skip
    main = [n for n in names if n.kind == "name"]
    current = _current([{"registrationDate": n.start, "endDate": n.end, "n": n} for n in main])
    form = _current(record.get("companyForms") or [])
    line = record.get("mainBusinessLine") or {}
    tol_code = _tol_code(line, warnings)
    status = str(record.get("tradeRegisterStatus") or "") or None
    street, postcode, city, municipality = _address(record.get("addresses") or [])
    return Company(
        business_id, where,
        name=current["n"].name if current else None, names=names,
        form=Code(str(form["type"]), _descriptions(form.get("descriptions"))) if form else None,
        tol=Code(tol_code, _descriptions(line.get("descriptions"))) if tol_code else None,
        registered=(record.get("businessId") or {}).get("registrationDate")
        or record.get("registrationDate"),
        ended=record.get("endDate"),
        status=Code(status, _status_labels(record, status)) if status else None,
        municipality=municipality, postcode=postcode, city=city, street=street,
        from_api=True, warnings=tuple(warnings),
    )  # fmt: skip


def _tol_code(line: dict[str, Any], warnings: list[str]) -> str | None:
    code = str(line.get("type") or "").strip()
    code_set = line.get("typeCodeSet")
    if not code:
        return None
    if code_set not in (None, "TOIMI3") or not tol.is_tol_code(code):
        warnings.append(
            f"main business line {code!r} ({code_set}) is not a TOL 2008 code; left out"
        )
        return None
    return code


def _status_labels(record: dict[str, Any], status: str | None) -> tuple[tuple[str, str], ...]:
    """Labels of the trade-register status, from the record's own register entries."""
    for entry in record.get("registeredEntries") or []:
        if str(entry.get("register")) == TRADE_REGISTER and str(entry.get("type")) == status:
            return _descriptions(entry.get("descriptions"))
    return ()


def _address(addresses: list[dict[str, Any]]) -> tuple[str | None, ...]:
    """Street, postcode, city (fi) and municipality code of the registered address.

    The street address (type 1) is preferred to the postal one (type 2).
    """
    if not addresses:
        return None, None, None, None
    chosen = min(addresses, key=lambda x: 0 if str(x.get("type")) == "1" else 1)
    offices = chosen.get("postOffices") or []
    office = next((o for o in offices if str(o.get("languageCode")) == "1"), None) or (
        offices[0] if offices else {}
    )
    street = (
        " ".join(str(chosen.get(k)) for k in ("street", "buildingNumber") if chosen.get(k)) or None
    )
    code = str(office.get("municipalityCode") or "").strip()
    return (
        street, chosen.get("postCode") or None, office.get("city") or None,
        code.zfill(3) if code.isdigit() else None,
    )  # fmt: skip


def parse_csv(text: str) -> Iterator[Company | RowError]:
    """PRH CSV extract → companies; a bad row yields a RowError naming its line."""
    reader = csv.DictReader(io.StringIO(text))
    if "businessId" not in (reader.fieldnames or []):
        yield RowError(f"no businessId column (header: {reader.fieldnames})", 1)
        return
    rows = list(reader)
    descriptions = " ".join(r.get("mainBusinessLineDescription") or "" for r in rows[:500])
    lang = "fi" if any(ch in descriptions for ch in "äöÄÖ") else "en"
    for number, row in enumerate(rows, start=2):
        try:
            yield csv_company(row, f"line {number}", lang)
        except RowError as err:
            yield RowError(err.reason, number)


def csv_company(row: dict[str, str], where: str, lang: str) -> Company:
    """One CSV row → :class:`Company`; ``lang`` is the language of its descriptions."""
    raw = (row.get("businessId") or "").strip()
    business_id = normalise_business_id(raw)
    if not business_id:
        raise RowError(f"business ID {raw!r} is not a valid Y-tunnus")
    warnings: list[str] = []
    code = (row.get("mainBusinessLineType") or "").strip()
    if code and not tol.is_tol_code(code):
        warnings.append(f"main business line {code!r} is not a TOL 2008 code; left out")
        code = ""
    description = (row.get("mainBusinessLineDescription") or "").strip()
    form = (row.get("companyFormType") or "").strip()
    form_label = (row.get("companyFormDescription") or "").strip()
    name = (row.get("name") or "").strip() or None
    municipality = (row.get("municipalityCode") or "").strip() or None
    if municipality is not None and not (municipality.isdigit() and len(municipality) <= 3):
        raise RowError(f"municipalityCode {municipality!r} is not a municipality number")
    return Company(
        business_id, where, name=name,
        names=(RegisteredName(name, "name"),) if name else (),
        form=Code(form, ((lang, form_label),) if form_label else ()) if form else None,
        tol=Code(code, ((lang, description),) if description else ()) if code else None,
        registered=(row.get("registrationDate") or "").strip() or None,
        postcode=(row.get("postCode") or "").strip() or None,
        municipality=municipality.zfill(3) if municipality else None,
        warnings=tuple(warnings),
    )  # fmt: skip


def merge(first: Company, other: Company) -> Company:
    """One company from two records of it: ``first`` wins where both have a value.

    A v3 answer goes first whatever the file order, because it carries the
    registry's history and three languages.
    """
    if other.from_api and not first.from_api:
        first, other = other, first
    filled = {
        f: getattr(other, f)
        for f in ("name", "form", "tol", "registered", "ended", "status", "municipality",
                  "postcode", "city", "street")
        if getattr(first, f) is None and getattr(other, f) is not None
    }  # fmt: skip
    names = first.names + tuple(
        n for n in other.names if n.name not in {m.name for m in first.names}
    )
    return replace(first, names=names, warnings=first.warnings + other.warnings, **filled)


# --------------------------------------------------------------------- map


def company_triples(company: Company, source: str) -> list[Triple]:
    """Triples of one company (pure); ``source`` is the IRI of the file it came from."""
    s = company.iri
    out = [
        a(s, ORG.Organization), a(s, ORG.FormalOrganization),
        triple(s, KEINO.businessId, lit(company.business_id)),
        triple(s, PROV.wasDerivedFrom, source),
    ]  # fmt: skip
    if company.name:
        out += [
            triple(s, EPO_LEGAL_NAME, lit(company.name)),
            triple(s, SKOS.prefLabel, lit(company.name, lang="fi")),
        ]
    out += _name_triples(company)
    if company.form:
        out += _code_triples(s, KEINO.companyForm, company.form, FORM_SCHEME, "company-form")
    if company.tol:
        out.append(triple(s, KEINO.mainBusinessLine, tol.tol_iri(company.tol.code)))
    if company.registered:
        out.append(triple(s, KEINO.registrationDate, lit(company.registered, datatype=XSD_DATE)))
    if company.ended:
        out.append(triple(s, SCHEMA.dissolutionDate, lit(company.ended, datatype=XSD_DATE)))
    if company.status:
        out += _code_triples(
            s, KEINO.registerStatus, company.status, STATUS_SCHEME, "trade-register-status"
        )
    if company.municipality:
        out.append(triple(s, KEINO.locatedIn, entity_iri("municipality", company.municipality)))
    out += _address_triples(company)
    return out


XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"


def _name_triples(company: Company) -> list[Triple]:
    s, out = company.iri, []
    for n in company.names:
        if n.name != company.name:
            out.append(triple(s, SKOS.altLabel, lit(n.name, lang="fi")))
        if not (n.start or n.end):
            continue  # a name without dates says nothing the labels do not
        # parallel names share a kind and version: the name itself tells them apart
        node = f"{s}/name/{n.kind}-{n.version}-{slug(n.name)}"
        out += [
            triple(s, KEINO.registeredName, node), a(node, KEINO.RegisteredName),
            triple(node, SCHEMA.name, lit(n.name)), triple(node, KEINO.nameKind, lit(n.kind)),
        ]  # fmt: skip
        if n.start:
            out.append(triple(node, SCHEMA.startDate, lit(n.start, datatype=XSD_DATE)))
        if n.end:
            out.append(triple(node, SCHEMA.endDate, lit(n.end, datatype=XSD_DATE)))
    return out


def _code_triples(s: str, prop: str, code: Code, scheme: str, kind: str) -> list[Triple]:
    concept = entity_iri(kind, code.code)
    out = [
        triple(s, prop, concept), a(concept, str(SKOS.Concept)),
        triple(concept, SKOS.inScheme, scheme), triple(concept, SKOS.notation, lit(code.code)),
    ]  # fmt: skip
    out += [triple(concept, SKOS.prefLabel, lit(label, lang=lang)) for lang, label in code.labels]
    return out


def _address_triples(company: Company) -> list[Triple]:
    if not (company.postcode or company.city or company.street):
        return []
    # Not {org}/address/…: those are the notices' (the addresses a buyer gave in notices).
    node = company.iri + "/registered-address"
    out = [triple(company.iri, REGISTERED_ADDRESS, node), a(node, LOCN + "Address")]
    for prop, value in (("postCode", company.postcode), ("postName", company.city),
                        ("thoroughfare", company.street)):  # fmt: skip
        if value:
            out.append(triple(node, LOCN + prop, lit(value)))
    return out


def labelled_forms_and_tol(companies: Iterable[Company]) -> dict[str, dict[str, str]]:
    """TOL code → labels by language from every company; v3 answers' labels first."""
    labels: dict[str, dict[str, str]] = {}
    for company in sorted(companies, key=lambda c: not c.from_api):
        if company.tol:
            tol.merge_labels(labels, company.tol.code, company.tol.labels)
    return labels


# -------------------------------------------------------------------- load


def read_companies(paths: Sequence[Path], report: IngestReport) -> dict[str, Company]:
    """Parse every file; one merged :class:`Company` per business ID."""
    companies: dict[str, Company] = {}
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as err:
            report.failed(str(path), f"cannot read: {err}")
            continue
        for item in parse_file(path, text):
            if isinstance(item, RowError):
                report.failed(str(path), item.reason, line=item.line or None)
                continue
            item = replace(item, where=f"{path}: {item.where}")
            for warning in item.warnings:
                report.warn(str(path), f"{item.business_id}: {warning}")
            known = companies.get(item.business_id)
            companies[item.business_id] = merge(known, item) if known else item
            report.mapped(str(path))
    return companies


def ingest(store: Store, paths: Sequence[Path | str], *, batch: str | None = None) -> IngestReport:
    """Load registry files (v3 JSON and/or PRH CSV) into ``kg:companies``, replacing it;
    with ``batch``, into ``kg:companies/{batch}`` instead (a harvest's monthly batch,
    which leaves the other batches and the bundled registry as they are)."""
    graph = graph_iri(f"companies/{batch}") if batch else GRAPH
    report = IngestReport("companies", graph=graph)
    files = [Path(p) for p in paths]
    companies = read_companies(files, report)
    if report.refuse_if_failed_or_empty(", ".join(map(str, files))):
        return report
    triples = _document_triples(files)
    for company in companies.values():
        triples += company_triples(company, _document(_file_of(company)))
    triples += tol.scheme_triples(_document(files[0]))
    triples += list(tol.tol_triples(labelled_forms_and_tol(companies.values())))
    run = store.replace_graph(
        graph, triples, source="companies", inputs=[SourceFile.of(p) for p in files]
    )
    report.triple_count, report.run_iri = run.triple_count, run.iri
    return report


def _file_of(company: Company) -> str:
    return company.where.split(": ", 1)[0]


def _document(path: Path | str) -> str:
    return entity_iri("document", Path(path).stem)


def _document_triples(files: Sequence[Path]) -> list[Triple]:
    out = []
    for path in files:
        doc = _document(path)
        out += [
            triple(doc, DCTERMS.title, lit(path.name)),
            triple(doc, DCTERMS.rights, lit(ATTRIBUTION)),
        ]
    return out
