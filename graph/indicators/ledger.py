"""The indicator ledger: every notice graph's lot drafts and the cells they add up to.

Kept in SQLite beside an on-disk store (``<store>.indicators.sqlite``; in
memory for an in-memory or remote store), so that after a notice ingest only
the new batch is read: the ledger knows which ingest run each notice graph
came from (``kg:provenance``), re-reads the graphs whose run changed, takes the
lots they touch back out of the cells and counts them in again, merged with
what the other batches say about the same lots. Cells are integer sums, so
the result equals a count from scratch whatever the batches and their order.

It also remembers the cube it last wrote (the run of ``kg:indicators`` and its
non-observation triples), so that the cube is patched rather than rewritten
when the store still holds that cube.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from graph.indicators.aggregate import Aggregates, At, Cell
from graph.indicators.drafts import Draft
from graph.indicators.vocabulary import BREAKDOWNS, FLAGS
from graph.store import Store

#: bumped when the tables or the draft payload change: an older ledger is rebuilt
SCHEMA = "2"
_TABLES = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS batches (graph TEXT PRIMARY KEY, run TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS drafts (graph TEXT NOT NULL, lot TEXT NOT NULL, key TEXT NOT NULL,
                                   payload TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS drafts_key ON drafts (key);
CREATE INDEX IF NOT EXISTS drafts_graph ON drafts (graph);
CREATE TABLE IF NOT EXISTS cells (flag TEXT, breakdown TEXT, year INTEGER, method TEXT,
    key TEXT, lots INTEGER, flagged INTEGER, missing_flag INTEGER, missing_value INTEGER,
    cents INTEGER, flagged_cents INTEGER, PRIMARY KEY (flag, breakdown, year, method, key));
CREATE TABLE IF NOT EXISTS head (line TEXT PRIMARY KEY);
CREATE TEMP TABLE IF NOT EXISTS wanted (name TEXT PRIMARY KEY);
"""
_CLEAR = (
    "DROP TABLE IF EXISTS cells; DELETE FROM meta; DELETE FROM batches; DELETE FROM drafts; "
    "DELETE FROM head;"
)
_memory: weakref.WeakKeyDictionary[Store, sqlite3.Connection] = weakref.WeakKeyDictionary()

#: a cell's address: (flag, breakdown) and (year, method, breakdown value)
Address = tuple[tuple[str, str], At]


def ledger_path(store: Store) -> Path | None:
    """``<store>.indicators.sqlite`` beside an on-disk store; None otherwise."""
    return store.path.with_name(store.path.name + ".indicators.sqlite") if store.path else None


class Ledger:
    """The ledger of one store (see the module docstring)."""

    def __init__(self, connection: sqlite3.Connection, *, owned: bool = False) -> None:
        self.db = connection
        self._owned = owned
        self.db.executescript(_TABLES)
        if self.meta("schema") != SCHEMA:
            self.clear()
            self.set_meta(schema=SCHEMA)
            self.db.commit()

    @classmethod
    def of(cls, store: Store) -> Ledger:
        """The ledger beside ``store`` (created empty when there is none)."""
        path = ledger_path(store)
        if path is not None:
            return cls(sqlite3.connect(path, check_same_thread=False), owned=True)
        if store not in _memory:
            _memory[store] = sqlite3.connect(":memory:", check_same_thread=False)
        return cls(_memory[store])

    def close(self) -> None:
        """Let go of an on-disk ledger (an in-memory one lives as long as its store)."""
        if self._owned:
            self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Commit what the block wrote if it ends normally; else roll it all back."""
        try:
            yield
        except BaseException:
            self.db.rollback()
            raise
        self.db.commit()

    def clear(self) -> None:
        """Forget every batch, draft, cell and the cube (a recompute from scratch); the
        cells table is made anew, as its columns may be of an older schema."""
        self.db.executescript(_CLEAR + _TABLES)
        self.set_meta(schema=SCHEMA)

    def forget_batches(self) -> None:
        """Forget every batch, draft and cell, but remember the cube last written (a
        recompute from scratch that may still patch that cube)."""
        self.db.executescript("DELETE FROM batches; DELETE FROM drafts; DELETE FROM cells;")

    # ---------------------------------------------------------------- meta
    def meta(self, name: str) -> str | None:
        """A remembered value (``cube_run``, ``cube_count``, ``schema``)."""
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, **values: str) -> None:
        """Remember values by name."""
        self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values.items())

    # ------------------------------------------------------------- batches
    def batches(self) -> dict[str, str]:
        """Notice graph → the ingest run its drafts were read from."""
        return dict(self.db.execute("SELECT graph, run FROM batches"))

    def keys_of(self, graphs: Sequence[str]) -> set[str]:
        """The merge keys of the drafts of ``graphs``."""
        self._want(graphs)
        rows = self.db.execute("SELECT key FROM drafts JOIN wanted ON graph = name")
        return {key for (key,) in rows}

    def groups(self, keys: Iterable[str]) -> dict[str, list[Draft]]:
        """Merge key → its drafts in the ledger, for ``keys``."""
        self._want(keys)
        out: dict[str, list[Draft]] = {}
        query = "SELECT graph, lot, key, payload FROM drafts JOIN wanted ON key = name"
        for graph, lot, key, payload in self.db.execute(query):
            out.setdefault(key, []).append(Draft.loads(graph, lot, key, payload))
        return out

    def all_groups(self) -> dict[str, list[Draft]]:
        """Merge key → its drafts, for every draft of every batch."""
        out: dict[str, list[Draft]] = {}
        for graph, lot, key, payload in self.db.execute(
            "SELECT graph, lot, key, payload FROM drafts"
        ):
            out.setdefault(key, []).append(Draft.loads(graph, lot, key, payload))
        return out

    def _want(self, names: Iterable[str]) -> None:
        """Fill the temporary table ``wanted`` that the lookups join with."""
        self.db.execute("DELETE FROM wanted")
        self.db.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((n,) for n in names))

    def replace_batches(
        self, gone: Sequence[str], fresh: dict[str, list[Draft]], runs: dict[str, str]
    ) -> None:
        """Drop the drafts of ``gone`` and of the graphs of ``fresh``; keep ``fresh``'s."""
        self._want([*gone, *fresh])
        self.db.execute("DELETE FROM drafts WHERE graph IN (SELECT name FROM wanted)")
        self.db.execute("DELETE FROM batches WHERE graph IN (SELECT name FROM wanted)")
        self.db.executemany(
            "INSERT INTO drafts VALUES (?, ?, ?, ?)",
            ((d.graph, d.lot, d.key, d.dumps()) for drafts in fresh.values() for d in drafts),
        )
        self.db.executemany("INSERT INTO batches VALUES (?, ?)", ((g, runs[g]) for g in fresh))

    # --------------------------------------------------------------- cells
    def cells(self) -> Aggregates:
        """Every cell, as :func:`graph.indicators.aggregate.aggregate` counts them."""
        out: Aggregates = {(f, b): {} for f in FLAGS for b in BREAKDOWNS}
        for flag, breakdown, year, method, key, *counts in self.db.execute("SELECT * FROM cells"):
            out[(flag, breakdown)][(year, method, key)] = Cell(*counts)
        return out

    def save_cells(self, aggregates: Aggregates, addresses: Iterable[Address]) -> None:
        """Write the cells at ``addresses`` as they now are (absent = deleted)."""
        gone, kept = [], []
        for series, at in addresses:
            cell = aggregates[series].get(at)
            if cell is None:
                gone.append((*series, *at))
            else:
                kept.append((*series, *at, *cell.as_row()))
        self.db.executemany(
            "DELETE FROM cells WHERE flag = ? AND breakdown = ? AND year = ? AND method = ? "
            "AND key = ?",
            gone,
        )
        self.db.executemany("INSERT OR REPLACE INTO cells VALUES (?,?,?,?,?,?,?,?,?,?,?)", kept)

    def replace_cells(self, aggregates: Aggregates) -> None:
        """Write every cell (after a recompute from scratch)."""
        self.db.execute("DELETE FROM cells")
        self.save_cells(aggregates, ((s, at) for s, cells in aggregates.items() for at in cells))

    # ---------------------------------------------------------------- head
    def head(self) -> set[str]:
        """The cube's non-observation triples as last written, as N-Triples lines."""
        return {line for (line,) in self.db.execute("SELECT line FROM head")}

    def set_head(self, lines: set[str], old: set[str] | None = None) -> None:
        """Remember the cube's non-observation triples (``old``: what :meth:`head` gave,
        so that only the difference is written)."""
        if old is None:
            self.db.execute("DELETE FROM head")
            old = set()
        self.db.executemany("DELETE FROM head WHERE line = ?", ((x,) for x in old - lines))
        self.db.executemany("INSERT INTO head VALUES (?)", ((x,) for x in lines - old))
