"""The harvest loop shared by every source: fetch into the raw cache, move the cursor,
hand the new files to the ingest.

A source is a generator of events over an :class:`~ingest.harvest.http.HttpClient`:
:class:`Document` (bytes to cache) and :class:`Checkpoint` (the cursor after a
page). The loop caches each document as it comes and saves the cursor at each
checkpoint, so a harvest killed mid-page resumes at the start of that page, and
documents whose key is already cached are not fetched again.

Ingest is a callback (``ingest(files, batch) -> ok``) wired by the command, so this
package never imports the ingest of a source. Files are ingested in batches by
month of fetching (``<source>-YYYY-MM``): a batch's graph is replaced with every
cached file of that month, so a re-run or an interrupted ingest is harmless.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Protocol

from ingest.harvest.cache import Entry, SourceCache
from ingest.harvest.http import HarvestError, HttpClient

Ingest = Callable[[list[Path], str], bool]


@dataclass(frozen=True)
class Document:
    """One file a source fetched: its bytes, file extension and source key."""

    content: bytes
    ext: str
    key: str


@dataclass(frozen=True)
class Checkpoint:
    """The cursor after a page; saved before the next page is asked for. A source
    also sends one (``page_done=False``) before its first request, so a start
    given by ``--since`` survives a kill before the first page is done."""

    state: dict[str, Any]
    page_done: bool = True


@dataclass(frozen=True)
class Skip:
    """Something a source listed but could not fetch as a file, and why."""

    key: str
    reason: str


Event = Document | Checkpoint | Skip


class Source(Protocol):
    """What each harvester module provides."""

    name: str

    def events(
        self, client: HttpClient, state: dict[str, Any], known: Callable[[str], bool]
    ) -> Iterator[Event]:
        """Fetch from ``state`` (the saved cursor, ``{}`` at first) onwards."""
        ...


@dataclass
class HarvestResult:
    """What one harvest did: pages done, files new and already cached, skips, retries,
    and each ingest batch with its outcome."""

    source: str
    cache_dir: Path
    pages: int = 0
    new: int = 0
    cached: int = 0
    skipped: list[Skip] = field(default_factory=list)
    waits: list[float] = field(default_factory=list)
    batches: dict[str, bool] = field(default_factory=dict)
    error: str | None = None

    def summary(self) -> str:
        """One line for the user."""
        waits = self.waits
        waited = f", {len(waits)} retries (waited {sum(waits):.1f} s)" if waits else ""
        skips = f", {len(self.skipped)} skipped" if self.skipped else ""
        return (
            f"{self.source}: {self.pages} page(s), {self.new} new file(s), {self.cached} already "
            f"cached{skips}{waited}; raw cache {self.cache_dir}"
        )

    @property
    def ok(self) -> bool:
        return self.error is None and all(self.batches.values())


def harvest(
    source: Source,
    cache: SourceCache,
    client: HttpClient | None,
    *,
    ingest: Ingest | None = None,
    replay: bool = False,
) -> HarvestResult:
    """Fetch new files of ``source`` (unless ``client`` is None), then ingest what is pending.

    ``replay`` ingests every cached file again, e.g. into a new store with no network.
    A fetch that fails (:class:`HarvestError`) keeps the cursor at the last finished
    page; the files fetched before it are still ingested, and the error is in the result.
    """
    result = HarvestResult(source.name, cache.dir)
    with cache.lock():
        cursor = cache.load_cursor()
        if client is not None:
            try:
                _fetch(source, cache, client, cursor, result)
            except HarvestError as exc:
                result.error = str(exc)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                # An answer in a shape the source module does not know: the API changed.
                result.error = (
                    f"{source.name}: an answer has an unexpected shape ({type(exc).__name__}: "
                    f"{exc}); the cursor stays where it was (see docs/harvest.md)"
                )
            finally:
                result.waits = list(client.waits)
        if ingest is not None:
            _ingest_pending(cache, ingest, result, replay=replay)
    return result


def _fetch(
    source: Source,
    cache: SourceCache,
    client: HttpClient,
    cursor: dict[str, Any],
    result: HarvestResult,
) -> None:
    state = dict(cursor.get("fetch", {}))
    for event in source.events(client, state, cache.known):
        if isinstance(event, Document):
            _entry, new = cache.put(event.content, ext=event.ext, key=event.key)
            result.new += new
            result.cached += not new
        elif isinstance(event, Skip):
            result.skipped.append(event)
        else:
            result.pages += event.page_done
            cursor = {**cache.load_cursor(), "fetch": event.state}
            cache.save_cursor(cursor)


def _ingest_pending(
    cache: SourceCache, ingest: Ingest, result: HarvestResult, *, replay: bool
) -> None:
    """Ingest each month batch that holds a file not yet ingested, then record how far."""
    entries = cache.entries
    done = 0 if replay else int(cache.load_cursor().get("ingested", 0))
    months = sorted({_month(e) for e in entries[done:]})
    for month in months:
        batch = f"{cache.source}-{month}"
        files = [cache.path(e) for e in entries if _month(e) == month]
        result.batches[batch] = ingest(files, batch)
    # Recorded whatever the outcome: the report named each failed file, and the
    # files stay in the cache for ``--replay`` once the ingest is fixed.
    cache.save_cursor({**cache.load_cursor(), "ingested": len(entries)})


def _month(entry: Entry) -> str:
    return entry.fetched[:7]


def windows(start: date, end: date, days: int) -> Iterator[tuple[date, date]]:
    """Consecutive inclusive date windows of at most ``days`` days from ``start`` to ``end``.

    >>> [(a.isoformat(), b.isoformat()) for a, b in windows(date(2024, 1, 1), date(2024, 1, 5), 2)]
    [('2024-01-01', '2024-01-02'), ('2024-01-03', '2024-01-04'), ('2024-01-05', '2024-01-05')]
    """
    while start <= end:
        stop = min(end, start + timedelta(days=days - 1))
        yield start, stop
        start = stop + timedelta(days=1)


def start_point(state: dict[str, Any], since: date | None, today: date) -> tuple[date, int]:
    """The window start and page to resume at: ``--since`` if given (page 1), else the
    cursor, else 30 days ago."""
    if since is not None:
        return since, 1
    if "from" in state:
        return min(date.fromisoformat(state["from"]), today), int(state.get("page", 1))
    return today - timedelta(days=30), 1


class DateWindows:
    """A search source that walks date windows of ``window_days`` from its cursor (or
    ``since``) to ``today``, a page at a time; a subclass gives ``_window`` (the events
    of one window from ``page`` on). ``today`` is a field so tests fix it."""

    since: date | None
    today: date | None
    window_days: int = 31

    def events(
        self, client: HttpClient, state: dict[str, Any], known: Callable[[str], bool]
    ) -> Iterator[Event]:
        """Checkpoints around each window's events, so a harvest resumes where it stopped."""
        today = self.today or date.today()
        start, page = start_point(state, self.since, today)
        yield Checkpoint({"from": start.isoformat(), "page": page}, page_done=False)
        for first, last in windows(start, today, self.window_days):
            yield from self._window(client, first, last, page, known)
            page = 1
        yield Checkpoint({"from": today.isoformat(), "page": 1})

    def _window(
        self, client: HttpClient, first: date, last: date, page: int, known: Callable[[str], bool]
    ) -> Iterator[Event]:
        raise NotImplementedError
