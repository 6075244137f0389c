"""Parsed notices: what the eForms and TED XML parsers hand to the mapper.

A :class:`ParsedNotice` is format-neutral; organisations still carry their
notice-local ids (``ORG-0001`` or a TED position) until
:mod:`ingest.notices.reconcile` gives them graph IRIs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# eForms names languages and countries with three letters, the graph with two
# (language tags) or three (EU authority tables); these cover the EU/EEA.
LANG_3_TO_2 = {
    "BUL": "bg", "CES": "cs", "DAN": "da", "DEU": "de", "ELL": "el", "ENG": "en",
    "EST": "et", "FIN": "fi", "FRA": "fr", "GLE": "ga", "HRV": "hr", "HUN": "hu",
    "ITA": "it", "LAV": "lv", "LIT": "lt", "MLT": "mt", "NLD": "nl", "POL": "pl",
    "POR": "pt", "RON": "ro", "SLK": "sk", "SLV": "sl", "SPA": "es", "SWE": "sv",
    "NOR": "no", "ISL": "is",
}  # fmt: skip
COUNTRY_2_TO_3 = {
    "AT": "AUT", "BE": "BEL", "BG": "BGR", "CY": "CYP", "CZ": "CZE", "DE": "DEU",
    "DK": "DNK", "EE": "EST", "ES": "ESP", "FI": "FIN", "FR": "FRA", "GR": "GRC",
    "EL": "GRC", "HR": "HRV", "HU": "HUN", "IE": "IRL", "IT": "ITA", "LT": "LTU",
    "LU": "LUX", "LV": "LVA", "MT": "MLT", "NL": "NLD", "PL": "POL", "PT": "PRT",
    "RO": "ROU", "SE": "SWE", "SI": "SVN", "SK": "SVK", "NO": "NOR", "IS": "ISL",
    "LI": "LIE", "CH": "CHE", "UK": "GBR", "GB": "GBR", "US": "USA", "RS": "SRB",
    "KE": "KEN", "ZM": "ZMB", "AS": "ASM", "TR": "TUR", "MK": "MKD", "AL": "ALB",
}  # fmt: skip
COUNTRY_3_TO_2 = {v: k for k, v in COUNTRY_2_TO_3.items() if k not in ("EL", "UK")}


def lang2(code: str | None) -> str:
    """Two-letter language tag of an eForms/TED language code (``FIN`` → ``fi``).

    >>> lang2("FIN"), lang2("en"), lang2(None)
    ('fi', 'en', '')
    """
    if not code:
        return ""
    code = code.strip()
    return LANG_3_TO_2.get(code.upper(), code.lower()[:2])


def country3(code: str | None) -> str | None:
    """ISO alpha-3 country code from alpha-2 or alpha-3 (``FI`` → ``FIN``).

    >>> country3("FI"), country3("FIN"), country3("")
    ('FIN', 'FIN', None)
    """
    if not code:
        return None
    code = code.strip().upper()
    return COUNTRY_2_TO_3.get(code, code) if len(code) == 2 else code


@dataclass
class ParsedOrg:
    """An organisation as one notice states it."""

    local_id: str
    name: str
    company_id: str | None = None
    country: str | None = None  # alpha-3
    nuts: str | None = None
    city: str | None = None
    postcode: str | None = None
    street: str | None = None
    size: str | None = None  # eForms economic-operator-size (BT-165): sme, large …


@dataclass
class ParsedBuyer:
    """A buyer role: which organisation, its legal type (BT-11) and activity (BT-10)."""

    org: str  # local id
    legal_type: str | None = None
    activity: str | None = None


@dataclass
class ParsedLot:
    """One lot (or PIN part) with its award result, if the notice has one."""

    lot_id: str
    titles: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    cpv: list[str] = field(default_factory=list)  # main first
    nuts: list[str] = field(default_factory=list)
    estimated_value: float | None = None
    currency: str | None = None
    flags: dict[str, bool] = field(default_factory=dict)
    winners: list[str] = field(default_factory=list)  # local org ids
    awarded_value: float | None = None
    awarded_currency: str | None = None
    tenders_received: int | None = None
    contract_nature: str | None = None  # BT-23: works | supplies | services


@dataclass
class ParsedNotice:
    """One notice, format-neutral. ``fmt`` is ``eforms`` or ``ted``."""

    path: str
    fmt: str
    notice_id: str  # the id the IRI is minted from
    kind: str  # planning | competition | result | other
    notice_type: str | None = None  # BT-02 code or TED document type
    subtype: str | None = None  # eForms OPP-070 or TED form (F03)
    published: dt.date | None = None
    language: str | None = None  # alpha-3 authority code, e.g. FIN
    procedure_id: str | None = None  # BT-04
    procedure_type: str | None = None  # BT-105 procurement-procedure-type code
    title: dict[str, str] = field(default_factory=dict)
    orgs: dict[str, ParsedOrg] = field(default_factory=dict)
    buyers: list[ParsedBuyer] = field(default_factory=list)
    lots: list[ParsedLot] = field(default_factory=list)
    national: list[str] = field(default_factory=list)  # Hilma extension "Path=value"
    warnings: list[str] = field(default_factory=list)


class NoticeError(ValueError):
    """A notice that cannot be mapped: names the file, line and broken rule."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        super().__init__(f"{path}:{line or ''}: {reason}")
        self.path, self.reason, self.line = path, reason, line


class NoticeRefused(NoticeError):
    """A well-formed notice that breaks a rule the mapping cannot do without
    (no BT-701 identifier): refused with the rule, counted as skipped, not failed."""


class NotANotice(ValueError):
    """A well-formed file that is not a procurement notice (skipped, with reason)."""
