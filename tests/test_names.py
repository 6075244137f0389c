"""Every node the explorer draws around Business Finland and a few notices is shown
by a name, never by a piece of its IRI; funding records are named from the graph.

Walks the demo graph's neighbourhoods (``/explore/graph.json``, depth 1 and 2, in
Finnish and English) and the entity pages of funding records.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph import rdf
from graph.iris import ID_BASE, org_iri
from graph.namespaces import SCHEMA
from graph.store import Store
from graph.vocabulary import term_label

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


#: one funding record's name, and a group of a funder's records of one year
RECORD = {
    "fi": r"^Business Finland -rahoitus (19|20)\d\d: [^,]+, −?\d{1,3}(\xa0\d{3})* €$",
    "en": r"^Business Finland funding (19|20)\d\d: [^,]+, −?€\d{1,3}(,\d{3})*$",
}
GROUP = {
    "fi": r"^Business Finland -rahoitus ((19|20)\d\d): (\d{1,3}(\xa0\d{3})*) rahoituspäätös(tä)?, "
    r"\d+(,\d)?\xa0(k|M|mrd)?€$",
    "en": r"^Business Finland funding ((19|20)\d\d): (\d{1,3}(,\d{3})*) awards?, "
    r"€\d+(\.\d)?(k|M|bn)?$",
}
COUNT_GRANTS = """SELECT (COUNT(DISTINCT ?g) AS ?n) ?grant ?funder ?bf
WHERE { ?g a ?grant ; ?funder ?bf } GROUP BY ?grant ?funder ?bf"""


def _grants_of_bf() -> dict[str, Any]:
    """The bindings of :data:`COUNT_GRANTS`: Business Finland's funding records."""
    return {
        "grant": rdf.iri(str(SCHEMA.MonetaryGrant)),
        "funder": rdf.iri(str(SCHEMA.funder)),
        "bf": rdf.iri(BUSINESS_FINLAND),
    }


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("depth", [1, 2])
def test_a_funders_records_are_one_node_per_year(
    client: TestClient, demo_store: Store, lang: str, depth: int
) -> None:
    """Business Finland's thousands of funding records are drawn as one readable node
    per year, whose counts add up to every record in the graph; the graph stays small."""
    nodes = list(_nodes(client, BUSINESS_FINLAND, depth, lang))
    assert len(nodes) <= 60, f"{len(nodes)} nodes: still a knot"
    loose = [n for n in nodes if n["id"].startswith(ID_BASE + "funding/")]
    assert loose == [], "single funding records drawn beside their groups"
    groups = [n for n in nodes if n.get("group")]
    years = [re.match(GROUP[lang], n["label"]) for n in groups]
    assert groups and all(years), [n["label"] for n in groups]
    assert len({m.group(1) for m in years if m}) == len(groups), "one group per year"
    counts = [int(re.sub(r"\D", "", m.group(3))) for m in years if m]
    assert counts == [n["members"] for n in groups]
    (row,) = demo_store.query(COUNT_GRANTS, substitutions=_grants_of_bf())
    assert sum(counts) == int(row["n"].value), "the groups miss some of Business Finland's records"


def _euros(text: str) -> float:
    """An amount as a record's name writes it: "1\xa0234,50 €", "€1,234.50", "−5 €"."""
    if not text.endswith("€"):  # English: €1,234.50
        number = text.replace(",", "")
    else:
        number = text.replace("\xa0", "").replace(" ", "").replace(",", ".")
    return float(number.replace("€", "").replace("−", "-").strip())


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_a_group_opens_the_list_of_its_records(
    client: TestClient, demo_store: Store, lang: str
) -> None:
    """A group node leads to the list of its records, each named from the graph, as
    many as the node says, of the group's year; the records' own pages carry that name."""
    groups = [n for n in _nodes(client, BUSINESS_FINLAND, 1, lang) if n.get("group")]
    smallest = min(groups, key=lambda n: n["members"])
    year = re.match(GROUP[lang], smallest["label"]).group(1)  # type: ignore[union-attr]
    listed = client.get(smallest["url"] + "&format=json")  # the URL carries the language
    assert listed.status_code == 200, listed.text
    members = listed.json()["members"]
    assert len(members) == smallest["members"]
    assert all(re.match(RECORD[lang], m["label"]) and year in m["label"] for m in members)
    # the largest first, each with the organisation it was awarded to
    amounts = [_euros(m["label"].rsplit(", ", 1)[1]) for m in members]
    assert amounts == sorted(amounts, reverse=True)
    assert all(m["partner_label"] and m["partner"] != BUSINESS_FINLAND for m in members)
    html = client.get(smallest["url"])
    assert html.status_code == 200 and smallest["label"] in html.text
    grant = members[0]["iri"]
    page = client.get("/explore/entity", params={"iri": grant, "lang": lang}).text
    title = re.search(r"<h1>.*?</span>(.*?)</h1>", page, re.S)
    assert title and title.group(1) == members[0]["label"]
    # a record has no names of its own: no empty "Names" heading above its types
    assert ">Nimet<" not in page and ">Names<" not in page


def test_the_svg_fallback_draws_the_groups_readably(client: TestClient) -> None:
    """Without JavaScript the SVG shows each group's year and count on two lines and
    links it to its list."""
    asked = {"iri": BUSINESS_FINLAND, "depth": 2, "lang": "fi"}
    page = client.get("/explore/graph", params=asked).text
    svg = page[page.index("<svg") : page.index("</svg>")]
    heads = re.findall(r"<tspan[^>]*>(Business Finland -rahoitus \d{4})</tspan>", svg)
    counts = re.findall(r'<tspan[^>]*dy="14">([\d\xa0]+ rahoituspäätös)', svg)
    assert heads and len(heads) == len(counts) == len(set(heads))
    assert svg.count('href="/explore/group?') == len(heads)
    assert svg.count("<circle") <= 60


def test_unknown_group_is_a_404(client: TestClient) -> None:
    answer = client.get("/explore/group", params={"hub": ID_BASE + "org/nobody", "type": "x"})
    assert answer.status_code == 404
    no_records = {"hub": BUSINESS_FINLAND, "type": str(SCHEMA.MonetaryGrant), "year": "1900"}
    assert client.get("/explore/group", params=no_records).status_code == 404


def _local_words(iri: str) -> str:
    """What a term with no name of its own reads as: its IRI's local name split in words."""
    local = re.split(r"[#/]", iri)[-1]
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).lower()


def test_every_type_and_link_in_the_demo_has_a_finnish_name(demo_store: Store) -> None:
    """A Finnish page names every class and relation it can show in Finnish: none falls
    back to the English local name of its IRI (foaf:Agent once read "agent")."""
    query = (
        "SELECT DISTINCT ?t WHERE { GRAPH ?g { { ?s a ?t } UNION { ?s ?t ?o FILTER(isIRI(?o)) } } }"
    )
    used = [str(row["t"].value) for row in demo_store.query(query)]
    fallback = [t for t in used if term_label(t, "fi") == _local_words(t)]
    assert len(used) > 50 and not fallback, fallback
