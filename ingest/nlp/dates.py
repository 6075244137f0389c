"""Dates in Finnish text, as ISO strings of the precision the text gives.

>>> [d.value for d in find_dates("Maaliskuussa 2022 alkaneella toimintakaudella")]
['2022-03']
>>> [(d.value, d.until) for d in find_dates("KEINO (3/2018-5/2021) toimi")]
[('2018-03', '2021-05')]
>>> [d.value for d in find_dates("käynnistyy 19.10.2021 ja vuonna 2018")]
['2021-10-19', '2018']
>>> [(d.value, d.until) for d in find_dates("Vuosina 2018–2021 jäseniä olivat")]
[('2018', '2021')]
>>> [(d.value, d.ends) for d in find_dates("osallistuvat vuoden 2027 loppuun saakka")]
[('2027', True)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = (
    "tammi", "helmi", "maalis", "huhti", "touko", "kesä",
    "heinä", "elo", "syys", "loka", "marras", "joulu",
)  # fmt: skip
_MONTH = "|".join(_MONTHS)
#: the forms we read, most precise first; a span found once is not read again.
_PATTERNS = (
    ("range", re.compile(r"\b(\d{1,2})/((?:19|20)\d\d)\s*[-–]\s*(\d{1,2})/((?:19|20)\d\d)\b")),
    ("day", re.compile(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b")),
    ("monthname", re.compile(rf"\b({_MONTH})(?:kuu\w*)\s+((?:19|20)\d\d)\b", re.IGNORECASE)),
    ("month", re.compile(r"\b(\d{1,2})/((?:19|20)\d\d)\b")),
    ("years", re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")),
    ("year", re.compile(r"(?<![\d./-])((?:19|20)\d\d)(?![\d/-]|\.\d)")),
)


@dataclass(frozen=True)
class DateMention:
    """A date found at ``start``–``end``: ``value`` (``YYYY``, ``YYYY-MM`` or
    ``YYYY-MM-DD``) and, for a range, ``until``."""

    start: int
    end: int
    value: str
    until: str | None = None
    #: "vuoden 2027 loppuun saakka": the date ends what the sentence states
    ends: bool = False


def find_dates(text: str) -> list[DateMention]:
    """Every date in ``text`` in reading order; overlapping weaker forms are dropped."""
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < f.end and f.start < m.end() for f in found):
                continue
            mention = _mention(kind, m)
            if mention is not None:
                found.append(_ending(mention, text))
    return sorted(found, key=lambda d: d.start)


#: words after a date that make it an end: "(vuoden 2027) loppuun (saakka)", "asti".
_ENDING = re.compile(r"\s*(loppuun|saakka|asti|päättyen)\b", re.IGNORECASE)


def _ending(date: DateMention, text: str) -> DateMention:
    """``date`` marked as an end when "loppuun", "saakka" or "asti" follows it."""
    if date.until is None and _ENDING.match(text, date.end):
        return DateMention(date.start, date.end, date.value, ends=True)
    return date


def _mention(kind: str, m: re.Match[str]) -> DateMention | None:
    g = m.groups()
    if kind == "range":
        if not (1 <= int(g[0]) <= 12 and 1 <= int(g[2]) <= 12):
            return None
        return DateMention(m.start(), m.end(), f"{g[1]}-{int(g[0]):02d}", f"{g[3]}-{int(g[2]):02d}")
    if kind == "day":
        day, month = int(g[0]), int(g[1])
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return None
        return DateMention(m.start(), m.end(), f"{g[2]}-{month:02d}-{day:02d}")
    if kind == "monthname":
        month = _MONTHS.index(g[0].lower()) + 1
        return DateMention(m.start(), m.end(), f"{g[1]}-{month:02d}")
    if kind == "years":
        return DateMention(m.start(), m.end(), g[0], g[1]) if g[0] < g[1] else None
    if kind == "month":
        if not 1 <= int(g[0]) <= 12:
            return None
        return DateMention(m.start(), m.end(), f"{g[1]}-{int(g[0]):02d}")
    return DateMention(m.start(), m.end(), g[0])
