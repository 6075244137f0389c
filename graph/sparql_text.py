"""What the endpoint reads in a query's text before Oxigraph parses it.

A cheap lexer that knows SPARQL's strings, IRIs and comments, so that a ``#``
inside ``<http://x/#a>`` or the words ``INSERT DATA`` inside a literal are
never mistaken for a comment or an update. It answers three questions:

- is the text within the size and nesting limits? (Oxigraph's parser recurses
  on nesting: a few thousand nested ``{`` overflow its stack and kill the process);
- which ``SERVICE`` endpoints does it name? (federation is refused unless allowed);
- is it an update? (asked only once Oxigraph has refused it as a query).

>>> scan("SELECT * WHERE { ?s ?p 'INSERT DATA {' } # {{{").depth
1
>>> scan("PREFIX ex: <http://e/#> INSERT DATA { ex:a ex:b ex:c }").is_update
True
>>> scan("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }").services
('http://127.0.0.1:9/',)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UPDATE_KEYWORDS = frozenset(
    {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"}
)

_TOKEN = re.compile(
    r"""
     (?P<space>\s+)
    |(?P<comment>\#[^\n]*)
    |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n\r]|\\.)*"
               |'(?:[^'\\\n\r]|\\.)*')
    |(?P<var>[?$][^\s{}()\[\],;.<>"'\#]*)
    |(?P<word>[^\W\d][\w.\-]*(?::[^\s{}()\[\],;<>"'\#]*)?|:[^\s{}()\[\],;<>"'\#]*)
    |(?P<open>[{(\[])
    |(?P<close>[})\]])
    |(?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Scan:
    """What the lexer found: significant tokens as ``(kind, text)``, deepest nesting.

    ``services`` lists the endpoint of every ``SERVICE``: its IRI when it is
    written as one (a prefixed name is resolved through the query's
    ``PREFIX`` lines), else ``None`` (a variable, or a name that cannot be
    resolved here).
    """

    tokens: tuple[tuple[str, str], ...]
    depth: int

    @property
    def services(self) -> tuple[str | None, ...]:
        prefixes = self.prefixes()
        found: list[str | None] = []
        for i, (kind, text) in enumerate(self.tokens):
            if kind != "word" or text.lower() != "service":
                continue
            target = self.tokens[i + 1] if i + 1 < len(self.tokens) else ("other", "")
            if target[0] == "word" and target[1].lower() == "silent":
                target = self.tokens[i + 2] if i + 2 < len(self.tokens) else ("other", "")
            found.append(_resolve(target, prefixes))
        return tuple(found)

    def prefixes(self) -> dict[str, str]:
        """The ``PREFIX name: <iri>`` declarations, name without the colon."""
        declared = {}
        for i in range(len(self.tokens) - 2):
            keyword, name, iri = self.tokens[i : i + 3]
            if keyword[1].lower() == "prefix" and name[0] == "word" and iri[0] == "iri":
                declared[name[1].rstrip(":")] = iri[1][1:-1]
        return declared

    @property
    def is_update(self) -> bool:
        """Whether the first keyword after the prologue starts a SPARQL update.

        A query's first keyword after ``BASE``/``PREFIX`` is SELECT, ASK,
        CONSTRUCT or DESCRIBE, so a text Oxigraph parses as a query is never
        taken for an update.
        """
        i = 0
        while i < len(self.tokens):
            keyword = self.tokens[i][1].lower()
            if keyword == "base":
                i += 2
            elif keyword == "prefix":
                i += 3
            else:
                return self.tokens[i][0] == "word" and keyword in UPDATE_KEYWORDS
        return False


def scan(text: str) -> Scan:
    """Lex ``text`` once: significant tokens and the deepest bracket nesting.

    Linear in the length of the text; an unterminated string or IRI lexes as
    single characters (Oxigraph refuses such a query anyway).

    >>> scan("ASK { <a:b> <a:c> ( (1) ) }").depth
    3
    """
    tokens: list[tuple[str, str]] = []
    depth = deepest = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind in ("space", "comment"):
            continue
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth = max(0, depth - 1)
        tokens.append((kind, match.group()))
    return Scan(tuple(tokens), deepest)


def nesting_depth(text: str, stop_at: int) -> int:
    """The deepest bracket nesting of ``text``, counting no further than ``stop_at``.

    The cheap check that runs before :func:`scan`: it stops as soon as the
    limit is passed, so a hostile text costs one pass at most.

    >>> nesting_depth("{ '{{{{' <a:#x> { } } # {{{{", 10)
    2
    >>> nesting_depth("{" * 5000, 100)
    101
    """
    depth = deepest = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop_at:
                    return deepest
        elif kind == "close":
            depth = max(0, depth - 1)
    return deepest


def _resolve(token: tuple[str, str], prefixes: dict[str, str]) -> str | None:
    kind, text = token
    if kind == "iri":
        return text[1:-1]
    if kind == "word" and ":" in text:
        prefix, _, local = text.partition(":")
        if prefix in prefixes and re.fullmatch(r"[\w.\-]*", local):
            return prefixes[prefix] + local
    return None


def service_allowed(endpoint: str | None, allow: tuple[str, ...]) -> bool:
    """Whether ``endpoint`` starts with one of the allowed endpoint IRIs.

    A variable or unresolved endpoint is never allowed: where the query would
    go cannot be known before it runs.

    >>> service_allowed("https://query.wikidata.org/sparql", ("https://query.wikidata.org/",))
    True
    >>> service_allowed(None, ("http://",)), service_allowed("http://a/", ())
    (False, False)
    """
    if endpoint is None or not re.match(r"^https?://[^\s/]+/", endpoint + "/"):
        return False
    return any(endpoint.startswith(prefix) for prefix in allow if prefix)


_FORMS = ("select", "ask", "construct", "describe")


def query_form(text: str) -> str | None:
    """``select``, ``ask``, ``construct`` or ``describe``: the query's form; None if none.

    >>> query_form("PREFIX s: <http://e/#select> CONSTRUCT WHERE { ?s ?p 'ask' }")
    'construct'
    """
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "word" and match.group().lower() in _FORMS:
            return match.group().lower()
    return None


def where_group(text: str) -> tuple[int, int] | None:
    """Offsets of the ``{`` and ``}`` around a query's WHERE group; None when it has none.

    The group after SELECT, ASK or DESCRIBE is the first ``{`` outside
    parentheses (a projected ``EXISTS { }`` is inside them); after CONSTRUCT,
    the one following the template (or the ``WHERE`` of the short form).
    Strings, IRIs and comments are skipped, so braces inside them never count.

    >>> q = "PREFIX e: <http://e/#> CONSTRUCT { ?s e:p '}' } WHERE { ?s ?p ?o }"
    >>> start, end = where_group(q)
    >>> q[start:end + 1]
    '{ ?s ?p ?o }'
    >>> where_group("DESCRIBE <urn:a>") is None
    True
    """
    tokens = [
        (m.lastgroup or "other", m.group(), m.start())
        for m in _TOKEN.finditer(text)
        if m.lastgroup not in ("space", "comment")
    ]
    form = next(
        (i for i, (kind, word, _) in enumerate(tokens)
         if kind == "word" and word.lower() in _FORMS),
        None,
    )  # fmt: skip
    if form is None:
        return None
    i, parens = form + 1, 0
    if tokens[form][1].lower() == "construct" and i < len(tokens) and tokens[i][1] == "{":
        i = _closing(tokens, i) + 1  # skip the template
    while i < len(tokens):
        word = tokens[i][1]
        if word == "(":
            parens += 1
        elif word == ")":
            parens -= 1
        elif word == "{" and parens == 0:
            return tokens[i][2], tokens[_closing(tokens, i)][2]
        i += 1
    return None


def _closing(tokens: list[tuple[str, str, int]], start: int) -> int:
    """The index of the token closing the bracket opened at ``start`` (the last if none)."""
    depth = 0
    for i in range(start, len(tokens)):
        if tokens[i][0] == "open":
            depth += 1
        elif tokens[i][0] == "close":
            depth -= 1
            if depth == 0:
                return i
    return len(tokens) - 1
