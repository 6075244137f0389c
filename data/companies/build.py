"""Rebuild the bundled company and funding subsets from the full files in ``../shared/data``.

Run from the repository root with ``../shared`` beside it::

    python data/companies/build.py ../shared/data

Writes, each row as the source gives it:

- ``data/companies/ytj-v3-companies-31.json``: the 31 raw v3 answers, unchanged;
- ``data/companies/tampere-funded-companies.csv``: the Tampere companies of the PRH
  extract that Business Finland funded (business ID in the funding file), with the
  registered municipality's number (Tampere, the extract's query) in ``municipalityCode``;
- ``data/funding/funding-awarded-subset.csv``: every funding row of those companies,
  of the 31 v3 companies, of organisations that bundled notices name by business ID,
  and of the curated bodies of ``data/ecosystem`` that the funding file names
  (:data:`CURATED_NAMES`), so the demo shows how they are linked;
- ``data/companies/municipality-business-ids.csv``: municipality number, name,
  business ID and where the ID comes from, for all 309 municipalities
  (:func:`municipality_ids`).
"""

from __future__ import annotations

import csv
import shutil
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script from the repository root

from ingest.links import municipality_key  # noqa: E402

#: Bundled notices' buyers and winners with a business ID that the funding file knows
#: (Väylävirasto, Lahti Energia, Sastamala, Helsinki, Forum Virium Helsinki, Salo).
NOTICE_IDS = {"1010547-1", "0804847-1", "0144411-3", "0201256-6", "2170029-2", "0139533-1"}
#: Exact names in the funding file of curated bodies (data/ecosystem/ecosystem.yaml).
CURATED_NAMES = {
    "Teknologian tutkimuskeskus VTT Oy", "Teknologian tutkimuskeskus VTT",
    "Suomen ympäristökeskus", "Suomen Kuntaliitto ry", "Business Finland Oy",
}  # fmt: skip


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{path.relative_to(ROOT)}: {len(rows)} rows")


def main(shared: Path) -> None:
    funding_header, funding = read_csv(shared / "business-finland" / "funding-awarded.csv")
    funded = {r["Y-tunnus"] for r in funding}
    tampere_header, tampere = read_csv(shared / "prh-ytj" / "tampere-companies.csv")
    _, municipalities = read_csv(shared / "municipalities" / "municipality-codes.csv")
    tampere_number = next(m["number"] for m in municipalities if m["name"] == "Tampere")
    # The extract is the registry's answer to location=Tampere: every row's registered
    # municipality is Tampere, stated as the column the v3 answers use for it.
    companies = [
        {**r, "municipalityCode": tampere_number} for r in tampere if r["businessId"] in funded
    ]
    write_csv(
        ROOT / "data/companies/tampere-funded-companies.csv",
        [*tampere_header, "municipalityCode"],
        companies,
    )
    v3 = shared / "prh-ytj" / "ytj-v3-companies-31.json"
    shutil.copyfile(v3, ROOT / "data/companies" / v3.name)
    import json

    wanted = {r["businessId"] for r in companies} | set(json.loads(v3.read_text())) | NOTICE_IDS
    wanted |= {r["Y-tunnus"] for r in funding if r["Organisaatio"] in CURATED_NAMES}
    rows = [r for r in funding if r["Y-tunnus"] in wanted]
    write_csv(ROOT / "data/funding/funding-awarded-subset.csv", funding_header, rows)
    write_csv(
        ROOT / "data/companies/municipality-business-ids.csv",
        ["number", "name", "business_id", "source"],
        municipality_ids(municipalities, funding),
    )


def municipality_ids(
    municipalities: list[dict[str, str]], funding: list[dict[str, str]]
) -> list[dict[str, str]]:
    """Number, name, business ID and its source for every municipality, by number.

    The municipality list (``municipality-codes.csv``) gives some business IDs to the
    wrong municipality: Helsinki gets Heinävesi's 0164308-3 and Turku the 9038213-6
    that three other municipalities also get. Business Finland's funding file names
    municipalities as "<genitive> kaupunki|kunta" with the business ID PRH gives them,
    so its ID wins wherever it names the municipality (``source`` says which row);
    an ID the list still gives to several municipalities identifies none of them and
    is left out (``source`` says why).
    """
    stated: dict[str, tuple[str, str]] = {}
    for row in funding:
        key = municipality_key(row["Organisaatio"].strip().capitalize())
        if key:
            stated.setdefault(key, (row["Y-tunnus"], row["Organisaatio"].strip()))
    rows = []
    for m in municipalities:
        bid, source = m["bid"], "municipality-codes.csv"
        if m["name"].casefold() in stated:
            funded, name = stated[m["name"].casefold()]
            if funded != bid:
                bid, source = funded, f"funding-awarded.csv: {name}"
        row = {"number": m["number"], "name": m["name"], "business_id": bid, "source": source}
        rows.append(row)
    holders: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        holders[row["business_id"]].append(row["name"])
    for row in rows:
        if len(holders[row["business_id"]]) > 1:
            names = ", ".join(holders[row["business_id"]])
            given = f"municipality-codes.csv gives {row['business_id']} to {names}"
            row["source"] = f"left out: {given}"
            row["business_id"] = ""
    return sorted(rows, key=lambda r: r["number"])


if __name__ == "__main__":
    main(Path(sys.argv[1]))
