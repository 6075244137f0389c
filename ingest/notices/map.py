"""A parsed, reconciled notice → triples, in the shape :mod:`graph.procurement` reads.

Pure: no store, no I/O. The shape builders of :mod:`graph.procurement` are used
for every node, so ``lot_records`` reads mapped notices and synthetic records alike.
"""

from __future__ import annotations

from collections.abc import Callable

from graph.iris import source_file_iri
from graph.namespaces import KEINO
from graph.procurement import (
    LotRecord,
    OrgRef,
    award_triples,
    buyer_triples,
    lot_iri,
    lot_triples,
    notice_iri,
    notice_triples,
    org_triples,
    reconciliation_triples,
)
from graph.rdf import Triple, lit, triple
from ingest.notices.model import ParsedLot, ParsedNotice, ParsedOrg, lang2
from ingest.notices.reconcile import Resolved

Resolve = Callable[[ParsedOrg], Resolved]
#: parser format (``ParsedNotice.fmt``) → the notice's ``keino:noticeFormat``
NOTICE_FORMATS = {"eforms": "eforms", "ted": "ted-xml"}


def notice_to_triples(notice: ParsedNotice, resolve: Resolve, sha256: str | None) -> list[Triple]:
    """Every triple of one notice: notice, procedure, organisations, buyers, lots, awards."""
    iri = notice_iri(notice.notice_id)
    out = notice_triples(
        iri,
        kind=notice.kind,
        published=notice.published,
        notice_type=notice.notice_type,
        language=notice.language,
        identifier=notice.notice_id,
        procedure_id=notice.procedure_id,
        procedure_titles=notice.title,
        procedure_type=notice.procedure_type,
        source=source_file_iri(sha256) if sha256 else None,
        notice_format=NOTICE_FORMATS[notice.fmt],
    )
    lang = lang2(notice.language) or None
    refs: dict[str, OrgRef] = {}
    # Only organisations in a role are mapped: review bodies, eSenders and
    # contact points would add names without a relation anyone asks for.
    in_role = {b.org for b in notice.buyers} | {w for lot in notice.lots for w in lot.winners}
    for local, org in notice.orgs.items():
        if local not in in_role:
            continue
        resolved = resolve(org)
        refs[local] = OrgRef(resolved.iri, org.name, resolved.business_id, org.nuts)
        out += org_triples(
            refs[local],
            country=org.country,
            lang=lang,
            city=org.city,
            postcode=org.postcode,
            street=org.street,
            size=org.size,
            national_id=org.company_id,
        )
        out += reconciliation_triples(
            iri,
            resolved.iri,
            method=resolved.method,
            confidence=resolved.confidence,
            source_name=org.name,
        )
    buyers = []
    for buyer in notice.buyers:
        if buyer.org in refs:
            ref = refs[buyer.org]
            buyers.append(ref)
            kind_ref = OrgRef(ref.iri, ref.label, ref.business_id, ref.nuts, buyer.legal_type)
            out += buyer_triples(iri, kind_ref, main_activity=buyer.activity)
    for lot in notice.lots:
        record = lot_record(notice, lot, iri, tuple(buyers), refs)
        out += lot_triples(record, lot_id=lot.lot_id) + award_triples(record)
    out += [triple(iri, KEINO.hilmaStatistic, lit(value)) for value in notice.national]
    return out


def lot_record(
    notice: ParsedNotice,
    lot: ParsedLot,
    iri: str,
    buyers: tuple[OrgRef, ...],
    refs: dict[str, OrgRef],
) -> LotRecord:
    """The :class:`LotRecord` of one parsed lot (organisations already resolved)."""
    winners = tuple(dict.fromkeys(refs[w] for w in lot.winners if w in refs))
    return LotRecord(
        lot=lot_iri(iri, lot.lot_id),
        notice=iri,
        published=notice.published,
        titles=lot.titles,
        descriptions=lot.descriptions,
        cpv=tuple(lot.cpv),
        nuts=tuple(lot.nuts),
        buyers=buyers,
        winners=winners,
        estimated_value=lot.estimated_value,
        awarded_value=lot.awarded_value,
        currency=lot.currency or lot.awarded_currency,
        tenders_received=lot.tenders_received,
        notice_kind=notice.kind,
        flags=lot.flags,
        contract_nature=lot.contract_nature,
    )
