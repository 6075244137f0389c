"""Procurement notices (eForms UBL 2.3 and TED XML R2.0.9) into ``kg:notices/{batch}``.

parse: :func:`ingest.notices.detect.parse_file` (file → :class:`ParsedNotice`,
format detected from the root element) · reconcile:
:class:`ingest.notices.reconcile.Reconciler` · map:
:func:`ingest.notices.map.notice_to_triples` (pure) · load: :func:`ingest`.

A file that is not well-formed fails with its line; the batch goes on, but the
batch's graph is then left as it was (unless ``partial=True``) and the report
says so. A notice that breaks an eForms rule is mapped with a warning naming
the rule; one without an identifier is refused with the rule.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from graph.iris import graph_iri
from graph.procurement import to_ntriples
from graph.store import IngestRun, SourceFile, Store
from ingest.notices.batch import collect
from ingest.notices.detect import parse_file
from ingest.notices.fields import field_map_triples
from ingest.notices.model import NotANotice, NoticeError, NoticeRefused, ParsedNotice
from ingest.report import IngestReport

SOURCE = "notices"
SUFFIXES = (".xml", ".json")


def notice_files(paths: Iterable[Path]) -> list[Path]:
    """Files given, plus the ``.xml``/``.json`` files below any folder given, sorted."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(
                p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
            )
        else:
            out.append(path)
    return out


def default_batch(paths: Sequence[Path]) -> str:
    """The batch name: the folder or file stem of the first path."""
    first = paths[0]
    return first.name if first.is_dir() else first.stem


def read_notices(
    files: Sequence[Path], report: IngestReport, on_file: Callable[[Path], None] | None = None
) -> Iterator[tuple[ParsedNotice, SourceFile]]:
    """Parse each file; failures and skips go to ``report`` and the batch goes on."""
    for path in files:
        try:
            if not path.is_file():
                report.failed(str(path), "no such file")
                continue
            source = SourceFile.of(path)
            yield parse_file(path), source
        except NotANotice as exc:
            report.skipped(str(path), str(exc))
        except NoticeRefused as exc:
            report.skipped(str(path), exc.reason, line=exc.line)
        except NoticeError as exc:
            report.failed(str(path), exc.reason, line=exc.line)
        except Exception as exc:  # one odd file must not stop a batch
            report.failed(str(path), f"{type(exc).__name__}: {exc}")
        finally:
            if on_file is not None:
                on_file(path)


def ingest(
    store: Store,
    paths: Sequence[Path] | None = None,
    *,
    batch: str | None = None,
    partial: bool = False,
    on_file: Callable[[Path], None] | None = None,
    workers: int | None = None,
) -> IngestReport:
    """Ingest notice files or folders into ``kg:notices/{batch}``; returns the report.

    ``workers`` parse processes (default: one per core for 256 files or more,
    else none); results are taken in file order, so the graph and the report
    do not depend on it.
    """
    from graph.resources import resource_dir

    paths = list(paths) if paths is not None else [resource_dir("data") / "notices"]
    report = IngestReport(SOURCE)
    files = notice_files(paths)
    # A batch makes millions of small acyclic objects (terms, triples): the
    # cyclic collector would walk them again and again for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        report.graph = graph_iri(SOURCE, batch or (default_batch(paths) if paths else "none"))
        if not files:
            report.refused = f"no notice files ({', '.join(SUFFIXES)}) in {_named(paths)}"
            return report
        data, inputs = collect(files, report, workers=workers, on_file=on_file)
        data += to_ntriples(field_map_triples())
        if report.refuse_if_nothing_mapped():
            return report
        if not report.ok and not partial:
            failed = report.counts()["failed"]
            report.refused = f"{failed} file(s) failed (use --partial to load the rest)"
            return report
        run = _load(store, report.graph, data, inputs)
    finally:
        if collecting:
            gc.enable()
    report.triple_count, report.run_iri = run.triple_count, run.iri
    return report


def _named(paths: Sequence[Path]) -> str:
    return ", ".join(str(p) for p in paths) or "no path"


def _load(store: Store, graph: str, data: bytes, inputs: list[SourceFile]) -> IngestRun:
    """Replace the batch's graph with its N-Triples (parsed by Oxigraph on a first load)."""
    return store.replace_graph_ntriples(graph, data, source=SOURCE, inputs=inputs)
