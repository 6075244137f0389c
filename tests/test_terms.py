"""graph.terms, and SPARQL values bound, never spliced, in the entity and search modules."""

from __future__ import annotations

import ast
import inspect
from types import ModuleType

import pytest

from graph import describe, labels, network, organisations, search, snapshot, terms, timeline
from graph.iris import ID_BASE
from graph.store import Store
from graph.terms import values

MODULES = [describe, labels, network, organisations, search, snapshot, terms, timeline]


def test_values_serialises_iris_as_terms() -> None:
    block = values("x", [ID_BASE + "a"])
    assert block == f"VALUES ?x {{ <{ID_BASE}a> }}"
    (row,) = Store().query(f"SELECT ?x WHERE {{ {block} }}")
    assert row["x"].value == ID_BASE + "a"


@pytest.mark.parametrize("bad", ["> } DROP ALL #", "no iri", "<x>"])
def test_values_refuses_what_is_not_an_iri(bad: str) -> None:
    with pytest.raises(ValueError):
        values("x", [bad])


def test_values_refuses_a_bad_variable() -> None:
    with pytest.raises(ValueError):
        values("x }", [ID_BASE + "a"])


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
