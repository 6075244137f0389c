"""Deterministic IRIs for entities minted by KEINO graph (see docs/conventions.md).

>>> slug("Työ- ja elinkeinoministeriö")
'tyo-ja-elinkeinoministerio'
>>> normalise_business_id("0988084-1")
'0988084-1'
>>> normalise_business_id("FI09880841")
'0988084-1'
>>> normalise_business_id("988084-1")
'0988084-1'
>>> normalise_business_id("123 456 789") is None
True
>>> org_iri(business_id="0988084-1")
'https://w3id.org/keino/id/org/fi/0988084-1'
>>> org_iri(name="Hansel Oy", country="FI")
'https://w3id.org/keino/id/org/name/fi/hansel-oy'
"""

from __future__ import annotations

import re
import unicodedata

from graph.namespaces import BASE

ID_BASE = BASE + "id/"
GRAPH_BASE = BASE + "graph/"

_FOLD = str.maketrans({"ä": "a", "ö": "o", "å": "a", "Ä": "a", "Ö": "o", "Å": "a", "ß": "ss"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_BUSINESS_ID = re.compile(r"^(?:FI)?\s*(\d{6,7})-?(\d)$", re.IGNORECASE)


def slug(text: str) -> str:
    """Lower-case ASCII slug; Finnish letters folded, other runs become ``-``."""
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    return _NON_SLUG.sub("-", ascii_text).strip("-") or "x"


def normalise_business_id(value: str) -> str | None:
    """A Finnish business ID (Y-tunnus) as ``1234567-8``, or None if it is not one.

    Accepts ``FI12345678`` (VAT form), ``1234567-8`` and old six-digit forms with
    a missing leading zero. The check digit is verified (modulo 11 with weights
    7, 9, 10, 5, 8, 4, 2), because a wrong ID would merge two organisations.
    """
    match = _BUSINESS_ID.match(value.strip().replace(" ", ""))
    if not match:
        return None
    body, check = match.group(1).zfill(7), int(match.group(2))
    remainder = sum(int(d) * w for d, w in zip(body, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    if remainder == 1:
        return None
    expected = 0 if remainder == 0 else 11 - remainder
    return f"{body}-{check}" if expected == check else None


def org_iri(
    *,
    business_id: str | None = None,
    name: str | None = None,
    country: str = "FI",
    scheme_id: str | None = None,
) -> str:
    """IRI of an organisation: by Finnish business ID, else national ID, else name."""
    if business_id:
        normalised = normalise_business_id(business_id)
        if normalised:
            return f"{ID_BASE}org/fi/{normalised}"
    iso = country.lower()[:2]
    if scheme_id:
        return f"{ID_BASE}org/{iso}/{slug(scheme_id)}"
    if not name:
        raise ValueError("an organisation needs a business ID, a national ID or a name")
    return f"{ID_BASE}org/name/{iso}/{slug(name)}"


def entity_iri(kind: str, *parts: str) -> str:
    """IRI of a curated or derived entity: ``entity_iri("programme", "KEINO-akatemia")``.

    >>> entity_iri("programme", "KEINO-akatemia")
    'https://w3id.org/keino/id/programme/keino-akatemia'
    """
    return ID_BASE + "/".join([kind, *(slug(p) for p in parts)])


def graph_iri(source: str, batch: str | None = None) -> str:
    """IRI of the named graph that holds one source (and batch).

    >>> graph_iri("notices", "Hilma 2023")
    'https://w3id.org/keino/graph/notices/hilma-2023'
    """
    return GRAPH_BASE + source + (f"/{slug(batch)}" if batch else "")
