"""Hostile notice files: real bundled notices cut short, with bytes changed, or with
entity tricks. Ingest never crashes, a bad file is reported with its file and line,
and a refused batch leaves the previous graph as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from graph.iris import graph_iri
from graph.store import Store
from ingest import notices
from ingest.notices.limits import ENV

NOTICES = Path(__file__).resolve().parents[1] / "data" / "notices"
SEEDS = [
    *sorted((NOTICES / "hilma").glob("*.xml")),
    *sorted((NOTICES / "ted-xml").glob("*.xml"))[:3],
    NOTICES / "eforms-sdk" / "can_25_withheld.xml",
]
BATCH = graph_iri("notices", "fuzz")

ENTITY_TRICKS = [
    b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',  # XXE
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>',
    b'<!DOCTYPE x [<!ENTITY e "text">]>',
    b"&nbsp;",
    b"&e;",
    b"<![CDATA[",
    b"\x00",
    b"\xff\xfe",
]


@st.composite
def hostile_notice(draw: st.DrawFn) -> tuple[str, bytes]:
    """A real notice, then one of: cut at a byte, bytes replaced, a trick inserted."""
    seed = draw(st.sampled_from(SEEDS))
    data = seed.read_bytes()
    at = draw(st.integers(0, len(data)))
    kind = draw(st.sampled_from(["cut", "replace", "insert"]))
    if kind == "cut":
        data = data[:at]
    elif kind == "replace":
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at + 8 :]
    else:
        data = data[:at] + draw(st.sampled_from(ENTITY_TRICKS)) + data[at:]
    return seed.name, data


@pytest.fixture(scope="module")
def store() -> Store:
    """A store whose batch ``fuzz`` holds the seed notices to begin with."""
    s = Store()
    assert notices.ingest(s, SEEDS, batch="fuzz").ok
    return s


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(files=st.lists(hostile_notice(), min_size=1, max_size=3))
def test_hostile_notices_never_crash_are_reported_with_line_and_keep_the_graph(
    files: list[tuple[str, bytes]],
    store: Store,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV, "200000")  # the bombs stay small; the limit is exercised too
    folder = tmp_path_factory.mktemp("hostile")
    for i, (name, data) in enumerate(files):
        (folder / f"{i}-{name}").write_bytes(data)
    before = {str(t) for t in store.triples(BATCH)}
    report = notices.ingest(store, [folder], batch="fuzz")
    after = {str(t) for t in store.triples(BATCH)}
    assert report.read == len(files)
    for problem in report.problems():
        event(f"{problem.kind}: {problem.reason.split(':')[0][:40]}")
        assert problem.path.startswith(str(folder)), problem
        assert not problem.reason.split(":")[0].endswith(("Error", "Exception")), problem
        if problem.kind == "failed":
            assert problem.line, f"no line in {problem}"
    assert "root:x:0:0" not in "".join(after)  # no external entity was read
    event("refused" if report.refused or not report.ok else "loaded")
    if report.refused or not report.ok:
        assert after == before, "a refused batch changed the graph"
    else:
        assert report.n_mapped and len(after) == report.triple_count == store.count(BATCH)
