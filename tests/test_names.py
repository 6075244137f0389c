"""Every node the explorer draws around Business Finland and a few notices is shown
by a name, never by a piece of its IRI; funding records are named from the graph.

Walks the demo graph's neighbourhoods (``/explore/graph.json``, depth 1 and 2, in
Finnish and English) and the entity pages of funding records.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph import rdf
from graph.iris import ID_BASE, org_iri
from graph.namespaces import SCHEMA
from graph.store import Store

BUSINESS_FINLAND = org_iri(name="Innovaatiorahoituskeskus Business Finland")
#: a TED standard-form notice and an eForms notice of the bundled data
NOTICES = (
    ID_BASE + "notice/2020-s-230-566234",
    ID_BASE + "notice/2021-s-133-352444",
    ID_BASE + "notice/55aae64f-88a8-44a5-b2fb-8228e97fe6ee-01",
)
#: a year path ("2019/grant"), a hash or a UUID: an identifier, not a name
LOOKS_MINTED = re.compile(r"^\d{4}(/|$)|\b[0-9a-f]{12,}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-")
GRANTS = """SELECT ?g ?grant ?funder ?bf WHERE { ?g a ?grant ; ?funder ?bf } ORDER BY ?g LIMIT 3"""


def is_iri_fragment(label: str, iri: str) -> bool:
    """Whether ``label`` is the end of ``iri`` ("lot/LOT-0001", "2019/grant") or looks minted.

    >>> is_iri_fragment("2019/grant", "https://w3id.org/keino/id/funding/1-1/2019/grant")
    True
    >>> is_iri_fragment("Hansel Oy", "https://w3id.org/keino/id/org/fi/0988084-1")
    False
    """
    segments = [s for s in re.split(r"[/#]", iri) if s]
    tails = {"/".join(segments[-k:]) for k in range(1, len(segments))}
    return label in tails or bool(LOOKS_MINTED.search(label))


@pytest.fixture(scope="module")
def client(demo_store: Store) -> TestClient:
    return TestClient(create_app(demo_store, warm=False))


def _nodes(client: TestClient, iri: str, depth: int, lang: str) -> Iterator[dict[str, str]]:
    answer = client.get("/explore/graph.json", params={"iri": iri, "depth": depth, "lang": lang})
    assert answer.status_code == 200, answer.text
    yield from answer.json()["nodes"]


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("center", [BUSINESS_FINLAND, *NOTICES])
def test_every_drawn_node_has_a_name(client: TestClient, center: str, lang: str) -> None:
    unnamed = [
        (node["label"], node["id"])
        for depth in (1, 2)
        for node in _nodes(client, center, depth, lang)
        if is_iri_fragment(node["label"], node["id"])
    ]
    assert unnamed == []


@pytest.mark.parametrize(
    ("lang", "shape"),
    [
        ("fi", r"^Business Finland -rahoitus (19|20)\d\d: [^,]+, −?\d{1,3}(\xa0\d{3})* €$"),
        ("en", r"^Business Finland funding (19|20)\d\d: [^,]+, −?€\d{1,3}(,\d{3})*$"),
    ],
)
def test_funding_records_are_named_from_the_graph(
    client: TestClient, demo_store: Store, lang: str, shape: str
) -> None:
    drawn = [
        node["label"]
        for node in _nodes(client, BUSINESS_FINLAND, 1, lang)
        if node["id"].startswith(ID_BASE + "funding/")
    ]
    assert drawn, "Business Finland's neighbourhood shows none of its funding records"
    assert all(re.match(shape, label) for label in drawn), drawn
    rows = demo_store.query(
        GRANTS,
        substitutions={
            "grant": rdf.iri(str(SCHEMA.MonetaryGrant)),
            "funder": rdf.iri(str(SCHEMA.funder)),
            "bf": rdf.iri(BUSINESS_FINLAND),
        },
    )
    for row in rows:
        grant = row["g"].value
        year = grant.split("/")[-2]
        page = client.get("/explore/entity", params={"iri": grant, "lang": lang}).text
        title = re.search(r"<h1>.*?</span>(.*?)</h1>", page, re.S)
        assert title and re.match(shape, title.group(1)) and year in title.group(1)
        # a record has no names of its own: no empty "Names" heading above its types
        assert ">Nimet<" not in page and ">Names<" not in page
