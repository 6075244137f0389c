"""TED: Finnish buyers' competition and award notices, by the TED Search API v3.

For each date window (``--since`` onwards, at most 31 days each): ``POST
{base}/v3/notices/search`` with an expert query (``buyer-country=FIN AND
notice-type IN (...) AND publication-date>=YYYYMMDD AND publication-date<=YYYYMMDD``),
``page``/``limit`` in ``PAGE_NUMBER`` mode; then each notice's XML from the
``links.xml.MUL`` address in the answer. The cursor is the window start and the
page; the last window ends today and the next run starts again at today, so a
notice published later that day is not missed (what is cached is not fetched again).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ingest.harvest.http import HttpClient
from ingest.harvest.run import Checkpoint, DateWindows, Document, Event, Skip

BASE_URL = "https://api.ted.europa.eu"
NOTICE_TYPES = (
    "cn-standard cn-social cn-desg pin-cfc-standard pin-cfc-social "
    "can-standard can-social can-desg can-modif veat"
)
FIELDS = ["publication-number", "publication-date", "notice-type", "buyer-country", "links"]


def expert_query(start: date, end: date, *, country: str = "FIN") -> str:
    """The expert query for one window.

    >>> expert_query(date(2024, 1, 1), date(2024, 1, 31))[:60]
    'buyer-country=FIN AND notice-type IN (cn-standard cn-social '
    """
    return (
        f"buyer-country={country} AND notice-type IN ({NOTICE_TYPES}) "
        f"AND publication-date>={start:%Y%m%d} AND publication-date<={end:%Y%m%d} "
        "SORT BY publication-number ASC"
    )


@dataclass
class TedSource(DateWindows):
    """Settings of the TED harvest; ``today`` is a parameter so tests fix it."""

    base_url: str = BASE_URL
    since: date | None = None
    today: date | None = None
    limit: int = 100
    name: str = "ted"

    def _window(
        self, client: HttpClient, first: date, last: date, page: int, known: Callable[[str], bool]
    ) -> Iterator[Event]:
        while True:
            body = {
                "query": expert_query(first, last),
                "fields": FIELDS,
                "page": page,
                "limit": self.limit,
                "paginationMode": "PAGE_NUMBER",
            }
            answer = client.request("POST", f"{self.base_url}/v3/notices/search", json_body=body)
            notices = answer.data.get("notices") or []
            for notice in notices:
                yield from _notice_xml(client, notice, known)
            total = int(answer.data.get("totalNoticeCount") or 0)
            if len(notices) < self.limit or page * self.limit >= total:
                yield Checkpoint({"from": (last + timedelta(days=1)).isoformat(), "page": 1})
                return
            page += 1
            yield Checkpoint({"from": first.isoformat(), "page": page})


def _notice_xml(
    client: HttpClient, notice: dict[str, Any], known: Callable[[str], bool]
) -> Iterator[Event]:
    number = str(notice.get("publication-number") or "")
    key = f"ted:{number}"
    if known(key):
        return
    url = ((notice.get("links") or {}).get("xml") or {}).get("MUL")
    if not url:
        yield Skip(key, "the search answer has no links.xml.MUL address")
        return
    answer = client.request("GET", url, expect="xml")
    yield Document(answer.content, "xml", key)
