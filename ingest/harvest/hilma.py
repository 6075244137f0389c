"""Hilma (hankintailmoitukset.fi): notices from the AVP read API, as eForms XML.

For each date window: ``POST {base}/avp/eformnotices/docs/search`` (an Azure
Cognitive Search index: ``filter`` on ``datePublished``, ``orderby``, ``top``,
``skip``, ``count``; the answer's ``value`` lists ``noticeId``s and
``@odata.count`` counts them), then ``GET
{base}/avp-eforms/external-read/v1/notices?id=…&id=…`` for up to 50 notices at a
time; each returned notice carries its eForms XML base64-encoded in ``eForm``.
The subscription key goes in the ``Ocp-Apim-Subscription-Key`` header only.
Notices the eForms read API does not return (pre-eForms notices) are skipped
with the reason.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx

from ingest.harvest.http import HttpClient
from ingest.harvest.run import Checkpoint, DateWindows, Document, Event, Skip

BASE_URL = "https://api.hankintailmoitukset.fi"
SEARCH_PATH = "/avp/eformnotices/docs/search"
READ_PATH = "/avp-eforms/external-read/v1/notices"
KEY_HEADER = "Ocp-Apim-Subscription-Key"
BATCH = 50  # the read API refuses more ids per request


def search_body(first: date, last: date, *, top: int, skip: int) -> dict[str, Any]:
    """The search request for one window and page, oldest first.

    >>> search_body(date(2024, 1, 1), date(2024, 1, 31), top=100, skip=0)["filter"]
    'datePublished ge 2024-01-01T00:00:00Z and datePublished lt 2024-02-01T00:00:00Z'
    """
    end = last + timedelta(days=1)
    return {
        "search": "*",
        "filter": f"datePublished ge {first}T00:00:00Z and datePublished lt {end}T00:00:00Z",
        "orderby": "datePublished asc, noticeId asc",
        "select": "noticeId,datePublished",
        "top": top,
        "skip": skip,
        "count": True,
    }


@dataclass
class HilmaSource(DateWindows):
    """Settings of the Hilma harvest; ``today`` is a parameter so tests fix it."""

    base_url: str = BASE_URL
    since: date | None = None
    today: date | None = None
    top: int = 100
    name: str = "hilma"

    def _window(
        self, client: HttpClient, first: date, last: date, page: int, known: Callable[[str], bool]
    ) -> Iterator[Event]:
        while True:
            body = search_body(first, last, top=self.top, skip=(page - 1) * self.top)
            answer = client.request("POST", self.base_url + SEARCH_PATH, json_body=body)
            hits = answer.data.get("value") or []
            ids = [str(h["noticeId"]) for h in hits if h.get("noticeId") is not None]
            wanted = [i for i in ids if not known(f"hilma:{i}")]
            for at in range(0, len(wanted), BATCH):
                yield from self._read(client, wanted[at : at + BATCH])
            total = int(answer.data.get("@odata.count") or 0)
            if len(hits) < self.top or page * self.top >= total:
                yield Checkpoint({"from": (last + timedelta(days=1)).isoformat(), "page": 1})
                return
            page += 1
            yield Checkpoint({"from": first.isoformat(), "page": page})

    def _read(self, client: HttpClient, ids: list[str]) -> Iterator[Event]:
        answer = client.request(
            "GET", self.base_url + READ_PATH, params=httpx.QueryParams([("id", i) for i in ids])
        )
        returned = _notices(answer.data)
        for item in returned:
            yield _eform(item)
        got = {str(item.get("id")) for item in returned}
        for missing in ids:
            if missing not in got:
                yield Skip(f"hilma:{missing}", "not in the eForms read API (a pre-eForms notice?)")


def _notices(data: Any) -> list[dict[str, Any]]:
    """The notices of a batch answer: a JSON array (or an object holding one)."""
    if isinstance(data, list):
        return [d for d in data if isinstance(d, dict)]
    if isinstance(data, dict):
        for value in data.values():
            if isinstance(value, list):
                return [d for d in value if isinstance(d, dict)]
    return []


def _eform(item: dict[str, Any]) -> Event:
    key = f"hilma:{item.get('id')}"
    try:
        xml = base64.b64decode(item.get("eForm") or "", validate=True)
    except (binascii.Error, ValueError):
        return Skip(key, "eForm is not base64")
    if not xml.lstrip().startswith(b"<"):
        return Skip(key, "eForm holds no XML")
    return Document(xml, "xml", key)
