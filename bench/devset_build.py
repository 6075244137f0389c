"""Build data/nlp/passages.jsonl from the hand labels in data/nlp/passages.src.py.

Usage: .venv/bin/python -m bench.devset_build

Resolves each label to its graph IRI (the bundled registry and ecosystem, as
``keino demo`` loads them) and each surface to its character offsets in the
passage; "new:<name>" stands for an organisation candidate (its name IRI).
Fails, naming the passage, when a label or a surface is not found.
"""

from __future__ import annotations

import json
import runpy
from pathlib import Path

from bench.extract_eval import graph_labels
from graph.iris import org_iri

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "nlp" / "passages.src.py"
OUT = ROOT / "data" / "nlp" / "passages.jsonl"


def resolver() -> dict[str, str]:
    """Label → IRI for every Finnish (or untagged) label; a municipality's plain name too."""
    out: dict[str, str] = {}
    for e in graph_labels():
        if e.lang in ("fi", None):
            out.setdefault(e.label, e.iri)
    return out


def iri_of(name: str, iris: dict[str, str], where: str) -> str:
    if name.startswith("new:"):
        return org_iri(name=name[4:])
    if name not in iris:
        raise SystemExit(f"{where}: no graph entity is labelled {name!r}")
    return iris[name]


def main() -> None:
    rows = runpy.run_path(str(SOURCE))["P"]
    iris = resolver()
    lines = []
    for n, (pid, url, text, mentions, relations) in enumerate(rows):
        pos = 0
        gold_mentions = []
        for surface, name in mentions:
            start = text.find(surface, pos)
            if start < 0:
                start = text.find(surface)
            if start < 0:
                raise SystemExit(f"{pid}: {surface!r} is not in the text")
            pos = start + len(surface)
            gold_mentions.append(
                {"start": start, "end": pos, "surface": surface, "iri": iri_of(name, iris, pid)}
            )
        gold_relations = [
            {"subject": iri_of(s, iris, pid), "predicate": p, "object": iri_of(o, iris, pid),
             "since": since, "until": until}
            for s, p, o, since, until in relations
        ]  # fmt: skip
        split = "test" if n % 3 == 1 else "dev"
        lines.append(
            json.dumps(
                {
                    "id": pid,
                    "split": split,
                    "source": url,
                    "text": text,
                    "mentions": gold_mentions,
                    "relations": gold_relations,
                },
                ensure_ascii=False,
            )
        )
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    n_rel = sum(len(r[4]) for r in rows)
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} passages, {n_rel} relations")


if __name__ == "__main__":
    main()
