"""Business Finland's funding awarded, per organisation and year, into ``kg:funding``.

Source: Business Finland's public "funding awarded" export (Myönnetyt
rahoitukset; "Lähde: Business Finland"), one CSV row per organisation and year
of decision: ``Organisaatio, Y-tunnus, Myöntämisvuosi, Avustus €, Laina €,
EAKR-rahoitus €, Tutkimusrahoitus €, Yhteensä €``. Amounts are whole euros
written with a space (or no-break space) as thousands separator: ``9 536``;
a negative amount is a correction (funding returned or cancelled) and is kept
as the file gives it, so yearly sums stay equal to the file's.

Each row becomes one ``schema:MonetaryGrant`` per instrument with a non-zero
amount (grant, loan, ERDF, research funding): amount in euros, year, funder
Business Finland (the curated body of ``kg:ecosystem``) and the organisation it
went to (``schema:fundedItem``), on the IRI the notices and the registry use for
that business ID; organisations found only here become organisations too (name
and business ID; the name of their latest year is the label, earlier names are
``skos:altLabel``). The parts of a row must add up to its total, or the row fails.
A row without a business ID (a foreign organisation: ``-``) is skipped with that
reason: nothing could join it to the rest of the graph.

parse (:func:`parse_funding` → :class:`FundingRow` | ``RowError``) → map
(:func:`grant_triples`, :func:`organisation_triples`, pure) → load
(:func:`ingest`). A failed row names file and line; a batch with a failed row or
with nothing mapped is refused and the graph keeps its previous state.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from rdflib.namespace import DCTERMS, PROV, SKOS

from graph.iris import entity_iri, graph_iri, normalise_business_id, org_iri
from graph.namespaces import EPO, KEINO, ORG, SCHEMA
from graph.rdf import Triple, a, lit, triple
from graph.store import SourceFile, Store
from ingest.report import IngestReport, RowError

GRAPH = graph_iri("funding")
#: Business Finland as the ecosystem graph mints it (data/ecosystem/ecosystem.yaml).
FUNDER = org_iri(name="Innovaatiorahoituskeskus Business Finland")
INSTRUMENT_SCHEME = entity_iri("funding-instrument")
EPO_LEGAL_NAME = str(EPO.hasLegalName)
ATTRIBUTION = "Lähde: Business Finland"
NO_ID = {"", "-"}
_AMOUNT = re.compile(r"^-?\d{1,3}(?:[ \u00a0\u202f]?\d{3})*$")


@dataclass(frozen=True)
class Instrument:
    """A funding instrument: its key, the CSV column and its labels."""

    key: str
    column: str
    labels: tuple[tuple[str, str], ...]

    @property
    def iri(self) -> str:
        return entity_iri("funding-instrument", self.key)


INSTRUMENTS = (
    Instrument("grant", "Avustus €", (("fi", "avustus"), ("sv", "bidrag"), ("en", "grant"))),
    Instrument("loan", "Laina €", (("fi", "laina"), ("sv", "lån"), ("en", "loan"))),
    Instrument("erdf", "EAKR-rahoitus €", (
        ("fi", "EAKR-rahoitus"), ("sv", "ERUF-finansiering"),
        ("en", "European Regional Development Fund (ERDF) funding"))),
    Instrument("research", "Tutkimusrahoitus €", (
        ("fi", "tutkimusrahoitus"), ("sv", "forskningsfinansiering"), ("en", "research funding"))),
)  # fmt: skip
COLUMNS = ("Organisaatio", "Y-tunnus", "Myöntämisvuosi", "Yhteensä €")


@dataclass(frozen=True)
class FundingRow:
    """One row: an organisation's funding decided in one year, by instrument (euros)."""

    name: str
    business_id: str
    year: int
    amounts: tuple[tuple[str, int], ...]  # (instrument key, euros), non-zero only
    total: int
    line: int

    @property
    def org(self) -> str:
        return org_iri(business_id=self.business_id)


class Skip(ValueError):
    """A row that is read but deliberately not mapped, and why."""


def parse_amount(text: str) -> int:
    """Whole euros from ``9 536`` (space, no-break or narrow no-break space separators).

    >>> parse_amount("9\u00a0536"), parse_amount("0"), parse_amount("-1 234 567")
    (9536, 0, -1234567)
    >>> parse_amount("9,5")
    Traceback (most recent call last):
    ValueError: amount '9,5' is not whole euros with space-separated thousands
    """
    value = text.strip()
    if not _AMOUNT.match(value):
        raise ValueError(f"amount {text!r} is not whole euros with space-separated thousands")
    return int(re.sub(r"[^\d-]", "", value))


def parse_funding(text: str) -> Iterator[FundingRow | RowError | tuple[int, Skip]]:
    """CSV text → rows; a bad row yields a RowError, a row without ID ``(line, Skip)``."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [
        c
        for c in (*COLUMNS, *(i.column for i in INSTRUMENTS))
        if c not in (reader.fieldnames or [])
    ]
    if missing:
        yield RowError(f"missing columns {missing} (header: {reader.fieldnames})", 1)
        return
    for number, row in enumerate(reader, start=2):
        try:
            yield funding_row(row, number)
        except Skip as skip:
            yield number, skip
        except (RowError, ValueError) as err:
            yield RowError(getattr(err, "reason", str(err)), number)


def funding_row(row: dict[str, str], line: int) -> FundingRow:
    """One CSV row → :class:`FundingRow`; raises Skip or RowError."""
    raw_id = (row.get("Y-tunnus") or "").strip()
    name = (row.get("Organisaatio") or "").strip()
    if raw_id in NO_ID:
        raise Skip(f"{name or 'a row'} has no business ID (Y-tunnus {raw_id!r}): cannot be joined")
    business_id = normalise_business_id(raw_id)
    if not business_id:
        raise RowError(f"Y-tunnus {raw_id!r} is not a valid business ID")
    year = (row.get("Myöntämisvuosi") or "").strip()
    if not (year.isdigit() and len(year) == 4):
        raise RowError(f"Myöntämisvuosi {year!r} is not a year")
    amounts = tuple((i.key, parse_amount(row.get(i.column) or "")) for i in INSTRUMENTS)
    total = parse_amount(row.get("Yhteensä €") or "")
    if sum(v for _, v in amounts) != total:
        raise RowError(
            f"the instruments add up to {sum(v for _, v in amounts)} €, Yhteensä says {total} €"
        )
    return FundingRow(
        name, business_id, int(year), tuple((k, v) for k, v in amounts if v), total, line
    )


def grant_iri(business_id: str, year: int, instrument: str) -> str:
    """IRI of one funding record: organisation, year, instrument.

    >>> grant_iri("2996949-9", 2020, "grant")
    'https://w3id.org/keino/id/funding/2996949-9/2020/grant'
    """
    return entity_iri("funding", business_id, str(year), instrument)


def grant_triples(row: FundingRow, source: str) -> list[Triple]:
    """One ``schema:MonetaryGrant`` per instrument of the row (pure)."""
    out: list[Triple] = []
    by_key = {i.key: i for i in INSTRUMENTS}
    for key, euros in row.amounts:
        g = grant_iri(row.business_id, row.year, key)
        out += [
            a(g, SCHEMA.MonetaryGrant),
            triple(g, SCHEMA.funder, FUNDER),
            triple(g, SCHEMA.fundedItem, row.org),
            triple(g, SCHEMA.amount, lit(Decimal(euros))),
            triple(g, SCHEMA.currency, lit("EUR")),
            triple(g, KEINO.awardYear, lit(row.year)),
            triple(g, KEINO.fundingInstrument, by_key[key].iri),
            triple(g, PROV.wasDerivedFrom, source),
        ]
    return out


def organisation_triples(
    business_id: str, names_by_year: dict[str, int], source: str
) -> list[Triple]:
    """The organisation as this file knows it: business ID and names (pure).

    ``names_by_year`` maps each name the file gives it to the last year it was used.
    """
    s = org_iri(business_id=business_id)
    latest = max(names_by_year, key=lambda n: (names_by_year[n], n))
    out = [
        a(s, ORG.Organization),
        triple(s, KEINO.businessId, lit(business_id)),
        triple(s, EPO_LEGAL_NAME, lit(latest)),
        triple(s, SKOS.prefLabel, lit(latest, lang="fi")),
        triple(s, PROV.wasDerivedFrom, source),
    ]
    out += [
        triple(s, SKOS.altLabel, lit(n, lang="fi")) for n in sorted(names_by_year) if n != latest
    ]
    return out


def instrument_triples() -> list[Triple]:
    """The four instruments as a SKOS scheme with fi/sv/en labels."""
    out = [
        a(INSTRUMENT_SCHEME, str(SKOS.ConceptScheme)),
        triple(
            INSTRUMENT_SCHEME, SKOS.prefLabel, lit("Business Finlandin rahoitusmuodot", lang="fi")
        ),
        triple(
            INSTRUMENT_SCHEME,
            SKOS.prefLabel,
            lit("Business Finlands finansieringsformer", lang="sv"),
        ),
        triple(
            INSTRUMENT_SCHEME,
            SKOS.prefLabel,
            lit("Business Finland funding instruments", lang="en"),
        ),
    ]
    for i in INSTRUMENTS:
        out += [a(i.iri, str(SKOS.Concept)), triple(i.iri, SKOS.inScheme, INSTRUMENT_SCHEME),
                triple(i.iri, SKOS.notation, lit(i.key))]  # fmt: skip
        out += [triple(i.iri, SKOS.prefLabel, lit(label, lang=lang)) for lang, label in i.labels]
    return out


def read_rows(paths: Sequence[Path], report: IngestReport) -> list[tuple[Path, FundingRow]]:
    """Parse every file; failures and skips go to the report."""
    rows = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as err:
            report.failed(str(path), f"cannot read: {err}")
            continue
        for item in parse_funding(text):
            if isinstance(item, RowError):
                report.failed(str(path), item.reason, line=item.line)
            elif isinstance(item, tuple):
                report.skipped(str(path), str(item[1]), line=item[0])
            else:
                rows.append((path, item))
                report.mapped(str(path))
    return rows


def combine_years(
    rows: list[tuple[Path, FundingRow]], report: IngestReport
) -> list[tuple[Path, FundingRow]]:
    """One row per organisation and year: a repeated (business ID, year) adds its
    amounts to the first row's, with a warning, so each record keeps one amount."""
    first: dict[tuple[str, int], int] = {}
    out: list[tuple[Path, FundingRow]] = []
    for path, row in rows:
        key = (row.business_id, row.year)
        if key not in first:
            first[key] = len(out)
            out.append((path, row))
            continue
        at, earlier = out[first[key]]
        report.warn(str(path), f"{row.business_id} {row.year} also on line {earlier.line}; "
                    "the amounts are added up", line=row.line)  # fmt: skip
        sums = dict(earlier.amounts)
        for k, v in row.amounts:
            sums[k] = sums.get(k, 0) + v
        merged = tuple((i.key, sums[i.key]) for i in INSTRUMENTS if sums.get(i.key))
        out[first[key]] = (at, replace(earlier, amounts=merged, total=earlier.total + row.total))
    return out


def ingest(store: Store, paths: Sequence[Path | str]) -> IngestReport:
    """Load funding CSVs into ``kg:funding``, replacing it."""
    report = IngestReport("funding", graph=GRAPH)
    files = [Path(p) for p in paths]
    rows = read_rows(files, report)
    if report.refuse_if_failed_or_empty(", ".join(map(str, files))):
        return report
    triples = instrument_triples()
    names: dict[str, dict[str, int]] = {}
    sources: dict[str, str] = {}
    for path, row in combine_years(rows, report):
        doc = entity_iri("document", path.stem)
        triples += grant_triples(row, doc)
        years = names.setdefault(row.business_id, {})
        years[row.name] = max(years.get(row.name, 0), row.year)
        sources.setdefault(row.business_id, doc)
    for business_id, by_year in names.items():
        triples += organisation_triples(business_id, by_year, sources[business_id])
    for path in files:
        doc = entity_iri("document", path.stem)
        triples += [
            triple(doc, DCTERMS.title, lit(path.name)),
            triple(doc, DCTERMS.rights, lit(ATTRIBUTION)),
        ]
    run = store.replace_graph(
        GRAPH, triples, source="funding", inputs=[SourceFile.of(p) for p in files]
    )
    report.triple_count, report.run_iri = run.triple_count, run.iri
    return report
