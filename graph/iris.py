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

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from graph.namespaces import BASE, KEINO_NS

ID_BASE = BASE + "id/"
GRAPH_BASE = BASE + "graph/"
#: Below it: notices, and their lots, roles and awards (:func:`notice_iri`).
NOTICE_BASE = ID_BASE + "notice/"
#: Below it: citation nodes, one per cited triple (:func:`citation_iri`).
CITATION_BASE = ID_BASE + "citation/"
_ORG_FI = ID_BASE + "org/fi/"
#: where organisations keyed on a Finnish business ID, resp. a Finnish name, live
ORG_BY_BUSINESS_ID = _ORG_FI
ORG_BY_FINNISH_NAME = ID_BASE + "org/name/fi/"
TOL_BASE = ID_BASE + "tol2008/"  # a TOL 2008 concept: ingest.tol.tol_iri

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
            return _ORG_FI + normalised
    iso = country.lower()[:2]
    if scheme_id:
        return f"{ID_BASE}org/{iso}/{slug(scheme_id)}"
    if not name:
        raise ValueError("an organisation needs a business ID, a national ID or a name")
    return f"{ID_BASE}org/name/{iso}/{slug(name)}"


def business_id_of(iri: str) -> str | None:
    """The Finnish business ID an organisation IRI was minted from (:func:`org_iri`), else None.

    >>> business_id_of("https://w3id.org/keino/id/org/fi/0988084-1")
    '0988084-1'
    >>> business_id_of("https://w3id.org/keino/id/org/name/fi/hansel-oy") is None
    True
    """
    return iri.removeprefix(_ORG_FI) if iri.startswith(_ORG_FI) else None


def standing(iri: str, types: Iterable[str]) -> tuple[bool, bool]:
    """How strongly ``iri`` stands for its ``owl:sameAs`` clique, as a sort key (lower first).

    The curated body (one with a KEINO class) comes first, then the registry's
    business-ID organisation; search results and explorer pages both rank a
    clique's members by this key, so a clique shows one name everywhere.

    >>> standing(ID_BASE + "org/fi/0201256-6", [])
    (True, False)
    >>> standing(ID_BASE + "municipality/091", [KEINO_NS + "Municipality"])
    (False, True)
    """
    curated = any(t.startswith(KEINO_NS) for t in types)
    return (not curated, business_id_of(iri) is None)


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


def reused_iri(path: str) -> str:
    """IRI of an entity from its path below ``kid:`` (one another source minted, or
    one a client names by its path).

    >>> reused_iri("municipality/853")
    'https://w3id.org/keino/id/municipality/853'
    """
    return ID_BASE + path


def membership_iri(member: str, organization: str, role: str, since: str) -> str:
    """``kid:membership/{member}/{organization}/{role}/{since}`` (last IRI segments).

    >>> membership_iri(ID_BASE + "org/fi/1", ID_BASE + "org/fi/2", "member", "open")
    'https://w3id.org/keino/id/membership/1/2/member/open'
    """
    parts = [_last_segment(member), _last_segment(organization), role, since]
    return ID_BASE + "membership/" + "/".join(parts)


def citation_iri(subject: str, predicate: str, obj: str) -> str:
    """``kid:citation/{sha1(s p o)[:16]}``: one node per cited triple; ``obj`` is the
    object in N-Triples form (docs/conventions.md).

    >>> citation_iri("urn:s", "urn:p", '"x"')
    'https://w3id.org/keino/id/citation/12a5f56cb656d020'
    """
    digest = hashlib.sha1(f"{subject} {predicate} {obj}".encode()).hexdigest()
    return CITATION_BASE + digest[:16]


def run_iri(source: str, inputs_sha256: str, stamp: str) -> str:
    """IRI of one ingest run of ``source`` at ``stamp`` over inputs with that digest.

    >>> run_iri("Notices", "ab" * 32, "20240101T000000000000Z")
    'https://w3id.org/keino/id/run/notices/abababababababab-20240101T000000000000Z'
    """
    return f"{ID_BASE}run/{slug(source)}/{inputs_sha256[:16]}-{stamp}"


def source_file_iri(sha256: str) -> str:
    """IRI of a source file (``prov:Entity``) by its SHA-256.

    >>> source_file_iri("00ff")
    'https://w3id.org/keino/id/source/00ff'
    """
    return ID_BASE + "source/" + sha256


def software_iri(version: str) -> str:
    """IRI of this software at one version (``prov:SoftwareAgent``).

    >>> software_iri("1.0")
    'https://w3id.org/keino/id/software/keino-graph/1.0'
    """
    return ID_BASE + "software/keino-graph/" + version


def notice_iri(notice_id: str) -> str:
    """IRI of a notice from its id (eForms ``uuid-version``, TED ``no_doc_ojs``).

    >>> notice_iri("2019/S 166-405809")
    'https://w3id.org/keino/id/notice/2019-s-166-405809'
    """
    return NOTICE_BASE + slug(notice_id)


def lot_iri(notice: str, lot_id: str) -> str:
    """IRI of a lot below its notice; the lot id keeps its case (``LOT-0001``).

    >>> lot_iri("https://w3id.org/keino/id/notice/n1", "LOT-0001")
    'https://w3id.org/keino/id/notice/n1/lot/LOT-0001'
    """
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in lot_id.strip())
    return f"{notice}/lot/{safe or 'x'}"


def role_iri(notice: str, role: str, org: str) -> str:
    """IRI of a role (``buyer``, ``winner``) an organisation plays in one notice.

    >>> role_iri("https://w3id.org/keino/id/notice/n1", "buyer",
    ...          "https://w3id.org/keino/id/org/fi/0988084-1")
    'https://w3id.org/keino/id/notice/n1/buyer/fi-0988084-1'
    """
    return f"{notice}/{role}/{slug(org.removeprefix(ID_BASE + 'org/'))}"


def indicator_dataset_iri(series: str) -> str:
    """IRI of the ``qb:DataSet`` of one indicator series.

    >>> indicator_dataset_iri("innovative-share")
    'https://w3id.org/keino/id/indicator-dataset/innovative-share'
    """
    return ID_BASE + "indicator-dataset/" + series


def indicator_structure_iri(breakdown: str) -> str:
    """IRI of the ``qb:DataStructureDefinition`` shared by the series of one breakdown.

    >>> indicator_structure_iri("region")
    'https://w3id.org/keino/id/indicator-structure/region'
    """
    return ID_BASE + "indicator-structure/" + breakdown


def observation_iri(series: str, year: int, key: str = "") -> str:
    """IRI of one observation: series, year and breakdown value (an IRI below ``kid:``
    loses that prefix).

    >>> observation_iri("innovative-share-by-buyer", 2024, ID_BASE + "org/fi/0988084-1")
    'https://w3id.org/keino/id/indicator-dataset/innovative-share-by-buyer/2024/org-fi-0988084-1'
    """
    obs = f"{indicator_dataset_iri(series)}/{year}"
    return obs + (f"/{slug(key.removeprefix(ID_BASE))}" if key else "")


def _last_segment(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]
