"""Fields the ePO 4.2 shapes require that a source notice does not give.

The mapping never fills such a field with a guessed value: each gap becomes a
warning of the ingest report naming the notice's field (business term) and the
ePO property the official shapes (``ePO_core_shapes.ttl``, ``eNotice_shapes.ttl``)
expect, so a researcher sees why that notice does not conform.
"""

from __future__ import annotations

import csv
import functools

from graph.resources import resource_dir
from ingest.notices.model import ParsedNotice

PREFIX = "ePO 4.2 gap:"


@functools.cache
def nuts_2021() -> frozenset[str]:
    """The NUTS 2021 codes of the bundled ``data/codelists/nuts.tsv`` (the version the
    ePO 4.2 shapes ask ``epo:hasNutsCode`` values to belong to)."""
    path = resource_dir("data") / "codelists" / "nuts.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return frozenset(r["code"] for r in rows if "2021" in (r.get("versions") or "").split())


def epo_gaps(notice: ParsedNotice) -> list[str]:
    """One warning per required field the parsed ``notice`` lacks (empty when complete).

    >>> from ingest.notices.model import ParsedNotice
    >>> epo_gaps(ParsedNotice("n.xml", "eforms", "n1", "competition", notice_type="cn-standard",
    ...                       procedure_type="open"))  # doctest: +NORMALIZE_WHITESPACE
    ['ePO 4.2 gap: BT-137 no lot is given (epo:refersToLot, epo:announcesLot,
      epo:hasProcurementScopeDividedIntoLot)',
     'ePO 4.2 gap: BT-500 no buyer organisation is given (epo:announcesRole, epo:refersToRole)']
    """
    gaps = []
    if not notice.notice_type:
        form = f" (form {notice.subtype} does not fix it)" if notice.fmt == "ted" else ""
        gaps.append(f"BT-02 notice type is not given{form} (epo:hasNoticeType)")
    if not notice.procedure_type:
        gaps.append("BT-105 procedure type is not given (epo:hasProcedureType)")
    if not notice.lots:
        gaps.append(
            "BT-137 no lot is given (epo:refersToLot, epo:announcesLot, "
            "epo:hasProcurementScopeDividedIntoLot)"
        )
    if not any(buyer.org in notice.orgs for buyer in notice.buyers):
        gaps.append("BT-500 no buyer organisation is given (epo:announcesRole, epo:refersToRole)")
    return [f"{PREFIX} {gap}" for gap in gaps + _nuts_gaps(notice)]


def _nuts_gaps(notice: ParsedNotice) -> list[str]:
    """NUTS codes that are not NUTS 2021 codes: the notice's code is kept as given."""
    known = nuts_2021()
    in_role = {b.org for b in notice.buyers} | {w for lot in notice.lots for w in lot.winners}
    gaps = [
        f"BT-5071 lot {lot.lot_id} place of performance {code} is not a NUTS 2021 code "
        "(epo:hasNutsCode)"
        for lot in notice.lots
        for code in dict.fromkeys(lot.nuts)
        if code not in known
    ]
    gaps += [
        f"BT-507 organisation {org.local_id} NUTS code {org.nuts} is not a NUTS 2021 code "
        "(epo:hasNutsCode)"
        for local, org in notice.orgs.items()
        if local in in_role and org.nuts and org.nuts not in known
    ]
    return gaps
