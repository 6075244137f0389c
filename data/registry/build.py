"""Rebuild ``public-bodies.csv`` from Yle's geodata (attributes only, no geometry).

Run from the repository root with ``../shared`` beside it::

    python data/registry/build.py ../shared/data/yle-geodata/finland

Regions (maakunnat) get their NUTS-3 code by name from the eForms SDK list
``nuts_nuts-fin-lvl3.gc`` (Uusimaa is NUTS-3 ``FI1B1`` "Helsinki-Uusimaa", Åland
``FI200``). A municipality's region comes from its wellbeing services county
(2021 layer); Helsinki and the Åland municipalities have none, and
Honkajoki, merged into Kankaanpää in 2021, keeps its 2020 county area (Satakunta).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

NUTS3 = {
    "01": "FI1B1", "02": "FI1C1", "04": "FI196", "05": "FI1C2", "06": "FI19B", "07": "FI1C6",
    "08": "FI1C7", "09": "FI1C5", "10": "FI1DA", "11": "FI1DB", "12": "FI1DC", "13": "FI198",
    "14": "FI199", "15": "FI19A", "16": "FI1D5", "17": "FI1D9", "18": "FI1D8", "19": "FI1D7",
    "21": "FI200",
}  # fmt: skip
# Wellbeing services county codes of the Uusimaa region (four counties and Helsinki).
UUSIMAA_COUNTIES = {"IU", "KU", "LU", "VK"}
# Honkajoki merged into Kankaanpää (Satakunta) in 2021, so the 2021 layer lacks it;
# its 2020 hospital district "S" (Satakunta) places it.
MERGED_BEFORE_2021 = {"099": "SA"}
HELSINKI = "091"
FIELDS = ["kind", "code", "fi", "sv", "en", "region", "county", "nuts", "population"]


def _geometries(path: Path, layer: str) -> list[dict]:
    return [g["properties"] for g in json.loads(path.read_text())["objects"][layer]["geometries"]]


def build(src: Path) -> list[dict]:
    """Rows for regions, wellbeing services counties and municipalities."""
    regions = _geometries(src / "finland-regions-2020.topo.json", "landskap-2020")
    by_name = {r["nimi"]: r["maakunta"] for r in regions}
    rows = [
        {"kind": "region", "code": r["maakunta"], "fi": r["nimi"], "sv": r["namn"],
         "en": r["name"], "nuts": NUTS3[r["maakunta"]]}
        for r in regions
    ]  # fmt: skip
    county_region = {}
    for c in _geometries(src / "finland-hva-2021.topo.json", "hva"):
        if not c["hva_id"]:
            continue
        region = "01" if c["hva_id"] in UUSIMAA_COUNTIES else by_name[c["short_name_fi"]]
        county_region[c["hva_id"]] = region
        rows.append({"kind": "wellbeing-county", "code": c["hva_id"], "fi": c["name_fi"],
                     "sv": c["name_sv"], "region": region, "nuts": NUTS3[region],
                     "population": c["population"]})  # fmt: skip
    county_of = {
        m["id"]: m["hva_id"] for m in _geometries(src / "finland-hva-2021.topo.json", "munis")
    }
    for m in _geometries(src / "finland-munis-2020.topo.json", "munis"):
        county = county_of.get(m["id"]) or MERGED_BEFORE_2021.get(m["id"], "")
        if m["id"] == HELSINKI:
            region = "01"
        elif county:
            region = county_region[county]
        else:
            region = "21"  # the Åland municipalities belong to no wellbeing services county
        rows.append({"kind": "municipality", "code": m["id"], "fi": m["nimi"], "sv": m["namn"],
                     "region": region, "county": county, "nuts": NUTS3[region],
                     "population": m["population"]})  # fmt: skip
    return rows


def main(src: str) -> None:
    out = Path(__file__).with_name("public-bodies.csv")
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, FIELDS)
        writer.writeheader()
        writer.writerows(build(Path(src)))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/yle-geodata/finland")
