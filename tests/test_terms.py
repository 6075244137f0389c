"""graph.rdf.values, and SPARQL values bound, never spliced, in the entity and search modules."""

from __future__ import annotations

import ast
import inspect
from types import ModuleType

import pytest

from graph import describe, labels, network, organisations, search, snapshot, timeline
from graph.iris import ID_BASE
from graph.rdf import iri, lit, values
from graph.store import Store

MODULES = [describe, labels, network, organisations, search, snapshot, timeline]


def test_values_serialises_terms_as_terms() -> None:
    block = values("x", [iri(ID_BASE + "a"), lit('say "hi"', lang="en")])
    assert block == f'VALUES ?x {{ <{ID_BASE}a> "say \\"hi\\""@en }}'
    rows = Store().query(f"SELECT ?x WHERE {{ {block} }}")
    assert [row["x"].value for row in rows] == [ID_BASE + "a", 'say "hi"']


@pytest.mark.parametrize("bad", ["> } DROP ALL #", "no iri", "<x>"])
def test_an_iri_that_is_not_one_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        values("x", [iri(bad)])


def test_a_plain_string_never_enters_the_query() -> None:
    with pytest.raises(TypeError):
        values("x", [ID_BASE + "a"])  # type: ignore[list-item]


def test_values_refuses_a_bad_variable() -> None:
    with pytest.raises(ValueError):
        values("x }", [iri(ID_BASE + "a")])


def _is_sparql(text: str) -> bool:
    return any(word in text for word in ("SELECT", "WHERE", "PREFIX", "GRAPH ?", "FILTER("))


def _query_names(tree: ast.Module) -> set[str]:
    """Module-level names bound to SPARQL text."""
    found = set()
    for node in tree.body:
        if not isinstance(node, ast.Assign) or not _is_sparql(ast.unparse(node.value)):
            continue
        if isinstance(node.value, ast.Constant | ast.JoinedStr):
            found |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return found


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_query_text_is_never_formatted(module: ModuleType) -> None:
    tree = ast.parse(inspect.getsource(module))
    queries = _query_names(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            assert not _is_sparql(ast.unparse(node)), f"f-string query: {ast.unparse(node)[:60]}"
        if isinstance(node, ast.Attribute) and node.attr in ("format", "replace"):
            receiver = node.value
            assert not (isinstance(receiver, ast.Name) and receiver.id in queries), ast.unparse(
                node
            )
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            left = node.left
            assert not (isinstance(left, ast.Name) and left.id in queries), ast.unparse(node)
