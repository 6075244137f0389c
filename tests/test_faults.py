"""``kill -9`` during every write command: each graph is left old or new, never empty or mixed.

Each command runs as ``keino …`` in a child process on a copy of a small on-disk
store (a few real notices, their indicators and links), and is killed with
SIGKILL at several points: a short random delay after the k-th change of the
store's files (log, tables, manifest, restore folders), k spread over the changes
an uninterrupted run makes. The store is then opened again
(which finishes or undoes an interrupted restore) and, graph by graph, its
triples must equal the graph before the command or after an uninterrupted run of
it, and provenance must name one run per graph whose triple count is the
graph's size. Children are forked from a process that has imported ``keino``
(and loaded the Finnish lemma dictionary) once, so a kill lands in the command's
work rather than in Python's start-up.
"""

from __future__ import annotations

import contextlib
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph.backup import sibling
from graph.iris import graph_iri
from graph.store import PROV, PROVENANCE_GRAPH, Store
from ingest import links, notices, registry
from keino.commands.indicators import recompute

NOTICES = Path(__file__).resolve().parents[1] / "data" / "notices"
OLD = sorted((NOTICES / "hilma").glob("*.xml"))
NEW = sorted((NOTICES / "ted-finland").glob("*.xml"))[:4]  # buyers the register knows
BATCH = graph_iri("notices", "b")
# where to kill, as fractions of the file changes an uninterrupted run makes
# (a loaded machine polls less often and sees fewer changes: the points stay low)
KILL_POINTS = (0.05, 0.2, 0.35, 0.5, 0.7)

State = dict[str, frozenset[str]]


#: A process that imports ``keino`` and loads the Finnish lemma dictionary once, then
#: forks one child per line of Python read on stdin; it answers the child's pid, then
#: its exit code. It opens no store, so forking it is safe.
ZYGOTE = """
import os, sys
import keino.cli
from ingest import links
links.municipality_key("Salon kaupunki")
for line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        code = 0
        try:
            exec(line)
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        except BaseException:
            code = 1
        os._exit(code)
    print(pid, flush=True)
    print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), flush=True)
"""


class Zygote:
    """Runs ``keino`` commands in children forked from :data:`ZYGOTE`."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self._pending = b""

    def _line(self, timeout: float | None) -> str | None:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        while b"\n" not in self._pending:
            if not select.select([fd], [], [], timeout)[0]:
                return None
            chunk = os.read(fd, 256)
            assert chunk, "the zygote died"
            self._pending += chunk
        line, self._pending = self._pending.split(b"\n", 1)
        return line.decode()

    def run(self, code: str, store: Path, kill_at: int = 0, delay: float = 0) -> tuple[int, int]:
        """Run ``code`` in a child, watching ``store``; SIGKILL the child ``delay`` s after
        the ``kill_at``-th change of the store's files. Its exit code and the changes."""
        assert self.process.stdin is not None
        self.process.stdin.write(code.encode() + b"\n")
        self.process.stdin.flush()
        pid = int(self._line(None) or 0)
        seen, changes = _signature(store), 0
        while (status := self._line(0.002)) is None:
            now = _signature(store)
            if now != seen:
                seen, changes = now, changes + 1
                if changes == kill_at:
                    time.sleep(delay)
                    with contextlib.suppress(ProcessLookupError):  # it ended just now
                        os.kill(pid, signal.SIGKILL)
        return int(status), changes

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(60)


@pytest.fixture(scope="module")
def zygote() -> Iterator[Zygote]:
    forker = Zygote()
    yield forker
    forker.close()


def _keino(store: Path, *args: str) -> str:
    """Python text that runs ``keino --store STORE ARGS`` (for ``exec`` in a child)."""
    argv = ["keino", "--store", str(store), *args]
    return f"import sys; sys.argv = {argv!r}; from keino.cli import main; main()"


def _signature(store: Path) -> tuple[object, ...]:
    """What a write changes: the store's log, table and manifest files (names and
    sizes) and the restore folders beside it."""
    files = []
    for pattern in ("*.log", "*.sst", "MANIFEST-*"):
        try:
            files += [(f.name, f.stat().st_size) for f in store.glob(pattern)]
        except OSError:  # renamed or deleted while we looked: a change as well
            files.append(("?", -1))
    folders = [sibling(store, kind).exists() for kind in ("staging", "restored", "previous")]
    return (sorted(files), folders)


def state(path: Path) -> State:
    """Every graph's triples (as N-Triples lines); checks provenance on the way."""
    store = Store(path)  # opening finishes or undoes an interrupted restore
    for kind in ("staging", "restored", "previous"):
        assert not sibling(path, kind).exists(), f"{kind} left beside the store"
    graphs = {
        g: frozenset(str(t) for t in store.triples(g))
        for g in store.graphs()
        if g != PROVENANCE_GRAPH
    }
    runs: dict[str, list[str]] = {}
    for graph, run in store.pairs(PROV + "wasGeneratedBy"):
        runs.setdefault(graph, []).append(run)
    for graph, triples in graphs.items():
        assert len(runs.get(graph, [])) == 1, f"{graph}: runs {runs.get(graph)}"
        (count,) = next(
            store.select_values(
                f"SELECT ?n WHERE {{ <{runs[graph][0]}> <https://w3id.org/keino/ontology#"
                "tripleCount> ?n }"
            )
        )
        assert int(count or -1) == len(triples), f"{graph}: provenance claims {count}"
    del store
    return graphs


def _same_or(before: State, after: State, seen: State, label: str) -> None:
    for graph in set(before) | set(after) | set(seen):
        got = seen.get(graph, frozenset())
        old, new = before.get(graph, frozenset()), after.get(graph, frozenset())
        assert got in (old, new), (
            f"{label}: {graph} has {len(got)} triples; old {len(old)}, new {len(new)}"
        )


def _build(path: Path, files: list[Path], *, derive: bool = True) -> None:
    store = Store(path)
    if not store.has_graph(graph_iri("registry")):
        assert registry.ingest(store).ok
    report = notices.ingest(store, files, batch="b")
    assert report.n_mapped, report.problems()
    if derive:
        recompute(store)
        links.ingest(store)
    store.flush()
    del store


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``old``: the register, notices OLD with their indicators and links; ``stale``:
    then NEW loaded without recomputing them; ``dump``: a dump of NEW, all derived."""
    root = tmp_path_factory.mktemp("faults")
    _build(root / "old", OLD)
    shutil.copytree(root / "old", root / "stale")
    _build(root / "stale", NEW, derive=False)
    shutil.copytree(root / "stale", root / "fresh")
    _build(root / "fresh", NEW)
    Store(root / "fresh").dump(root / "dump.nq")
    return {"old": root / "old", "stale": root / "stale", "dump": root / "dump.nq", "root": root}


COMMANDS: dict[str, tuple[str, Callable[[dict[str, Path]], list[str]]]] = {
    "ingest notices": ("old", lambda s: ["ingest", "notices", *map(str, NEW), "--batch", "b"]),
    "restore": ("old", lambda s: ["restore", str(s["dump"]), "--force"]),
    "indicators compute": ("stale", lambda s: ["indicators", "compute"]),
    "ingest links": ("stale", lambda s: ["ingest", "links"]),
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_kill_9_during_write_command_leaves_each_graph_old_or_new(
    command: str, stores: dict[str, Path], zygote: Zygote
) -> None:
    start, argv = COMMANDS[command]
    root, base = stores["root"], stores[start]
    name = command.replace(" ", "-")
    before = state(base)
    full = root / f"{name}-full"
    shutil.copytree(base, full)
    code, changes = zygote.run(_keino(full, *argv(stores)), full)
    assert code == 0, f"keino {command} failed without a kill"
    after = state(full)
    assert after != before, f"keino {command} changed nothing: the test would prove nothing"
    rng = random.Random(command)
    points = sorted({max(1, round(changes * f)) for f in KILL_POINTS})
    killed = 0
    for point in points:
        copy = root / f"{name}-{point}"
        shutil.copytree(base, copy)
        code, _ = zygote.run(_keino(copy, *argv(stores)), copy, point, rng.uniform(0, 0.05))
        killed += code == -9
        _same_or(before, after, state(copy), f"killed at change {point} of keino {command}")
    assert killed >= min(2, len(points)), f"{killed} of {points} runs were killed"
