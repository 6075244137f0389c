"""``keino extract FILE… --format jsonl``: the JSON lines a user reads."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from keino.cli import app

LABELS = Path(__file__).parent / "data" / "nlp" / "labels.jsonl"
MENTION_KEYS = {"type", "file", "start", "end", "surface", "iri", "label", "class", "new"}
RELATION_KEYS = {"type", "file", "subject", "subject_label", "predicate", "object",
                 "object_label", "since", "until", "sentence"}  # fmt: skip
KEINO = "https://w3id.org/keino/id/org/name/fi/keino-osaamiskeskus"
TEM = "https://w3id.org/keino/id/org/name/fi/tyo-ja-elinkeinoministerio"


def run(*args: str) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(app, ["extract", *args])
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return result.exit_code, records


def test_jsonl_mentions_and_relations(tmp_path: Path) -> None:
    text = "KEINOn toimintaa ohjaa ja rahoittaa työ- ja elinkeinoministeriö vuodesta 2018.\n"
    doc = tmp_path / "uutinen.txt"
    doc.write_text(text, encoding="utf-8")
    code, records = run(str(doc), "--format", "jsonl", "--labels", str(LABELS))
    assert code == 0
    mentions = [r for r in records if r["type"] == "mention"]
    relations = [r for r in records if r["type"] == "relation"]
    assert all(set(r) == MENTION_KEYS and r["file"] == str(doc) for r in mentions)
    assert all(set(r) == RELATION_KEYS for r in relations)
    assert [(text[m["start"] : m["end"]], m["iri"], m["new"]) for m in mentions] == [
        ("KEINOn", KEINO, False),
        ("työ- ja elinkeinoministeriö", TEM, False),
    ]
    assert {(r["subject"], r["predicate"], r["object"], r["since"]) for r in relations} == {
        (KEINO, "steeredBy", TEM, "2018"),
        (KEINO, "fundedBy", TEM, "2018"),
    }
    assert relations[0]["subject_label"] == "KEINO-osaamiskeskus"
    assert relations[0]["object_label"] == "Työ- ja elinkeinoministeriö"


def test_unreadable_file_fails_but_the_others_are_printed(tmp_path: Path) -> None:
    good, bad = tmp_path / "hyva.txt", tmp_path / "huono.txt"
    good.write_text("Hansel Oy kilpailuttaa.", encoding="utf-8")
    bad.write_bytes(b"\xff\xfe Hansel")
    code, records = run(str(bad), str(good), "--labels", str(LABELS))
    assert code == 1
    assert {r["file"] for r in records} == {str(good)}


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("KEINO", encoding="utf-8")
    code, records = run(str(doc), "--format", "xml", "--labels", str(LABELS))
    assert code == 2 and records == []


def test_bad_label_file_names_its_line(tmp_path: Path) -> None:
    labels = tmp_path / "labels.jsonl"
    labels.write_text('{"iri": "x", "label": "X", "cls": "c", "kind": "organisation"}\nnot json\n')
    result = CliRunner().invoke(app, ["extract", str(labels), "--labels", str(labels)])
    assert result.exit_code == 2
    assert f"{labels}:2" in result.output
