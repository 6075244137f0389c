"""Derived state kept on disk beside an on-disk store, so a fresh server starts warm.

Reading the snapshot and building the label index take seconds on the demo
graph (and far longer on a busy machine); loading what an earlier process built
takes a fraction of that. Each part is saved as ``<store>.derived/<name>.pickle``
together with the :meth:`graph.store.Store.version` it was built from, and is
only loaded for that same version: after any ingest the part is rebuilt and
saved again. The files are written by this program only, beside the store
itself (whoever can write them can write the store); a file that cannot be
read is ignored and rebuilt.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> save(folder, "part", "v1", {"a": 1})
>>> load(folder, "part", "v1"), load(folder, "part", "v2")
({'a': 1}, None)
"""

from __future__ import annotations

import logging
import os
import pickle
from pathlib import Path
from typing import Any

from graph.store import Store

log = logging.getLogger(__name__)


def folder_of(store: Store) -> Path | None:
    """Where ``store``'s derived state is kept: ``<store>.derived``; None for a store in
    memory or on a SPARQL server (nothing to keep it beside)."""
    return None if store.path is None else store.path.with_name(store.path.name + ".derived")


def load(folder: Path, name: str, version: str) -> Any | None:
    """The part ``name`` saved for store version ``version``, or None (absent, built
    from another version, or unreadable)."""
    path = folder / f"{name}.pickle"
    try:
        with path.open("rb") as handle:
            saved_version, value = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as error:  # a torn or foreign file: rebuild rather than fail the page
        log.warning("ignoring %s: %s", path, error)
        return None
    return value if saved_version == version else None


def save(folder: Path, name: str, version: str, value: Any) -> None:
    """Keep ``value`` as part ``name`` of store version ``version`` (replacing the
    previous one at once: written beside, then renamed)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.pickle"
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as handle:
            pickle.dump((version, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
    except OSError as error:  # a read-only disk: the server still works, only cold
        log.warning("could not keep %s in %s: %s", name, folder, error)
