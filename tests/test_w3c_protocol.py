"""The W3C SPARQL 1.1 Protocol tests, over real HTTP, against a live server.

Reads ``tests/data/w3c-sparql-protocol/manifest.ttl``: each test is one or more
HTTP requests (method, path under ``/sparql/``, headers, body) with the expected
status class and answer (boolean value, tabular results or RDF). The data files
are loaded as named graphs (graph IRI = the file's label in the manifest). Every
query test must pass; the ``update_*`` tests perform updates, which this
read-only endpoint refuses (403) by design, and the test checks that refusal.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import rdflib
from rdflib.namespace import RDFS

from graph.rdf import triple
from graph.store import Store

HERE = Path(__file__).resolve().parent / "data" / "w3c-sparql-protocol"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = rdflib.Namespace("http://www.w3.org/2011/http-statusCodes#")


@dataclass(frozen=True)
class Step:
    """One request of a test and what its answer must be."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[int]  # acceptable status classes: 2, 3, 4
    expected_format: str | None
    expected_boolean: bool | None


def manifest() -> tuple[rdflib.Graph, list[rdflib.URIRef]]:
    graph = rdflib.Graph().parse(HERE / "manifest.ttl", format="turtle")
    head = next(graph.objects(None, MF.entries))
    return graph, list(rdflib.collection.Collection(graph, head))  # type: ignore[arg-type]


def steps(graph: rdflib.Graph, test: rdflib.URIRef) -> list[Step]:
    action = graph.value(test, MF.action)
    requests = rdflib.collection.Collection(graph, graph.value(action, HT.requests))
    out = []
    for request in requests:
        headers = {}
        header_list = graph.value(request, HT.headers)
        if header_list is not None:
            for header in rdflib.collection.Collection(graph, header_list):
                headers[str(graph.value(header, HT.fieldName))] = str(
                    graph.value(header, HT.fieldValue)
                )
        body = None
        content = graph.value(request, HT.body)
        if content is not None:
            encoding = str(graph.value(content, CNT.characterEncoding) or "UTF-8")
            body = str(graph.value(content, CNT.chars)).encode(encoding.lower())
        response = graph.value(request, HT.resp)
        statuses = frozenset(
            int(str(s).rsplit("StatusCode", 1)[1][0])
            for s in graph.objects(response, MF.expectedStatus)
        )
        boolean = graph.value(response, MF.expectedBoolean)
        fmt = graph.value(response, MF.expectedFormat)
        out.append(
            Step(
                str(graph.value(request, HT.methodName)),
                str(graph.value(request, HT.absolutePath)),
                headers,
                body,
                statuses,
                str(fmt) if fmt is not None else None,
                bool(boolean.toPython()) if boolean is not None else None,
            )
        )
    return out


GRAPH, TESTS = manifest()


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory, live_server: Callable[[Store], str]) -> str:
    """A live server over every data file of the manifest, each in its named graph."""
    store = Store(tmp_path_factory.mktemp("w3c") / "store")
    loaded = set()
    for data in GRAPH.objects(None, UT.graphData):
        name = str(GRAPH.value(data, RDFS.label))
        if name in loaded:
            continue
        loaded.add(name)
        source = HERE / Path(str(GRAPH.value(data, UT.graph))).name
        triples = rdflib.Graph().parse(source, format="nt")
        store.load_triples(name, [triple(str(s), str(p), str(o)) for s, p, o in triples])
    assert len(loaded) == 3
    return live_server(store) + "/sparql"


def check(step: Step, answer: httpx.Response) -> None:
    assert answer.status_code // 100 in step.statuses, (answer.status_code, answer.text[:300])
    if step.expected_format is None or answer.status_code >= 300:
        return
    media = answer.headers["content-type"].split(";")[0]
    if step.expected_format == "boolean":
        value = json.loads(answer.content)["boolean"]
        assert value is (value if step.expected_boolean is None else step.expected_boolean)
    elif step.expected_format == "tabular":
        assert media == "application/sparql-results+json"
        assert "bindings" in json.loads(answer.content)["results"]
    else:
        assert media == "text/turtle"
        rdflib.Graph().parse(data=answer.content, format="turtle")


@pytest.mark.parametrize("test", TESTS, ids=lambda t: str(t).rsplit("#", 1)[-1])
def test_w3c_protocol(endpoint: str, test: rdflib.URIRef) -> None:
    name = str(test).rsplit("#", 1)[-1]
    for step in steps(GRAPH, test):
        url = endpoint + step.path.removeprefix("/sparql/")
        answer = httpx.request(
            step.method, url, headers=step.headers, content=step.body, timeout=30
        )
        is_update = step.headers.get("content-type", "").startswith(
            "application/sparql-update"
        ) or (step.body or b"").startswith(b"update=")
        if name.startswith("update_") and is_update:
            assert answer.status_code == 403 and "read only" in answer.text
            return  # the read that would check the update's effect has nothing to check
        check(step, answer)
