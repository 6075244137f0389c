"""Harvesters: fetch new source files from live APIs into a raw cache, then ingest them.

- :mod:`ingest.harvest.http`: the shared client (rate limit, retries with
  ``Retry-After`` and jittered backoff, truncated-body checks, one-line errors);
- :mod:`ingest.harvest.cache`: the content-addressed raw cache, manifest and cursor;
- :mod:`ingest.harvest.run`: the loop (fetch, checkpoint, ingest by month batch);
- one module per source: :mod:`~ingest.harvest.hilma`, :mod:`~ingest.harvest.ted`,
  :mod:`~ingest.harvest.ytj`.

Ingest only ever reads files: everything a harvest fetched can be replayed into a
store offline (``keino harvest SOURCE --replay``).
"""

from __future__ import annotations

from pathlib import Path

from ingest.harvest.cache import SourceCache
from ingest.harvest.http import HarvestError, HttpClient, RetryPolicy
from ingest.harvest.run import HarvestResult, Ingest, harvest


def raw_dir(store_path: Path) -> Path:
    """The raw cache beside an on-disk store: ``<store>.raw``.

    >>> raw_dir(Path("/var/keino/store")).as_posix()
    '/var/keino/store.raw'
    """
    return store_path.with_name(store_path.name + ".raw")


__all__ = [
    "HarvestError",
    "HarvestResult",
    "HttpClient",
    "Ingest",
    "RetryPolicy",
    "SourceCache",
    "harvest",
    "raw_dir",
]
