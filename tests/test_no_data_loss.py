"""No command loses data: empty inputs, batches with nothing mapped, bad dumps, served stores.

Each test is named after the case it keeps fixed; the commands run through
``keino.cli.main`` as a user types them (exit code and stderr).
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from graph.backup import DumpError, sibling
from graph.indicators import INDICATORS_GRAPH
from graph.iris import graph_iri
from graph.serving import StoreBusy, marker, open_store
from graph.store import PROV, Store
from ingest import codelists, notices, registry
from keino import cli
from keino.commands.indicators import recompute

NOTICES = Path(__file__).resolve().parents[1] / "data" / "notices"
HILMA = sorted((NOTICES / "hilma").glob("*.xml"))
BATCH = graph_iri("notices", "x")


def keino(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run ``keino ARGS`` in this process; its exit code and what it printed to stderr."""
    argv = sys.argv
    sys.argv = ["keino", *args]
    try:
        with pytest.raises(SystemExit) as stop:
            cli.main()
    finally:
        sys.argv = argv
    code = stop.value.code
    del stop  # its traceback holds the command's store open
    gc.collect()
    printed = capsys.readouterr()
    last_stdout.clear()
    last_stdout.append(printed.out)
    return (code if isinstance(code, int) else 1), printed.err


last_stdout: list[str] = []  # what the last ``keino`` call printed to stdout


def _graph(path: Path, graph: str) -> set[str]:
    store = Store(path)
    try:
        return {str(t) for t in store.triples(graph)}
    finally:
        del store


@pytest.fixture
def notice_store(tmp_path: Path) -> Path:
    """An on-disk store with batch ``x`` (the Hilma example notices) and its indicators."""
    path = tmp_path / "store"
    store = Store(path)
    assert notices.ingest(store, HILMA, batch="x").n_mapped == len(HILMA)
    recompute(store)
    store.flush()
    del store
    return path


def test_ingest_notices_of_an_empty_folder_is_refused_and_keeps_the_batch(
    notice_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _graph(notice_store, BATCH)
    empty = tmp_path / "empty"
    empty.mkdir()
    code, err = keino(capsys, "--store", str(notice_store), "ingest", "notices", str(empty),
                      "--batch", "x")  # fmt: skip
    assert code != 0
    assert f"no notice files (.xml, .json) in {empty}" in err
    assert len(err.strip().splitlines()) == 1, err
    assert _graph(notice_store, BATCH) == before  # not the bundled notices, not nothing


def test_batch_with_nothing_mapped_keeps_previous_graph_and_indicators(
    notice_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before, cube = _graph(notice_store, BATCH), _graph(notice_store, INDICATORS_GRAPH)
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "page.xml").write_text("<html><body>not a notice</body></html>")
    (junk / "broken.xml").write_text("<ContractNotice>\n<cbc:ID>")
    code, err = keino(capsys, "--store", str(notice_store), "ingest", "notices", str(junk),
                      "--batch", "x")  # fmt: skip
    assert code != 0
    assert "nothing mapped (1 skipped, 1 failed)" in err
    assert f"{junk / 'broken.xml'}:2: failed: not well-formed XML" in err
    assert _graph(notice_store, BATCH) == before
    assert _graph(notice_store, INDICATORS_GRAPH) == cube


def test_registry_and_codelists_with_nothing_mapped_keep_their_graphs(tmp_path: Path) -> None:
    store = Store()
    assert registry.ingest(store).ok and codelists.ingest(store).ok
    counts = {g: store.count(g) for g in store.graphs()}
    header_only = tmp_path / "public-bodies.csv"
    header_only.write_text(registry.default_path().read_text().splitlines()[0] + "\n")
    report = registry.ingest(store, header_only)
    assert not report.ok and report.refused and "nothing to read" in report.refused
    lists = tmp_path / "lists"
    lists.mkdir()
    bundled = next(p for p in codelists.default_paths() if p.name == "lists.tsv")
    shutil.copy(bundled, lists / "lists.tsv")
    (lists / "cpv.tsv").write_text("")
    report = codelists.ingest(store, [lists])
    assert not report.ok and report.refused, report.counts()
    assert {g: store.count(g) for g in store.graphs()} == counts


def test_restore_of_a_truncated_dump_keeps_the_store(
    notice_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dump = tmp_path / "all.nq"
    Store(notice_store).dump(dump)
    target = tmp_path / "target"
    shutil.copytree(notice_store, target)
    before = _graph(target, BATCH)
    text = dump.read_bytes()
    cut = tmp_path / "cut.nq"
    cut.write_bytes(text[: text.rindex(b"\n", 0, len(text) // 2) + 1])  # whole lines only
    code, err = keino(capsys, "--store", str(target), "restore", str(cut), "--force")
    assert code != 0 and "no end line: the dump is truncated" in err
    bad = tmp_path / "bad.nq"
    lines = text.decode().splitlines(keepends=True)
    bad.write_text("".join(lines[:5]) + "<urn:a> <urn:b> .\n" + "".join(lines[5:]))
    code, err = keino(capsys, "--store", str(target), "restore", str(bad), "--force")
    assert code != 0 and f"{bad}:6: not valid N-Quads" in err, err
    assert _graph(target, BATCH) == before
    assert not sibling(target, "staging").exists()


def test_restore_refuses_a_store_with_data_without_force(
    notice_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dump = tmp_path / "all.nq"
    Store(notice_store).dump(dump)
    other = tmp_path / "other"
    store = Store(other)
    registry.ingest(store)
    del store
    code, err = keino(capsys, "--store", str(other), "restore", str(dump))
    assert code != 0 and "add --force" in err
    assert _graph(other, graph_iri("registry"))
    code, err = keino(capsys, "--store", str(other), "restore", str(dump), "--force")
    assert code == 0, err
    assert _graph(other, BATCH) == _graph(notice_store, BATCH)
    assert not _graph(other, graph_iri("registry"))


def test_restore_interrupted_between_renames_is_finished_when_the_store_opens(
    notice_store: Path, tmp_path: Path
) -> None:
    dump = tmp_path / "all.nq"
    Store(notice_store).dump(dump)
    target = tmp_path / "target"
    Store(target).replace_graph(graph_iri("old"), [], source="old", inputs=[])
    from graph import backup

    backup.stage(target, dump)  # complete, then killed before the store was swapped
    target.rename(sibling(target, "previous"))  # ... or just after the first rename
    assert not target.exists()
    store = Store(target)
    assert store.count() == sum(1 for _ in dump.open()) - 1
    assert not sibling(target, "previous").exists() and not sibling(target, "restored").exists()


def test_provenance_of_a_derived_graph_matches_it_after_every_rebuild() -> None:
    store = Store()
    notices.ingest(store, HILMA, batch="x")
    for _ in range(2):
        result = recompute(store)
        (run,) = (r for g, r in store.pairs(PROV + "wasGeneratedBy") if g == INDICATORS_GRAPH)
        assert result.triple_count == store.count(INDICATORS_GRAPH)
        (claimed,) = next(store.select_values(
            f"SELECT ?n WHERE {{ <{run}> <https://w3id.org/keino/ontology#tripleCount> ?n }}"
        ))  # fmt: skip
        assert int(claimed or -1) == store.count(INDICATORS_GRAPH)


HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from graph.serving import open_store, serving
    store = open_store(Path(sys.argv[1]))
    with serving(store, "http://127.0.0.1:8123/"):
        print("ready", flush=True)
        time.sleep(120)
    """
)


@pytest.fixture
def served(notice_store: Path) -> object:
    """``notice_store`` held for writing by another process that says it serves it."""
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(notice_store)], stdout=subprocess.PIPE, env=env
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == b"ready"
    assert marker(notice_store).exists()
    yield holder
    holder.terminate()  # SIGTERM, as a service manager stops keino serve
    holder.wait(30)
    assert not marker(notice_store).exists(), "the serving marker outlived the server"


@pytest.mark.usefixtures("served")
def test_read_commands_work_while_the_store_is_served(
    notice_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = ["--store", str(notice_store)]
    code, err = keino(capsys, *store, "stats")
    assert code == 0 and "Traceback" not in err
    assert "kg:notices/x" in last_stdout[0]
    code, err = keino(capsys, *store, "sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert code == 0 and "1 row(s)" in err
    code, err = keino(capsys, *store, "query", "--list")
    assert code == 0, err
    code, err = keino(capsys, *store, "validate")
    assert code == 0 and "conforms" in err
    code, err = keino(capsys, *store, "dump", str(tmp_path / "copy.nq"))
    assert code == 0 and "wrote" in err


def test_ingest_while_the_store_is_served_refuses_with_one_line(
    served: subprocess.Popen[bytes], notice_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    writes = [
        ["ingest", "notices", str(HILMA[0]), "--batch", "x"],
        ["indicators", "compute"],
        ["restore", str(HILMA[0]), "--force"],
        ["ingest", "links"],
    ]
    for command in writes:
        code, err = keino(capsys, "--store", str(notice_store), *command)
        assert code == 1, (command, err)
        assert err.strip().splitlines() == [
            f"error: the store {notice_store} is served by keino serve (pid {served.pid}, "
            "http://127.0.0.1:8123/): stop the server to change the store, then start it again"
        ], command


def test_store_held_by_another_process_opens_read_only(notice_store: Path) -> None:
    holder = Store(notice_store)  # this process holds it for writing
    view = open_store(notice_store)
    assert view.count(BATCH) == holder.count(BATCH)
    with pytest.raises(StoreBusy, match="open in another keino process"):
        view.replace_graph(BATCH, [], source="x", inputs=[])
    assert not marker(notice_store).exists()


def test_dump_error_names_file_and_line(tmp_path: Path) -> None:
    dump = tmp_path / "d.nq"
    dump.write_text(
        '<urn:a> <urn:p> "x" <urn:g> .\n<urn:a> <urn:p> "x\n# end of keino dump: 2 quads\n'
    )
    with pytest.raises(DumpError, match=r"d\.nq:2: not valid N-Quads"):
        Store().restore(dump)
