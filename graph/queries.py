"""Named researcher queries: ``queries/*.rq`` files with a metadata header.

A header is a run of ``#+ key: value`` lines at the top of the file::

    #+ summary: Suppliers that won lots in a CPV division
    #+ description: Longer text, may repeat over several lines.
    #+ param: cpv cpv — CPV code, e.g. 45000000
    #+ param: on date optional — the day to look at, e.g. 2021-06-01
    #+ tags: suppliers, cpv

A parameter line is ``name [type] [optional] — description``; the type is one of
:data:`PARAM_TYPES` (``string`` by default). ``e.g. X`` in the description is
the example the docs and the API show. Values are bound with pyoxigraph's
``substitutions=`` (never by string formatting); an optional parameter that is
not given stays unbound.

Two rules follow from how Oxigraph substitutes: a SELECT query must project
every parameter it takes (``SELECT ?org ?since ...``), and an optional
parameter is tested with ``COALESCE(test, true)``, not ``BOUND(?p)`` (which
Oxigraph evaluates before the substitution and so is always false).

>>> q = parse_named_query("demo", '''#+ summary: Labels of a thing
... #+ param: thing iri — what to label, e.g. https://w3id.org/keino/id/x
... SELECT ?label WHERE { ?thing <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }''')
>>> q.summary, q.params[0].name, q.params[0].type, q.params[0].example
('Labels of a thing', 'thing', 'iri', 'https://w3id.org/keino/id/x')
>>> q.bind({"thing": "https://w3id.org/keino/id/x"})["thing"].value
'https://w3id.org/keino/id/x'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.namespaces import CPV, NUTS
from graph.resources import resource_dir

XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = ("string", "iri", "date", "integer", "decimal", "boolean", "cpv", "nuts", "lang")
_HEADER = re.compile(r"^#\+\s*([a-z_]+)\s*:\s*(.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)(?P<flags>(?:\s+[a-z]+)*)\s*(?:[—–-]+\s*(?P<desc>.*))?$"
)
_EXAMPLE = re.compile(r"e\.g\.\s*(\S+)")
# The opening of the outermost WHERE group (not inside a ``#`` comment line).
_WHERE = re.compile(r"^(?:[^#\n]*?)\bWHERE\s*\{", re.IGNORECASE | re.MULTILINE)


class QueryError(ValueError):
    """A named query is unknown, or a parameter is missing or malformed."""


@dataclass(frozen=True)
class Param:
    """One parameter of a named query."""

    name: str
    type: str = "string"
    optional: bool = False
    description: str = ""
    example: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    """A ``.rq`` file: its metadata and its SPARQL text."""

    name: str
    sparql: str
    summary: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    tags: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        """``select``, ``ask``, ``construct`` or ``describe``."""
        body = "\n".join(
            line
            for line in self.sparql.splitlines()
            if not line.lstrip().startswith(("#", "PREFIX", "prefix"))
        )
        match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE)
        return match.group(1).lower() if match else "select"

    def example(self) -> str:
        """The text with the example values of its required parameters bound
        (:func:`with_values`), as its ``.expected.csv`` answer is run; optional ones
        stay unbound."""
        given = {p.name: p.example for p in self.params if p.example and not p.optional}
        try:
            return with_values(self.sparql, self.bind(given))
        except QueryError:  # a required parameter without an example: left for the reader
            return self.sparql

    def bind(self, values: Mapping[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
        """Turn request values into RDF terms; raises :class:`QueryError`."""
        known = {p.name for p in self.params}
        unknown = set(values) - known
        if unknown:
            raise QueryError(
                f"query {self.name!r} has no parameter(s) {sorted(unknown)}; "
                f"it takes {sorted(known) or 'none'}"
            )
        bound: dict[str, ox.NamedNode | ox.Literal] = {}
        for param in self.params:
            raw = values.get(param.name)
            if raw is None or raw == "":
                if not param.optional:
                    raise QueryError(
                        f"query {self.name!r} needs parameter {param.name!r}"
                        + (f", e.g. {param.example}" if param.example else "")
                    )
                continue
            bound[param.name] = to_term(raw, param)
        return bound


def with_values(sparql: str, bound: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """``sparql`` with each of ``bound`` written as a one-row ``VALUES`` at the top of
    the innermost group where the variable is first used (not a sub-select's
    projection), so the text runs as shown, in an editor or on any endpoint, with the
    answer of ``substitutions=``; each term is written by its own serialisation.
    A variable the text does not use after its WHERE is left out."""
    where = _WHERE.search(sparql)
    if where is None:
        return sparql
    inserts = []
    for name, term in bound.items():
        at = _group_of_first_use(sparql, where.end() - 1, name)
        if at is not None:
            inserts.append((at, f"\n  VALUES ?{name} {{ {term} }}"))
    for at, text in sorted(inserts, reverse=True):
        sparql = sparql[: at + 1] + text + sparql[at + 1 :]
    return sparql


def _group_of_first_use(sparql: str, start: int, name: str) -> int | None:
    """Offset of the ``{`` opening the innermost group around the first use of
    ``?name`` after ``start`` (the WHERE group's ``{``); uses inside a sub-select's
    SELECT clause are skipped. Braces inside comments, IRIs and strings do not occur
    in the bundled queries' WHERE clauses, so a plain scan is enough."""
    use = re.compile(r"[?$]" + re.escape(name) + r"\b")
    for found in use.finditer(sparql, start):
        opened: list[int] = []
        for i in range(start, found.start()):
            if sparql[i] == "{":
                opened.append(i)
            elif sparql[i] == "}" and opened:
                opened.pop()
        if not opened:
            continue
        group = sparql[opened[-1] + 1 : found.start()]
        if re.match(r"\s*SELECT\b", group, re.IGNORECASE) and not re.search(
            r"\bWHERE\b", group, re.IGNORECASE
        ):
            continue  # in a sub-select's projection: its WHERE group comes later
        return opened[-1]
    return None


def to_term(raw: str, param: Param) -> ox.NamedNode | ox.Literal:
    """Convert one parameter value to a term of the parameter's type."""
    raw = raw.strip()
    try:
        if param.type == "iri":
            if not re.match(r"^[a-z][a-z0-9+.-]*:\S+$", raw, re.IGNORECASE):
                raise ValueError("not an absolute IRI")
            return ox.NamedNode(raw)
        if param.type == "cpv":
            code = raw.split("-")[0]
            if not re.fullmatch(r"\d{8}", code):
                raise ValueError("a CPV code has 8 digits")
            return ox.NamedNode(CPV[code])
        if param.type == "nuts":
            if not re.fullmatch(r"[A-Z]{2}[0-9A-Z]{0,3}", raw.upper()):
                raise ValueError("a NUTS code is 2 letters and up to 3 more characters")
            return ox.NamedNode(NUTS[raw.upper()])
        if param.type == "date":
            return ox.Literal(
                dt.date.fromisoformat(raw).isoformat(), datatype=ox.NamedNode(XSD + "date")
            )
        if param.type == "integer":
            return ox.Literal(str(int(raw)), datatype=ox.NamedNode(XSD + "integer"))
        if param.type == "decimal":
            return ox.Literal(str(Decimal(raw)), datatype=ox.NamedNode(XSD + "decimal"))
        if param.type == "boolean":
            if raw.lower() not in {"true", "false"}:
                raise ValueError("expected true or false")
            return ox.Literal(raw.lower(), datatype=ox.NamedNode(XSD + "boolean"))
        if param.type == "lang":
            if not re.fullmatch(r"[a-z]{2}", raw.lower()):
                raise ValueError("expected a two-letter language code such as fi")
            return ox.Literal(raw.lower())
        return ox.Literal(raw)
    except (ValueError, InvalidOperation) as exc:
        raise QueryError(
            f"parameter {param.name!r}: {raw!r} is not a valid {param.type} ({exc})"
        ) from None


def parse_named_query(name: str, text: str) -> NamedQuery:
    """Read the ``#+`` header of a ``.rq`` text; raises QueryError on a bad header."""
    meta: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if match:
            meta.setdefault(match.group(1), []).append(match.group(2).strip())
    params = tuple(_parse_param(name, line) for line in meta.pop("param", []))
    tags = tuple(t.strip() for line in meta.pop("tags", []) for t in line.split(",") if t.strip())
    return NamedQuery(
        name=name,
        sparql=text,
        summary=" ".join(meta.pop("summary", [])),
        description=" ".join(meta.pop("description", [])),
        params=params,
        tags=tags,
        extra={k: " ".join(v) for k, v in meta.items()},
    )


def _parse_param(query: str, line: str) -> Param:
    match = _PARAM.match(line)
    if not match:
        raise QueryError(f"{query}.rq: cannot read parameter line {line!r}")
    flags = match.group("flags").split()
    types = [f for f in flags if f in PARAM_TYPES]
    others = [f for f in flags if f not in PARAM_TYPES and f != "optional"]
    if len(types) > 1 or others:
        raise QueryError(f"{query}.rq: parameter line {line!r}: unknown flag(s) {others or types}")
    desc = (match.group("desc") or "").strip()
    example = _EXAMPLE.search(desc)
    return Param(
        match.group("name"),
        types[0] if types else "string",
        "optional" in flags,
        desc,
        example.group(1).rstrip(".,;)") if example else None,
    )


class QueryCatalogue:
    """The named queries of one folder (``queries/`` by default), read once."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or resource_dir("queries")
        self._queries = {
            path.stem: parse_named_query(path.stem, path.read_text(encoding="utf-8"))
            for path in sorted(self.folder.glob("*.rq"))
        }

    def __iter__(self) -> Any:
        return iter(self._queries.values())

    def __len__(self) -> int:
        return len(self._queries)

    def names(self) -> list[str]:
        """Query names, sorted."""
        return sorted(self._queries)

    def get(self, name: str) -> NamedQuery:
        """One query by name; raises QueryError listing close names."""
        try:
            return self._queries[name]
        except KeyError:
            close = [n for n in self._queries if name.split("-")[0] in n][:5]
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise QueryError(f"no named query {name!r}{hint} (see `keino query --list`)") from None
