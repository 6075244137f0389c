"""Throughput of the Finnish pipeline: tokenizer, model and full extraction.

Usage: .venv/bin/python bench/extract_speed.py [--size-mb 0.2] [--runs 3] [--n-process 2]

The corpus is the five seed documents of ``data/documents`` repeated to the
size asked. Labels come from an in-memory graph of the bundled registry and
ecosystem (about 1,100 names). In one run it times, as the median of
``--runs`` passes over the same corpus:

* the tokenizer alone (the floor);
* the model alone (``nlp.pipe``: spaCy's Finnish model, tagger left out), in
  one and in ``--n-process`` processes: the baseline the pipeline compares with;
* the full pipeline (``extract_many``: model, linking, new organisations,
  relations), in one and in ``--n-process`` processes.

The 2-core machine this runs on is often shared, so wall-clock figures
depend on what else runs. Each line also gives the CPU time the work took
(``getrusage``: this process plus the worker processes, which spaCy joins at
the end of each pass), as milliseconds per sentence, and the throughput an
idle machine would give: sentences over the largest of the CPU time spread over
the cores, the main process's own CPU time (it links and reads relations while
the workers parse) and the busiest worker's CPU time (a worker handed most of
the text sets the pace; a probe at the end of the model records each worker's
CPU time). Target: >= 100 sentences/s for the full pipeline on 2 cores.
"""

from __future__ import annotations

import argparse
import atexit
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.extract_eval import graph_labels  # noqa: E402
from ingest.nlp import (  # noqa: E402
    Extraction,
    Pipeline,
    build_pipeline,
    extract_many,
    worker_batches,
)

TARGET = 100.0
#: where the probe component writes each worker's CPU seconds (one file per process).
_PROBE_DIR = Path(tempfile.mkdtemp(prefix="keino-extract-speed-"))
atexit.register(shutil.rmtree, _PROBE_DIR, True)


@Language.component("bench_cpu_probe")
def cpu_probe(doc: Doc) -> Doc:
    """Record this process's CPU seconds so far (a forked worker starts at zero)."""
    (_PROBE_DIR / str(os.getpid())).write_text(str(time.process_time()))
    return doc


def _busiest_worker() -> float:
    """The largest CPU time a worker process recorded since the last call."""
    main = str(os.getpid())
    times = [float(p.read_text()) for p in _PROBE_DIR.iterdir() if p.name != main]
    for p in _PROBE_DIR.iterdir():
        p.unlink()
    return max(times, default=0.0)


def corpus(size_mb: float) -> list[str]:
    """Seed documents repeated until their UTF-8 size reaches ``size_mb``."""
    seeds = [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "documents").glob("*.txt"))
    ]
    texts, size = [], 0
    while size < size_mb * 1_000_000:
        for text in seeds:
            texts.append(text)
            size += len(text.encode("utf-8"))
    return texts


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) so far of this process and of its joined children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


@dataclass(frozen=True)
class Timing:
    """Medians over the passes: wall seconds, CPU seconds of this process and of workers."""

    wall: float
    main_cpu: float
    worker_cpu: float
    busiest_worker: float

    @property
    def cpu(self) -> float:
        return self.main_cpu + self.worker_cpu


def timed(work: Callable[[], object], runs: int) -> Timing:
    """Median wall and CPU seconds of ``runs`` calls of ``work``."""
    walls, mains, workers, busiest = [], [], [], []
    for _ in range(runs):
        _busiest_worker()
        own0, kids0 = _cpu()
        started = time.perf_counter()
        work()
        walls.append(time.perf_counter() - started)
        own1, kids1 = _cpu()
        mains.append(own1 - own0)
        workers.append(kids1 - kids0)
        busiest.append(_busiest_worker())
    return Timing(
        statistics.median(walls),
        statistics.median(mains),
        statistics.median(workers),
        statistics.median(busiest),
    )


def _tokenize(nlp: Language, texts: list[str]) -> None:
    """The tokenizer alone over ``texts``."""
    for text in texts:
        nlp.make_doc(text)


def _parse(nlp: Language, texts: list[str], batch_size: int, n_process: int) -> None:
    """The model alone over ``texts``."""
    for _doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass


def _extract_into(found: list[Extraction], pipeline: Pipeline, texts: list[str]) -> None:
    """The full pipeline over ``texts``; its extractions replace ``found``'s items."""
    found[:] = extract_many(pipeline, texts)


def idle_rate(sentences: int, t: Timing, processes: int) -> float:
    """Sentences/s on an idle machine with ``processes`` cores free: the CPU
    time spread over them, but never faster than the main process alone."""
    cores = min(processes, os.cpu_count() or 1)
    return sentences / max(t.cpu / cores, t.main_cpu, t.busiest_worker)


def line(name: str, sentences: int, t: Timing, processes: int) -> str:
    """One result line: wall rate, CPU per sentence, idle-machine rate."""
    return (
        f"{name:<30} wall {t.wall:6.2f} s -> {sentences / t.wall:7,.0f} sentences/s | "
        f"CPU {1000 * t.cpu / sentences:5.2f} ms/sentence "
        f"(main {t.main_cpu:.2f} s + workers {t.worker_cpu:.2f} s, busiest "
        f"{t.busiest_worker:.2f} s) -> "
        f"idle {processes} core(s) ~ {idle_rate(sentences, t, processes):6,.0f} sentences/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=float, default=0.2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--n-process", type=int, default=2)
    args = parser.parse_args()
    texts = corpus(args.size_mb)
    labels = graph_labels()
    one = build_pipeline(labels)
    nlp = one.nlp
    nlp.add_pipe("bench_cpu_probe", last=True)
    list(extract_many(one, texts[:5]))  # warm up: model, lemmatizer dictionaries, caches
    sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(texts))
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    load = os.getloadavg()[0]
    print(f"corpus: {mb:.2f} MB, {len(texts)} documents, {sentences:,} sentences; "
          f"components {', '.join(nlp.pipe_names)}; load average {load:.1f} on "
          f"{os.cpu_count()} cores; medians of {args.runs} passes")  # fmt: skip
    tok = timed(partial(_tokenize, nlp, texts), args.runs)
    print(line("tokenizer alone", sentences, tok, 1))
    rates: dict[str, float] = {}
    for n in sorted({1, args.n_process}):
        procs, batch = worker_batches(len(texts), n, one.batch_size)
        model = timed(partial(_parse, nlp, texts, batch, procs), args.runs)
        print(line(f"model alone, n_process={procs}", sentences, model, procs))
        rates[f"model {procs}"] = idle_rate(sentences, model, procs)
    found: list[Extraction] = []
    for n in sorted({1, args.n_process}):
        pipeline = build_pipeline(labels, n_process=n)
        procs = worker_batches(len(texts), n, pipeline.batch_size)[0]
        full = timed(partial(_extract_into, found, pipeline, texts), args.runs)
        print(line(f"full pipeline, n_process={procs}", sentences, full, procs))
        rates[f"full {procs}"] = idle_rate(sentences, full, procs)
    mentions = sum(len(f.mentions) for f in found)
    relations = sum(len(f.relations) for f in found)
    print(f"full pipeline found {mentions:,} mentions and {relations:,} relations "
          f"({mb:.2f} MB); load average now {os.getloadavg()[0]:.1f}")  # fmt: skip
    best = max(v for k, v in rates.items() if k.startswith("full"))
    base = max(v for k, v in rates.items() if k.startswith("model"))
    verdict = "met" if best >= TARGET else "NOT met"
    print(f"baseline (the model alone, idle estimate): {base:,.0f} sentences/s; full pipeline "
          f"{best:,.0f} sentences/s ({best / base:.0%} of it); target >= {TARGET:.0f} "
          f"sentences/s on 2 cores: {verdict} on an idle machine")  # fmt: skip


if __name__ == "__main__":
    main()
