"""Build data/nlp/passages.jsonl from the hand labels in data/nlp/passages.src.py.

Usage: .venv/bin/python -m bench.devset_build

Resolves each label to its graph IRI (the bundled registry and ecosystem, as
``keino demo`` loads them) and each surface to its character offsets in the
passage; "new:<name>" stands for an organisation candidate (its name IRI).
Fails, naming the passage, when a label or a surface is not found.
"""

from __future__ import annotations

import json
import random
import runpy
from pathlib import Path

from bench.extract_eval import graph_labels
from graph.iris import org_iri

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "nlp" / "passages.src.py"
OUT = ROOT / "data" / "nlp" / "passages.jsonl"
#: seed of the dev/test draw of the second-round rows (``P2``): fixed, so the split
#: was known before the extractor ever ran on them
SPLIT_SEED = 16
TEST_SHARE = 1 / 3


def drawn_split(pid: str, seed: int = SPLIT_SEED) -> str:
    """``test`` for about a third of the passage ids, ``dev`` for the rest: a draw
    seeded by ``seed`` and the id alone, so adding rows never moves another's split.

    >>> drawn_split("r2-eko-1") in ("dev", "test")
    True
    """
    return "test" if random.Random(f"{seed}:{pid}").random() < TEST_SHARE else "dev"


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
    source = runpy.run_path(str(SOURCE))
    # First-round rows: every third is test; second-round rows: a seeded draw.
    rows = [(row, "test" if n % 3 == 1 else "dev") for n, row in enumerate(source["P"])]
    rows += [(row, drawn_split(row[0])) for row in source.get("P2", [])]
    iris = resolver()
    lines = []
    for (pid, url, text, mentions, relations), split in rows:
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
        lines.append(
            json.dumps(
                {
                    "id": pid,
                    "split": split,
                    "source": url,
                    # written for the set from the cited page, not copied from it
                    "text_kind": "restated",
                    "text": text,
                    "mentions": gold_mentions,
                    "relations": gold_relations,
                },
                ensure_ascii=False,
            )
        )
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    n_rel = sum(len(r[4]) for r, _ in rows)
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} passages, {n_rel} relations")
    for split in ("dev", "test"):
        chosen = [r for r, s in rows if s == split]
        print(f"  {split}: {len(chosen)} passages, {sum(len(r[4]) for r in chosen)} relations")


if __name__ == "__main__":
    main()
