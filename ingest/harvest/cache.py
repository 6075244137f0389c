"""The raw cache beside the store: content-addressed files, a manifest and a cursor per source.

Layout (``root`` is ``<store>.raw`` unless set)::

    root/<source>/<sha256>.<ext>    one fetched file, named by the SHA-256 of its bytes
    root/<source>/manifest.jsonl    one line per distinct file: sha256, file, key, fetched
    root/<source>/cursor.json       where the next harvest resumes, and how much was ingested
    root/<source>/.lock             held while a harvest of that source runs

Every write is crash-safe, so a harvest killed at any moment loses nothing: a
file is written to a temporary name and renamed; the cursor likewise; a
manifest line torn by a kill is cut off before the next append. The same bytes
fetched twice are one file and one manifest line.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ingest.harvest.http import HarvestError


@dataclass(frozen=True)
class Entry:
    """One cached file: its digest, file name, source key (e.g. ``ted:622690-2023``) and
    fetch time (ISO 8601, UTC)."""

    sha256: str
    file: str
    key: str
    fetched: str


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader (or a crash) sees the old or the new
    file, never half of one: temporary file in the same folder, fsync, rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class SourceCache:
    """The cache folder of one source: put files, list them, read and save the cursor."""

    def __init__(self, root: Path, source: str) -> None:
        self.source = source
        self.dir = root / source
        self.dir.mkdir(parents=True, exist_ok=True)
        self.manifest = self.dir / "manifest.jsonl"
        self.cursor_path = self.dir / "cursor.json"
        self._entries = self._read_manifest()
        self._digests = {e.sha256: e for e in self._entries}
        self._keys = {e.key for e in self._entries}

    @property
    def entries(self) -> list[Entry]:
        """Every cached file, in the order first fetched."""
        return list(self._entries)

    def known(self, key: str) -> bool:
        """True if a file with this source key is already cached."""
        return key in self._keys

    def path(self, entry: Entry) -> Path:
        return self.dir / entry.file

    def put(self, content: bytes, *, ext: str, key: str) -> tuple[Entry, bool]:
        """Cache ``content``; returns its entry and whether it was new."""
        digest = hashlib.sha256(content).hexdigest()
        if digest in self._digests:
            self._keys.add(key)
            return self._digests[digest], False
        name = f"{digest}.{ext}"
        target = self.dir / name
        if not target.is_file() or hashlib.sha256(target.read_bytes()).hexdigest() != digest:
            atomic_write(target, content)
        fetched = datetime.now(UTC).isoformat(timespec="seconds")
        entry = Entry(digest, name, key, fetched)
        self._append(entry)
        self._entries.append(entry)
        self._digests[digest] = entry
        self._keys.add(key)
        return entry, True

    def load_cursor(self) -> dict[str, Any]:
        """The saved cursor, or ``{}`` before the first harvest."""
        if not self.cursor_path.is_file():
            return {}
        try:
            value = json.loads(self.cursor_path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise HarvestError(f"{self.cursor_path}: not a cursor ({exc})") from None
        return value if isinstance(value, dict) else {}

    def save_cursor(self, cursor: dict[str, Any]) -> None:
        atomic_write(self.cursor_path, json.dumps(cursor, sort_keys=True, indent=1).encode())

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the source's lock; a second harvest of the same source stops at once."""
        with open(self.dir / ".lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise HarvestError(
                    f"{self.source}: another harvest of this source is running ({self.dir})"
                ) from None
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _read_manifest(self) -> list[Entry]:
        """Manifest lines in order; a last line torn by a kill is cut off here."""
        if not self.manifest.is_file():
            return []
        raw = self.manifest.read_bytes()
        keep = raw if raw.endswith(b"\n") else raw[: raw.rfind(b"\n") + 1]
        if len(keep) != len(raw):
            with open(self.manifest, "r+b") as handle:
                handle.truncate(len(keep))
        entries = []
        for line in keep.decode("utf-8").splitlines():
            item = json.loads(line)
            if (self.dir / item["file"]).is_file():
                entries.append(Entry(item["sha256"], item["file"], item["key"], item["fetched"]))
        return entries

    def _append(self, entry: Entry) -> None:
        line = json.dumps(entry.__dict__, sort_keys=True) + "\n"
        with open(self.manifest, "ab") as handle:
            handle.write(line.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
