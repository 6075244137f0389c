"""YTJ: company records from the PRH open-data API v3 (``opendata-ytj-api/v3``).

Two ways to ask, both ``GET {base}/opendata-ytj-api/v3/companies``:

- by business ID (``?businessId=1234567-8``), one answer per ID, for the IDs the
  command passes in (the notice buyers and winners the graph holds without a
  registry record); an ID already cached is not asked again;
- by search (``location``, ``mainBusinessLine`` = TOL 2008 code, and
  ``registrationDateStart`` from ``--since``), paged with ``page`` until
  ``totalResults`` companies are read. The cursor is the query and the page.

Each answer is cached unchanged (``{"totalResults", "companies": [...]}``), the
shape ``keino ingest companies`` reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx

from graph.iris import normalise_business_id
from ingest.harvest.http import HttpClient
from ingest.harvest.run import Checkpoint, Document, Event, Skip

BASE_URL = "https://avoindata.prh.fi"
PATH = "/opendata-ytj-api/v3/companies"


@dataclass
class YtjSource:
    """By ``business_ids``, or by search on ``location`` and/or ``tol`` (TOL 2008 code)."""

    base_url: str = BASE_URL
    business_ids: Sequence[str] = ()
    location: str | None = None
    tol: str | None = None
    since: date | None = None
    name: str = "ytj"
    invalid: list[str] = field(default_factory=list)

    def query(self) -> dict[str, str]:
        """The search parameters (no page); empty when asking by business ID."""
        params = {"location": self.location, "mainBusinessLine": self.tol}
        if self.since is not None and (self.location or self.tol):
            params["registrationDateStart"] = self.since.isoformat()
        return {k: v for k, v in params.items() if v}

    def events(
        self, client: HttpClient, state: dict[str, Any], known: Callable[[str], bool]
    ) -> Iterator[Event]:
        yield from self._by_id(client, known)
        if self.query():
            yield from self._search(client, state)

    def _by_id(self, client: HttpClient, known: Callable[[str], bool]) -> Iterator[Event]:
        for raw in self.business_ids:
            business_id = normalise_business_id(raw)
            if business_id is None:
                yield Skip(f"ytj:{raw}", "not a valid Finnish business ID (check digit)")
                continue
            key = f"ytj:{business_id}"
            if known(key):
                continue
            answer = client.request(
                "GET", self.base_url + PATH, params=httpx.QueryParams(businessId=business_id)
            )
            if not answer.data.get("companies"):
                yield Skip(key, "the registry has no company with this business ID")
                continue
            yield Document(answer.content, "json", key)

    def _search(self, client: HttpClient, state: dict[str, Any]) -> Iterator[Event]:
        query = self.query()
        page = int(state.get("page", 1)) if state.get("query") == query else 1
        while True:
            answer = client.request(
                "GET", self.base_url + PATH, params=httpx.QueryParams({**query, "page": page})
            )
            companies = answer.data.get("companies") or []
            total = int(answer.data.get("totalResults") or 0)
            if companies:
                yield Document(answer.content, "json", f"ytj:search:{_label(query)}:{page}")
            read = (page - 1) * _page_size(companies, state) + len(companies)
            if not companies or read >= total:
                yield Checkpoint({"query": query, "page": 1, "done": True})
                return
            state = {**state, "size": state.get("size") or len(companies)}
            page += 1
            yield Checkpoint({"query": query, "page": page, "size": state["size"]})


def _page_size(companies: list[Any], state: dict[str, Any]) -> int:
    """Companies per page: remembered from the first page (the last one is shorter)."""
    return int(state.get("size") or len(companies))


def _label(query: dict[str, str]) -> str:
    return ",".join(f"{k}={v}" for k, v in sorted(query.items()))
