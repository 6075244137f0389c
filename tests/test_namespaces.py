"""Namespace terms come from ``graph.namespaces`` and entity IRIs from ``graph.iris``.

- The scan flags, outside ``graph/namespaces.py``, ``KEINO_NS + "term"`` and
  ``EPO_NS + "term"`` (and f-strings doing the same) and string literals that spell
  a ``keino:`` or ``epo:`` term in full; outside ``graph/iris.py`` it flags IRIs
  minted from ``ID_BASE`` or a literal ``https://w3id.org/keino/id/`` prefix.
  Docstrings (doctest examples) and SPARQL text (its PREFIX lines) are not code
  that mints terms and are left alone.
- Every :class:`graph.namespaces.EPO` term is defined by the eProcurement Ontology
  4.2 (``../shared/data/epo``); ``tests/test_epo_terms.py`` checks every ``epo:``
  term written anywhere else.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib

from graph.iris import ID_BASE
from graph.namespaces import EPO, EPO_NS, KEINO_NS

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("graph", "ingest", "api", "keino")
NAMESPACES = {"KEINO_NS": KEINO_NS, "EPO_NS": EPO_NS, "ID_BASE": ID_BASE}


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings or bare expression statements."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }


def _aliases(tree: ast.AST) -> dict[str, str]:
    """Names bound to a namespace string (``K = KEINO_NS``), with their namespace."""
    names = {name: name for name in NAMESPACES}
    spelt = {ns: name for name, ns in NAMESPACES.items()}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign):
            continue
        if isinstance(node.value, ast.Name) and node.value.id in names:
            ns = names[node.value.id]
        elif isinstance(node.value, ast.Constant) and node.value.value in spelt:
            ns = spelt[node.value.value]
        else:
            continue
        names.update((t.id, ns) for t in node.targets if isinstance(t, ast.Name))
    return names


def minted_terms(source: str, *, allowed: frozenset[str] = frozenset()) -> list[tuple[int, str]]:
    """(line, what) for each term or IRI spelt out instead of taken from its home.

    ``allowed`` holds the namespaces (``KEINO_NS``, ``EPO_NS``, ``ID_BASE``) this
    module may build from.

    >>> minted_terms('x = KEINO_NS + "share"')
    [(1, 'KEINO_NS + ...')]
    >>> minted_terms('x = f"{ID_BASE}notice/{n}"')
    [(1, 'f-string on ID_BASE')]
    >>> minted_terms('x = "http://data.europa.eu/a4g/ontology#Lot"')
    [(1, 'literal EPO_NS term')]
    >>> minted_terms('EPO = "http://data.europa.eu/a4g/ontology#"; x = EPO + "Lot"')
    [(1, 'EPO_NS + ...'), (1, 'literal EPO_NS namespace')]
    >>> minted_terms('Q = "PREFIX keino: <https://w3id.org/keino/ontology#>"')
    []
    """
    tree = ast.parse(source)
    skip, aliases, found = _docstrings(tree), _aliases(tree), []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left = node.left
            if isinstance(left, ast.Name) and aliases.get(left.id, "") not in ("", *allowed):
                found.append((node.lineno, f"{aliases[left.id]} + ..."))
        elif isinstance(node, ast.JoinedStr):
            for value in node.values:
                if isinstance(value, ast.FormattedValue) and isinstance(value.value, ast.Name):
                    ns = aliases.get(value.value.id, "")
                    if ns not in ("", *allowed):
                        found.append((node.lineno, f"f-string on {ns}"))
        elif (
            isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
        ):
            for name, ns in NAMESPACES.items():
                if name not in allowed and node.value.startswith(ns):
                    what = "term" if len(node.value) > len(ns) else "namespace"
                    found.append((node.lineno, f"literal {name} {what}"))
    return sorted(set(found))


def _modules() -> Iterator[Path]:
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


#: where each namespace may be built from
HOMES = {
    "graph/namespaces.py": frozenset({"KEINO_NS", "EPO_NS"}),
    "graph/iris.py": frozenset({"ID_BASE"}),
}


@pytest.mark.parametrize("path", list(_modules()), ids=lambda p: str(p.relative_to(ROOT)))
def test_terms_come_from_their_home(path: Path) -> None:
    name = str(path.relative_to(ROOT))
    found = minted_terms(path.read_text(encoding="utf-8"), allowed=HOMES.get(name, frozenset()))
    assert found == [], f"{name}: terms spelt out at lines {found}"


@pytest.fixture(scope="module")
def epo_terms(shared_data: Path) -> set[str]:
    """Local names of every term the ePO Turtle files define (``../shared/data/epo``)."""
    folder = shared_data / "epo" / "implementation"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: the ePO check needs the shared ePO files")
    graph = rdflib.Graph()
    for path in sorted(folder.rglob("*.ttl")):
        graph.parse(path, format="turtle")
    return {
        str(s).removeprefix(EPO_NS)
        for s in graph.subjects()
        if isinstance(s, rdflib.URIRef) and str(s).startswith(EPO_NS)
    }


@pytest.mark.shared
def test_every_epo_term_the_code_uses_is_in_the_epo_ontology(epo_terms: set[str]) -> None:
    listed = {name for name in EPO.__annotations__ if not name.startswith("_")}
    missing = listed - epo_terms
    assert missing == set(), f"not in ePO 4.2: {sorted(missing)}"


def test_epo_namespace_refuses_a_misspelt_term() -> None:
    assert str(EPO.Lot) == EPO_NS + "Lot"
    with pytest.raises(AttributeError):
        _ = EPO.Lott
