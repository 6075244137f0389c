"""CPV, NUTS and eForms code lists without a store: labels, validity, hierarchy.

Reads the compact files bundled in ``data/codelists/`` (built from the eForms
SDK by ``data/codelists/build.py``) once per process, so API validation and
matchmaking can check and label codes without querying the graph.

>>> cpv_label("45000000")
'Rakennustyöt'
>>> cpv_label("45000000-7", lang="en")
'Construction work'
>>> is_cpv("45000000-7"), is_cpv("45000001"), is_cpv("construction")
(True, False, False)
>>> cpv_ancestors("45214200")
['45214000', '45210000', '45200000', '45000000']
>>> cpv_division("45214200-2")
'45'
>>> nuts_label("FI1B1", lang="sv")
'Helsinki-Uusimaa'
>>> nuts_ancestors("FI193"), nuts_level("FI193")
(['FI19', 'FI1', 'FI'], 3)
>>> eforms_label("buyer-legal-type", "la", lang="en")
'Local authority'
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.resources import resource_dir

LANGS = ("fi", "sv", "en")
CPV_SCHEME = "http://data.europa.eu/cpv/cpv"
NUTS_SCHEME = "http://data.europa.eu/nuts"
_CPV_FORM = re.compile(r"^(\d{8})(?:-\d)?$")


@dataclass(frozen=True)
class Code:
    """One code of a bundled list: its parent, level and labels by language."""

    code: str
    parent: str | None
    level: int
    labels: dict[str, str]
    versions: tuple[str, ...] = ()
    replaced_by: str | None = None


def codelist_dir() -> Path:
    """The folder of the bundled code-list files."""
    return resource_dir("data") / "codelists"


def _read(name: str) -> list[dict[str, str]]:
    with (codelist_dir() / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _code(row: dict[str, str]) -> Code:
    return Code(
        code=row["code"],
        parent=row.get("parent") or None,
        level=int(row.get("level") or 0),
        labels={lg: row[lg] for lg in LANGS if row.get(lg)},
        versions=tuple((row.get("versions") or "").split()),
        replaced_by=row.get("replaced_by") or None,
    )


@lru_cache(maxsize=1)
def cpv_codes() -> dict[str, Code]:
    """Every CPV 2008 code (8 digits, no check digit) → :class:`Code`."""
    return {row["code"]: _code(row) for row in _read("cpv.tsv")}


@lru_cache(maxsize=1)
def nuts_codes() -> dict[str, Code]:
    """Every NUTS code (2024 from the SDK, plus Finnish 2021 codes) → :class:`Code`."""
    return {row["code"]: _code(row) for row in _read("nuts.tsv")}


@lru_cache(maxsize=1)
def eforms_codes() -> dict[str, dict[str, Code]]:
    """eForms list name → code → :class:`Code` (no hierarchy)."""
    lists: dict[str, dict[str, Code]] = {}
    for row in _read("eforms.tsv"):
        lists.setdefault(row["list"], {})[row["code"]] = _code(row)
    return lists


@lru_cache(maxsize=1)
def schemes() -> dict[str, dict[str, str]]:
    """List name → ``{"scheme": IRI, "fi": …, "sv": …, "en": …}`` (descriptions)."""
    return {row["list"]: row for row in _read("lists.tsv")}


def cpv_code(code: str) -> str | None:
    """The 8-digit form of ``45000000`` or ``45000000-7``, or None if malformed.

    The check digit is accepted but not recomputed: the list itself is the
    authority on which codes exist.

    >>> cpv_code(" 45000000-7 "), cpv_code("4500")
    ('45000000', None)
    """
    match = _CPV_FORM.match(code.strip())
    return match.group(1) if match else None


def is_cpv(code: str) -> bool:
    """Whether ``code`` is a CPV 2008 code (with or without its check digit)."""
    digits = cpv_code(code)
    return digits is not None and digits in cpv_codes()


def cpv_label(code: str, lang: str = "fi") -> str | None:
    """The CPV label in ``fi``, ``sv`` or ``en``; None for an unknown code."""
    digits = cpv_code(code)
    entry = cpv_codes().get(digits) if digits else None
    return entry.labels.get(lang) if entry else None


def cpv_ancestors(code: str) -> list[str]:
    """Broader CPV codes, nearest first (…, group, division); [] if unknown."""
    digits = cpv_code(code)
    return _ancestors(cpv_codes(), digits) if digits else []


def cpv_division(code: str) -> str:
    """The two-digit division of a CPV code (``45214200`` → ``45``).

    Raises ValueError for something that is not an 8-digit code, because a
    wrong division would silently misfile a lot in the indicators.
    """
    digits = cpv_code(code)
    if digits is None:
        raise ValueError(f"not a CPV code: {code!r}")
    return digits[:2]


def nuts_label(code: str, lang: str = "fi") -> str | None:
    """The NUTS region name in ``fi``, ``sv`` or ``en``; None for an unknown code."""
    entry = nuts_codes().get(code.strip().upper())
    return entry.labels.get(lang) if entry else None


def is_nuts(code: str) -> bool:
    """Whether ``code`` is a known NUTS code (2024, or a Finnish 2021 one)."""
    return code.strip().upper() in nuts_codes()


def nuts_ancestors(code: str) -> list[str]:
    """Broader NUTS codes, nearest first (``FI1B1`` → FI1B, FI1, FI)."""
    return _ancestors(nuts_codes(), code.strip().upper())


def nuts_level(code: str) -> int:
    """0 for a country, 1–3 for NUTS 1–3 (from the code length).

    >>> nuts_level("FI"), nuts_level("FI1B")
    (0, 2)
    """
    code = code.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}[0-9A-Z]{0,3}", code):
        raise ValueError(f"not a NUTS code: {code!r}")
    return len(code) - 2


def eforms_label(list_name: str, code: str, lang: str = "fi") -> str | None:
    """Label of a code of an eForms list (``buyer-legal-type``, ``main-activity`` …)."""
    entry = eforms_codes().get(list_name, {}).get(code)
    return entry.labels.get(lang) if entry else None


def _ancestors(codes: dict[str, Code], code: str) -> list[str]:
    chain: list[str] = []
    entry = codes.get(code)
    while entry is not None and entry.parent:
        chain.append(entry.parent)
        entry = codes.get(entry.parent)
    return chain
