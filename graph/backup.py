"""Dumps that say where they end, and restores that swap a whole store in at once.

``keino dump`` writes N-Quads and a last line ``# end of keino dump: N quads``;
a dump cut short lacks it (or has a broken last line), so a truncated file is
refused instead of being restored in part.

A restore never touches the target until the dump is loaded and checked
completely: it is bulk-loaded into ``<store>.staging`` beside the target, which is
renamed ``<store>.restored`` once complete; then the target becomes
``<store>.previous``, the restored store takes its place and the previous one
is deleted. Each step is a rename, so a process killed at any point leaves
either the old store or a complete new one, and :func:`finish_swap` (called
whenever a store is opened for writing) completes or undoes what was left.
A lock file serialises restores and recoveries of one store.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "d.nq").write_text('<urn:a> <urn:p> "x" <urn:g> .\\n' + end_line(1))
>>> declared_count(folder / "d.nq")
1
>>> _ = (folder / "cut.nq").write_text('<urn:a> <urn:p> "x" <urn:g> .\\n')
>>> declared_count(folder / "cut.nq")
Traceback (most recent call last):
...
graph.backup.DumpError: ...cut.nq:1: no end line: the dump is truncated or was not ...
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

_END = re.compile(rb"# end of keino dump: (\d+) quads\n?$")


class DumpError(ValueError):
    """A dump that cannot be restored: its file, the line at fault and why."""

    def __init__(self, path: Path | str, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}")
        self.path, self.line, self.reason = str(path), line, reason


def end_line(count: int) -> str:
    """The last line of a dump of ``count`` quads."""
    return f"# end of keino dump: {count} quads\n"


def declared_count(dump: Path) -> int:
    """The quad count on the dump's end line; :class:`DumpError` when it has none."""
    size = dump.stat().st_size
    with open(dump, "rb") as handle:
        handle.seek(max(0, size - 200))
        tail = handle.read()
    found = _END.search(tail)
    if found is None:
        lines = _count_lines(dump)
        reason = "no end line: the dump is truncated or was not written by keino dump"
        raise DumpError(dump, lines, reason)
    return int(found.group(1))


def _count_lines(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b"")) or 1


def load_checked(target: ox.Store, dump: Path, declared: int) -> None:
    """Bulk-load ``dump`` into ``target`` (a fresh store) and check it holds ``declared`` quads."""
    try:
        with open(dump, "rb") as handle:
            target.bulk_load(handle, ox.RdfFormat.N_QUADS)
    except SyntaxError as exc:
        reason = str(exc).split(": ", 1)[-1]
        raise DumpError(dump, exc.lineno or 0, f"not valid N-Quads: {reason}") from None
    if len(target) != declared:
        raise DumpError(
            dump, _count_lines(dump), f"holds {len(target):,} quads, its end line says {declared:,}"
        )


def sibling(store: Path, kind: str) -> Path:
    """``<store>.<kind>``: a path beside the store (staging, restored, previous, lock)."""
    return store.with_name(f"{store.name}.{kind}")


def stage(store: Path, dump: Path) -> Path:
    """Load and check ``dump`` into ``<store>.staging``, then rename it ``<store>.restored``.

    The target is untouched; on any error the staging store is removed.
    """
    declared = declared_count(dump)
    staging = sibling(store, "staging")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staged = ox.Store(str(staging))
        load_checked(staged, dump, declared)
        staged.flush()
        del staged  # closes the staging store
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    restored = sibling(store, "restored")
    os.replace(staging, restored)
    return restored


@contextmanager
def swap_lock(store: Path) -> Iterator[None]:
    """Hold ``<store>.lock`` while a restore or a recovery renames folders."""
    store.parent.mkdir(parents=True, exist_ok=True)
    with open(sibling(store, "lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def recover(store: Path) -> None:
    """:func:`finish_swap` under the lock, when a restore left anything beside ``store``."""
    if any(sibling(store, kind).exists() for kind in ("staging", "restored", "previous")):
        with swap_lock(store):
            finish_swap(store)


def finish_swap(store: Path) -> None:
    """Complete (or clean up after) a restore that was interrupted; a no-op otherwise.

    A complete ``<store>.restored`` replaces the store; an incomplete
    ``<store>.staging`` and a left-over ``<store>.previous`` are deleted. The
    caller holds :func:`swap_lock`.
    """
    restored, previous = sibling(store, "restored"), sibling(store, "previous")
    shutil.rmtree(sibling(store, "staging"), ignore_errors=True)
    if not restored.exists() and not store.exists() and previous.exists():
        os.replace(previous, store)  # never reached by a restore; keep the only copy
    if restored.exists():
        if store.exists():
            if previous.exists():
                shutil.rmtree(previous)
            os.replace(store, previous)
        os.replace(restored, store)
    shutil.rmtree(previous, ignore_errors=True)
