"""Query text is constant: values reach SPARQL through ``substitutions=`` or a VALUES
clause built from terms' own serialisation (``graph.rdf.values``), never by patching
the text.

The scan reads the code of ``graph/``, ``ingest/``, ``api/`` and ``keino/`` and
flags, on SPARQL text only (a string with a query form and a group, a PREFIX
declaration, a GRAPH pattern or an update operation):

- an f-string with replacement fields,
- ``.format(...)`` and ``%`` formatting,
- ``.replace(...)`` on the text or on a name bound to it.

Where the text is cannot always be known statically: a name counts as SPARQL
when it is bound, in its module or function, to SPARQL text or to an expression
built from it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("graph", "ingest", "api", "keino")
SPARQL = re.compile(
    r"(?is)\b(select|ask|construct|describe)\b[^\"]*?(\{|\bwhere\b)"
    r"|\bprefix\s+[\w-]*:\s*<"
    r"|\bgraph\s*[<?]\S*\s*\{"
    r"|\b(insert|delete)\s+(data|where)\b"
)


def _text(node: ast.AST) -> str | None:
    """The literal text of a string constant or of an f-string's constant parts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    return None


class _Scan(ast.NodeVisitor):
    """Collects names bound to SPARQL text, then the places that patch it."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.found: list[tuple[int, str]] = []

    def is_sparql(self, node: ast.AST) -> bool:
        text = _text(node)
        if text is not None:
            return bool(SPARQL.search(text))
        if isinstance(node, ast.Name):
            return node.id in self.names
        if isinstance(node, ast.Attribute):
            return node.attr in self.names
        if isinstance(node, ast.BinOp):
            return self.is_sparql(node.left) or self.is_sparql(node.right)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            return self.is_sparql(node.func.value)
        if isinstance(node, ast.IfExp):
            return self.is_sparql(node.body) or self.is_sparql(node.orelse)
        return False

    def learn(self, tree: ast.AST) -> None:
        """Bind names to SPARQL until nothing new is learnt (constants built from constants)."""
        while True:
            before = len(self.names)
            for node in ast.walk(tree):
                targets: list[ast.expr] = []
                if isinstance(node, ast.Assign):
                    targets, value = node.targets, node.value
                elif isinstance(node, ast.AnnAssign) and node.value is not None:
                    targets, value = [node.target], node.value
                else:
                    continue
                if self.is_sparql(value):
                    for t in targets:
                        if isinstance(t, ast.Name):
                            self.names.add(t.id)
                        elif isinstance(t, ast.Tuple):
                            self.names.update(e.id for e in t.elts if isinstance(e, ast.Name))
            if len(self.names) == before:
                return

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        text = _text(node) or ""
        if SPARQL.search(text) and any(isinstance(v, ast.FormattedValue) for v in node.values):
            self.found.append((node.lineno, "f-string"))
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in ("replace", "format")
            and self.is_sparql(func.value)
        ):
            self.found.append((node.lineno, f".{func.attr}()"))
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        if isinstance(node.op, ast.Mod) and self.is_sparql(node.left):
            self.found.append((node.lineno, "% formatting"))
        self.generic_visit(node)


def patched_query_text(source: str) -> list[tuple[int, str]]:
    """(line, how) for each place the source patches SPARQL text.

    >>> patched_query_text('Q = "SELECT ?s WHERE { ?s ?p ?o }"\\nq = Q.replace("?s", x)')
    [(2, '.replace()')]
    >>> patched_query_text('q = f"SELECT ?s WHERE {{ <{iri}> ?p ?s }}"')
    [(1, 'f-string')]
    >>> patched_query_text('msg = f"error: {exc}"; path = p.replace("/", "-")')
    []
    """
    tree = ast.parse(source)
    scan = _Scan()
    scan.learn(tree)
    scan.visit(tree)
    return sorted(set(scan.found))


def _modules() -> Iterator[Path]:
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def test_the_scan_flags_each_way_of_patching() -> None:
    for source in (
        'Q = "PREFIX a: <urn:a>\\nSELECT ?x WHERE { ?x a:p ?y }"\nq = Q.replace("?y", v)',
        'q = "SELECT ?x WHERE {{ ?x ?p {} }}".format(v)',
        'q = "ASK { GRAPH <%s> { ?s ?p ?o } }" % g',
        'q = f"DELETE DATA {{ GRAPH <{g}> {{ {body} }} }}"',
    ):
        assert patched_query_text(source), source


@pytest.mark.parametrize("path", list(_modules()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_patches_query_text(path: Path) -> None:
    name = str(path.relative_to(ROOT))
    found = patched_query_text(path.read_text(encoding="utf-8"))
    assert found == [], f"{name}: query text patched at lines {found}"
