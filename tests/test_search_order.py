"""Hits of equal score come in one order in every path: ``/search`` (no language
asked) and the explorer's search page in Finnish, Swedish or English, on the demo."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.routers.explorer import SEARCH_PAGE
from graph.search import rank_key
from graph.store import Store

ID = "https://w3id.org/keino/id/"
QUERIES = ("Helsinki", "kuntayhtymä", "Oy", "hankinta", "ympäristö", "Tampere", "kaupunki")


@pytest.fixture(scope="module")
def client(demo_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(demo_store, warm=False)) as client:
        yield client


def api_order(client: TestClient, q: str) -> list[str]:
    answer = client.get("/search", params={"q": q, "limit": SEARCH_PAGE})
    assert answer.status_code == 200, answer.text
    return [hit["iri"] for hit in answer.json()["hits"]]


def page_order(client: TestClient, q: str, lang: str) -> list[str]:
    answer = client.get("/explore", params={"q": q, "format": "json", "lang": lang})
    assert answer.status_code == 200, answer.text
    return [hit["iri"] for hit in answer.json()["hits"]]


@pytest.mark.parametrize("q", QUERIES)
def test_the_api_and_the_search_page_list_hits_in_one_order(client: TestClient, q: str) -> None:
    expected = api_order(client, q)
    assert len(expected) > 1
    for lang in ("fi", "sv", "en"):
        assert page_order(client, q, lang) == expected, lang


def test_equal_scores_are_ordered_by_name_whatever_the_language(client: TestClient) -> None:
    hits = client.get("/search", params={"q": "Helsinki", "limit": 50}).json()["hits"]
    index = client.app.state.derived.label_index()  # type: ignore[attr-defined]
    keys = [rank_key(index, h["iri"], h["score"], index.facet_row(h["iri"])) for h in hits]
    assert keys == sorted(keys)
    tied = [k for k in keys if any(o is not k and o[:3] == k[:3] for o in keys)]
    assert tied, "the demo has equal-score hits for Helsinki"
    for lang in ("fi", "sv", "en"):
        shown = client.get("/search", params={"q": "Helsinki", "limit": 50, "lang": lang})
        assert [h["iri"] for h in shown.json()["hits"]] == [h["iri"] for h in hits]


def test_every_clique_is_shown_under_one_member_in_search_and_on_its_page(
    client: TestClient,
) -> None:
    derived = client.app.state.derived  # type: ignore[attr-defined]
    snapshot = derived.snapshot()
    pages, hits = snapshot.canonical, derived.label_index().clique_of
    assert pages and pages == hits
    for head in set(hits.values()):
        name = snapshot.label(head, "fi")
        page = client.get("/explore/entity", params={"iri": head, "lang": "fi"})
        title = page.text.split("<title>", 1)[1].split("</title>", 1)[0].replace("&amp;", "&")
        assert name in title, (head, title)
        found = client.get("/search", params={"q": name, "limit": 50, "lang": "fi"}).json()
        shown = {h["iri"]: h["label"] for h in found["hits"]}
        members = {m for m, h in hits.items() if h == head}
        assert shown.keys() & members == {head}, (head, name)
        assert shown[head] in title, (head, title)
