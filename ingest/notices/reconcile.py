"""Organisations reconciled across notices: one node per organisation.

Rules, strongest first (the method and confidence go on the link, see
:func:`graph.procurement.reconciliation_triples`):

1. ``business-id`` (1.0): a valid Finnish business ID (Y-tunnus, check digit
   verified), whatever form the notice writes it in (``FI09880841``, ``0988084-1``).
2. ``name-country-id`` (0.9): no usable ID, but the same normalised name and
   country carry a business ID in another notice of the batch.
3. ``name-country`` (0.8): normalised name + country only.

>>> from ingest.notices.model import ParsedOrg
>>> r = Reconciler()
>>> r.learn([ParsedOrg("ORG-1", "Hansel Oy", "FI09880841", "FIN")])
>>> r.resolve(ParsedOrg("ORG-7", "HANSEL OY ", None, "FIN")).iri
'https://w3id.org/keino/id/org/fi/0988084-1'
>>> r.resolve(ParsedOrg("ORG-2", "Rouen Habitat", "123 456 789", "FRA")).method
'name-country'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph.iris import normalise_business_id, org_iri, slug
from ingest.notices.model import COUNTRY_3_TO_2, ParsedOrg


@dataclass(frozen=True)
class Resolved:
    """The graph node an organisation of a notice became, and why."""

    iri: str
    business_id: str | None
    method: str
    confidence: float


def finnish_id(org: ParsedOrg) -> str | None:
    """The organisation's Finnish business ID, if its national ID is one.

    Only for Finnish (or country-less) organisations: a foreign register number
    can pass the Y-tunnus check digit by chance.
    """
    if not org.company_id or org.country not in (None, "FIN"):
        return None
    return normalise_business_id(org.company_id)


NameKey = tuple[str, str]  # (name slug, ISO alpha-2 country)


def name_key(org: ParsedOrg) -> NameKey:
    """What rule 2 and 3 compare: the normalised name and the country.

    >>> name_key(ParsedOrg("ORG-1", "Hansel Oy", None, "FIN"))
    ('hansel-oy', 'fi')
    """
    return slug(org.name), _iso2(org.country)


_key = name_key


def _iso2(country: str | None) -> str:
    return COUNTRY_3_TO_2.get(country or "", (country or "xx")[:2]).lower()


class Reconciler:
    """Learns name → business ID from a batch, then resolves each organisation."""

    def __init__(self) -> None:
        self._by_name: dict[NameKey, str] = {}

    def learn(self, orgs: Iterable[ParsedOrg]) -> None:
        """Remember the business ID of every named organisation that has one."""
        for org in orgs:
            business_id = finnish_id(org)
            if business_id:
                self._by_name.setdefault(_key(org), business_id)

    def learn_keys(self, pairs: Iterable[tuple[NameKey, str]]) -> None:
        """Remember (name key, business ID) pairs worked out elsewhere (worker processes)."""
        for key, business_id in pairs:
            self._by_name.setdefault(key, business_id)

    def knows_any(self, keys: Iterable[NameKey]) -> bool:
        """Whether any of these name keys has a business ID in the batch (rule 2 applies)."""
        return any(key in self._by_name for key in keys)

    def resolve(self, org: ParsedOrg) -> Resolved:
        """The IRI of ``org`` with the method and confidence of the match."""
        business_id = finnish_id(org)
        if business_id:
            return Resolved(org_iri(business_id=business_id), business_id, "business-id", 1.0)
        known = self._by_name.get(_key(org))
        if known:
            return Resolved(org_iri(business_id=known), known, "name-country-id", 0.9)
        iri = org_iri(name=org.name, country=_iso2(org.country))
        return Resolved(iri, None, "name-country", 0.8)
