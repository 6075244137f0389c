"""Parse and map a batch of notice files, in worker processes when it is large.

Each worker reads one file, hashes it, parses it and maps it to N-Triples
(:func:`work`); the parent takes the results in file order, reconciles
organisations across the batch and collects the triples (:class:`Collector`).
The load stays in the parent (:func:`ingest.notices.ingest`), one atomic
``replace_graph`` per batch.

Mapping needs batch-wide knowledge only for an organisation without a Finnish
business ID: another notice of the batch may give the same name and country an
ID (reconciliation rule 2). The worker maps such an organisation by name and
says which name keys it relied on; once the whole batch is read, a notice whose
key did get an ID elsewhere, or whose id another file already uses, is parsed
and mapped again in the parent. The result is the same as mapping everything in
one process.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph.procurement import to_ntriples
from graph.store import SourceFile
from ingest.notices.detect import parse_bytes, parse_file
from ingest.notices.limits import check_size
from ingest.notices.map import notice_to_triples
from ingest.notices.model import NotANotice, NoticeError, NoticeRefused, ParsedNotice
from ingest.notices.reconcile import NameKey, Reconciler, finnish_id, name_key
from ingest.report import IngestReport

# Below this many files a process pool costs more than it saves.
POOL_MIN_FILES = 256
_LOCAL = Reconciler()  # no batch knowledge: resolves business IDs only


@dataclass
class Done:
    """What :func:`work` sends back for one file (small and picklable).

    ``problem`` is ``(kind, reason, line)`` for a skipped or failed file;
    ``relies`` are the name keys of organisations mapped by name only.
    """

    path: str
    source: SourceFile | None = None
    notice_id: str = ""
    ntriples: bytes = b""
    learned: list[tuple[NameKey, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    relies: list[NameKey] = field(default_factory=list)
    problem: tuple[str, str, int | None] | None = None


def work(path: Path) -> Done:
    """Read, hash, parse and map one file (organisations without a business ID by name)."""
    try:
        if not path.is_file():
            return Done(str(path), problem=("failed", "no such file", None))
        check_size(path)
        data = path.read_bytes()
        source = SourceFile(str(path), hashlib.sha256(data).hexdigest())
        notice = _parse(data, path)
    except NotANotice as exc:
        return Done(str(path), problem=("skipped", str(exc), None))
    except NoticeRefused as exc:
        return Done(str(path), problem=("skipped", exc.reason, exc.line))
    except NoticeError as exc:
        return Done(str(path), problem=("failed", exc.reason, exc.line))
    except OSError as exc:
        return Done(str(path), problem=("failed", exc.strerror or str(exc), None))
    except Exception as exc:  # one odd file must not stop a batch
        return Done(str(path), problem=("failed", f"{type(exc).__name__}: {exc}", None))
    done = Done(str(path), source, notice.notice_id, warnings=list(notice.warnings))
    done.learned = [(name_key(o), bid) for o in notice.orgs.values() if (bid := finnish_id(o))]
    done.relies = _by_name_only(notice)
    done.ntriples = to_ntriples(notice_to_triples(notice, _LOCAL.resolve, source.sha256))
    return done


def _parse(data: bytes, path: Path) -> ParsedNotice:
    if path.suffix.lower() == ".json":
        return parse_file(path)
    return parse_bytes(data, str(path))


def _by_name_only(notice: ParsedNotice) -> list[NameKey]:
    """Name keys of the organisations in a role that lack a Finnish business ID."""
    roles = {b.org for b in notice.buyers} | {w for lot in notice.lots for w in lot.winners}
    return [
        name_key(org)
        for local, org in notice.orgs.items()
        if local in roles and finnish_id(org) is None
    ]


def results(files: Sequence[Path], workers: int | None = None) -> Iterator[Done]:
    """:func:`work` over ``files``, in file order; a process pool for large batches."""
    if workers is None:
        workers = os.cpu_count() or 1 if len(files) >= POOL_MIN_FILES else 1
    if workers <= 1:
        yield from map(work, files)
        return
    chunk = max(1, min(64, len(files) // (workers * 8)))
    with multiprocessing.get_context().Pool(workers) as pool:
        yield from pool.imap(work, files, chunksize=chunk)


class Collector:
    """Takes :class:`Done` results in file order; :meth:`finish` gives the batch's N-Triples."""

    def __init__(self, report: IngestReport) -> None:
        self.report = report
        self.inputs: list[SourceFile] = []
        self.chunks: list[bytes] = []
        self._reconciler = Reconciler()
        self._seen: dict[str, SourceFile] = {}
        self._later: list[Done] = []

    def add(self, done: Done) -> None:
        """Record one result: report its problem, or keep its triples (or defer it)."""
        if done.problem is not None:
            kind, reason, line = done.problem
            add = self.report.skipped if kind == "skipped" else self.report.failed
            add(done.path, reason, line=line)
            return
        assert done.source is not None
        self.inputs.append(done.source)
        self._reconciler.learn_keys(done.learned)
        first = self._seen.get(done.notice_id)
        if first is not None and first.sha256 == done.source.sha256:
            self.report.skipped(done.path, f"same notice as {first.path}")
            return
        if first is not None or done.relies:
            self._later.append(done)
            self._seen.setdefault(done.notice_id, done.source)
            return
        self._seen[done.notice_id] = done.source
        self.chunks.append(done.ntriples)
        self._mapped(done.path, done.warnings)

    def finish(self) -> bytes:
        """Settle the deferred notices with the whole batch's knowledge; every triple."""
        for done in self._later:
            assert done.source is not None
            first = self._seen[done.notice_id]
            if first is done.source and not self._reconciler.knows_any(done.relies):
                self.chunks.append(done.ntriples)  # the worker's mapping stands
                self._mapped(done.path, done.warnings)
                continue
            notice = parse_file(Path(done.path))
            if first is not done.source:  # another file of the batch has this id
                old = notice.notice_id
                notice.notice_id = f"{old}-{Path(notice.path).stem}"
                notice.warnings.append(
                    f"notice id {old} is also used by {first.path}; mapped as {notice.notice_id}"
                )
                self._seen[notice.notice_id] = done.source
            triples = notice_to_triples(notice, self._reconciler.resolve, done.source.sha256)
            self.chunks.append(to_ntriples(triples))
            self._mapped(done.path, notice.warnings)
        self._later = []
        return b"".join(self.chunks)

    def _mapped(self, path: str, warnings: Iterable[str]) -> None:
        self.report.mapped(path)
        for warning in warnings:
            self.report.warn(path, warning)


def collect(
    files: Sequence[Path],
    report: IngestReport,
    *,
    workers: int | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> tuple[bytes, list[SourceFile]]:
    """Parse and map ``files``; problems go to ``report``. Returns N-Triples and inputs."""
    collector = Collector(report)
    for done in results(files, workers):
        collector.add(done)
        if on_file is not None:
            on_file(Path(done.path))
    return collector.finish(), collector.inputs
