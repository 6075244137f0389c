"""Rebuild the bundled code lists in this folder from the eForms SDK.

Reads ``translations/code_{fi,sv,en}.xml``, ``translations/codelist_{fi,sv,en}.xml``
and the genericode files of the eForms SDK, plus Hilma's ``NUTS2021.csv`` for the
NUTS 2021 version of every code (the ePO 4.2 shapes ask addresses for NUTS 2021
codes), and writes compact TSV files:

- ``cpv.tsv``     code, parent, level, fi, sv, en   (all CPV 2008 codes)
- ``nuts.tsv``    code, parent, level, versions, replaced_by, fi, sv, en
- ``eforms.tsv``  list, code, fi, sv, en            (the eForms lists in LISTS)
- ``lists.tsv``   list, scheme, fi, sv, en          (scheme IRI and description)

Run from the repository root: ``.venv/bin/python data/codelists/build.py``
(``--shared DIR`` or ``$KEINO_SHARED`` points at the shared data folder).
The output is sorted and deterministic, so a rebuild from the same SDK gives
byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

HERE = Path(__file__).resolve().parent
LANGS = ("fi", "sv", "en")
# eForms code lists the notices use and researchers need labelled.
LISTS = (
    "buyer-legal-type",
    "main-activity",
    "notice-type",
    "form-type",
    "contract-nature",
    "procurement-procedure-type",
    "strategic-procurement",
    "innovative-acquisition",
    "environmental-impact",
    "social-objective",
    # authority tables the ePO 4.2 shapes name (sh:node … skos:inScheme)
    "country",
    "currency",
    "language",
    "economic-operator-size",
)
_KEY = re.compile(r"^code\|name\|(?P<list>[^.]+)\.(?P<code>.+)$")


def default_shared() -> Path:
    """``$KEINO_SHARED`` or the ``shared`` folder beside the repository."""
    env = os.environ.get("KEINO_SHARED")
    return Path(env) if env else HERE.parents[2] / "shared"


def read_properties(path: Path) -> dict[str, str]:
    """A Java-properties XML file as key → text."""
    root = ET.parse(path).getroot()
    return {e.attrib["key"]: (e.text or "").strip() for e in root.iter("entry")}


def code_labels(sdk: Path) -> dict[str, dict[str, dict[str, str]]]:
    """list → code → language → label, from ``translations/code_*.xml``."""
    labels: dict[str, dict[str, dict[str, str]]] = {}
    for lang in LANGS:
        for key, text in read_properties(sdk / "translations" / f"code_{lang}.xml").items():
            match = _KEY.match(key)
            if match:
                entry = labels.setdefault(match["list"], {}).setdefault(match["code"], {})
                entry[lang] = text
    return labels


def cpv_parent(code: str, known: set[str]) -> str:
    """The nearest existing ancestor of a CPV code ('' for a division).

    The hierarchy lies in the digits: 45210000 (group 452, class 4521) sits
    below 45200000 below 45000000. A level may be missing from the list, so
    we climb until an existing code is found.
    """
    significant = code.rstrip("0")
    for length in range(max(len(significant) - 1, 2), 1, -1):
        candidate = significant[:length].ljust(8, "0")
        if candidate != code and candidate in known:
            return candidate
    return ""


def cpv_level(code: str) -> int:
    """1 division, 2 group, 3 class, 4 category, 5+ finer subdivisions."""
    return max(len(code.rstrip("0")), 2) - 1


def nuts_parent(code: str) -> str:
    """``FI1B1`` → ``FI1B``; a country code has no parent."""
    return code[:-1] if len(code) > 2 else ""


def write_tsv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Tab-separated, UTF-8, LF line ends, header first."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(rows)


def build_cpv(labels: dict[str, dict[str, dict[str, str]]]) -> list[list[str]]:
    cpv = labels["cpv"]
    known = set(cpv)
    return [
        [
            code,
            cpv_parent(code, known),
            str(cpv_level(code)),
            *(cpv[code].get(lg, "") for lg in LANGS),
        ]
        for code in sorted(cpv)
    ]


def read_nuts2021(path: Path) -> dict[str, str]:
    """NUTS 2021 codes → name in Latin script (Finnish for Finland), from ``NUTS2021.csv``."""
    with path.open(encoding="utf-8-sig") as handle:
        rows = csv.DictReader(handle, delimiter=";")
        return {r["NUTS_ID"]: r["NAME_LATN"] for r in rows if _NUTS.match(r["NUTS_ID"])}


_NUTS = re.compile(r"^[A-Z]{2}[0-9A-Z]{0,3}$")


def build_nuts(
    labels: dict[str, dict[str, dict[str, str]]], nuts2021: dict[str, str]
) -> list[list[str]]:
    """NUTS 2024 from the SDK plus the NUTS 2021 codes it no longer has.

    A Finnish 2021 region renumbered in 2024 (FI193 Keski-Suomi → FI198) borrows
    the Swedish and English names of its 2024 twin, found by its Finnish name.
    Another country's 2021-only code (the United Kingdom's ``UK…``) carries its
    name in Latin script in every language column, as the SDK does for NUTS names.
    """
    current = labels["nuts"]
    # NUTS2021.csv also lists other countries by their ISO code; keep the NUTS
    # countries: those of NUTS 2024 and the United Kingdom (in NUTS until 2024).
    countries = {c[:2] for c in current} | {"UK"}
    nuts2021 = {c: name for c, name in nuts2021.items() if c[:2] in countries}
    by_fi_name = {
        v.get("fi", ""): c for c, v in current.items() if c.startswith("FI") and len(c) == 5
    }
    rows = []
    for code in sorted(set(current) | set(nuts2021)):
        versions = " ".join(
            v for v, held in (("2021", code in nuts2021), ("2024", code in current)) if held
        )
        finnish = code.startswith("FI")
        twin = "" if code in current or not finnish else by_fi_name.get(nuts2021[code], "")
        if code in current:
            names = current[code]
        elif finnish:
            names = {"fi": nuts2021[code], **_other_langs(current.get(twin, {}))}
        else:
            names = dict.fromkeys(LANGS, nuts2021[code])
        rows.append(
            [
                code,
                nuts_parent(code),
                str(len(code) - 2),
                versions,
                twin,
                *(names.get(lg, "") for lg in LANGS),
            ]
        )
    return rows


def _other_langs(names: dict[str, str]) -> dict[str, str]:
    return {lg: t for lg, t in names.items() if lg != "fi"}


def scheme_iri(sdk: Path, name: str) -> str:
    """The authority-table IRI of an eForms list (``listId`` in its genericode)."""
    for path in sorted((sdk / "codelists").glob("*.gc")):
        stem = path.stem
        if stem == name or stem.endswith("_" + name) or stem.startswith(name + "_"):
            for long_name in ET.parse(path).getroot().iter("LongName"):
                if long_name.attrib.get("Identifier") == "listId":
                    return (long_name.text or "").strip()
    return ""


def build_lists(sdk: Path) -> list[list[str]]:
    texts = {lg: read_properties(sdk / "translations" / f"codelist_{lg}.xml") for lg in LANGS}
    rows = []
    for name in ("cpv", "nuts", *LISTS):
        official = {"cpv": "http://data.europa.eu/cpv/cpv", "nuts": "http://data.europa.eu/nuts"}
        iri = official.get(name) or scheme_iri(sdk, name)
        rows.append([name, iri, *(texts[lg].get(f"codelist|name|{name}", "") for lg in LANGS)])
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=default_shared())
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    sdk = args.shared / "data" / "eforms-sdk"
    if not sdk.is_dir():
        print(f"error: no eForms SDK at {sdk}", file=sys.stderr)
        return 1
    labels = code_labels(sdk)
    nuts2021 = read_nuts2021(args.shared / "data" / "hilma-api" / "NUTS2021.csv")
    out: Path = args.out
    write_tsv(out / "cpv.tsv", ["code", "parent", "level", *LANGS], build_cpv(labels))
    write_tsv(
        out / "nuts.tsv",
        ["code", "parent", "level", "versions", "replaced_by", *LANGS],
        build_nuts(labels, nuts2021),
    )
    eforms = [
        [name, code, *(labels[name][code].get(lg, "") for lg in LANGS)]
        for name in LISTS
        for code in sorted(labels.get(name, {}))
    ]
    write_tsv(out / "eforms.tsv", ["list", "code", *LANGS], eforms)
    write_tsv(out / "lists.tsv", ["list", "scheme", *LANGS], build_lists(sdk))
    print(f"wrote {out}: {len(labels['cpv'])} CPV, {len(eforms)} eForms codes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
