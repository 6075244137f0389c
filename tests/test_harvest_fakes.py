"""A local stand-in for the Hilma, TED and PRH (YTJ) APIs, for the harvester tests.

It answers on 127.0.0.1 (a free port) in each API's shape, from recorded data
built from real files (see ``tests/data/harvest/SOURCE.md``): TED v3 search
answers and notice XML, Hilma search-index answers and eForms batch reads
(base64 XML), YTJ v3 company answers. Faults are scripted per path: 429 with
``Retry-After`` (seconds or HTTP date), 503, and bodies cut short.
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "harvest"
HILMA_KEY = "test-subscription-key-not-a-secret"


class FakeApis:
    """State of the fake server: recorded data, scripted faults and the request log."""

    def __init__(self) -> None:
        self.ted = json.loads((DATA / "ted-search-notices.json").read_text(encoding="utf-8"))
        self.hilma = json.loads((DATA / "hilma-search-notices.json").read_text(encoding="utf-8"))
        self.ytj = json.loads((DATA / "ytj-v3-companies-31.json").read_text(encoding="utf-8"))
        self.ytj_page_size = 10
        self.faults: list[tuple[str, str]] = []  # (path prefix, kind), used once each, in order
        self.storm: set[str] = set()  # path prefixes that always answer 429
        self.retry_after = "0"
        self.delay = 0.0  # seconds before each notice XML / batch answer
        self.log: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.base = ""

    def xml(self, record: dict[str, Any]) -> bytes:
        return (ROOT / record["file"]).read_bytes()

    def take_fault(self, path: str) -> str | None:
        with self.lock:
            if any(path.startswith(p) for p in self.storm):
                return "429"
            for i, (prefix, kind) in enumerate(self.faults):
                if path.startswith(prefix):
                    del self.faults[i]
                    return kind
        return None

    def requests_to(self, prefix: str) -> list[str]:
        return [p for _m, p in self.log if p.startswith(prefix)]


def _handler(api: FakeApis) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def _serve(self, method: str) -> None:
            url = urlparse(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            with api.lock:
                api.log.append((method, self.path))
            fault = api.take_fault(url.path)
            if fault in ("429", "429date"):
                after = api.retry_after
                if fault == "429date":
                    after = format_datetime(datetime.now(UTC) + timedelta(seconds=1), usegmt=True)
                return self._send(429, b'{"message": "rate limit"}', {"Retry-After": after})
            if fault == "503":
                return self._send(503, b"Service Unavailable", {})
            status, payload, kind = _route(api, method, url.path, parse_qs(url.query), body,
                                           self.headers)  # fmt: skip
            if fault == "truncate":
                return self._send(status, payload, {"Content-Type": kind}, cut=True)
            self._send(status, payload, {"Content-Type": kind})

        def _send(self, status: int, payload: bytes, headers: dict[str, str], cut: bool = False):
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload[: len(payload) // 2] if cut else payload)
            if cut:
                self.close_connection = True

    return Handler


def _route(api, method, path, query, body, headers) -> tuple[int, bytes, str]:
    if method == "POST" and path == "/v3/notices/search":
        return _ted_search(api, body)
    if match := re.fullmatch(r"/en/notice/([\w-]+)/xml", path):
        record = next((r for r in api.ted if r["publication-number"] == match.group(1)), None)
        time.sleep(api.delay)
        return (200, api.xml(record), "application/xml") if record else _not_found()
    if path.startswith("/avp") and headers.get("Ocp-Apim-Subscription-Key") != HILMA_KEY:
        return 401, b'{"statusCode": 401, "message": "Access denied"}', "application/json"
    if method == "POST" and path == "/avp/eformnotices/docs/search":
        return _hilma_search(api, body)
    if path == "/avp-eforms/external-read/v1/notices":
        time.sleep(api.delay)
        return _hilma_read(api, query.get("id", []))
    if path == "/opendata-ytj-api/v3/companies":
        return _ytj(api, query)
    return _not_found()


def _json(value: Any, status: int = 200) -> tuple[int, bytes, str]:
    return status, json.dumps(value, ensure_ascii=False).encode(), "application/json"


def _not_found() -> tuple[int, bytes, str]:
    return _json({"message": "not found"}, 404)


def _ted_search(api: FakeApis, body: dict[str, Any]) -> tuple[int, bytes, str]:
    dates = re.findall(r"publication-date(>=|<=)(\d{8})", body["query"])
    low, high = (d for _op, d in dates)
    hits = [r for r in api.ted if low <= r["publication-date"][:10].replace("-", "") <= high]
    hits.sort(key=lambda r: r["publication-number"])
    page, limit = int(body["page"]), int(body["limit"])
    chunk = hits[(page - 1) * limit : page * limit]
    notices = [
        {k: v for k, v in r.items() if k in body["fields"]} | {"links": _links(api, r)}
        for r in chunk
    ]
    return _json({"notices": notices, "totalNoticeCount": len(hits), "timedOut": False})


def _links(api: FakeApis, record: dict[str, Any]) -> dict[str, Any]:
    text = json.dumps(record["links"]).replace("{base}", api.base)
    return json.loads(text)


def _hilma_search(api: FakeApis, body: dict[str, Any]) -> tuple[int, bytes, str]:
    low, high = re.findall(r"datePublished (?:ge|lt) (\S+)", body["filter"])
    hits = sorted(
        (r for r in api.hilma if low <= r["datePublished"] < high),
        key=lambda r: (r["datePublished"], r["noticeId"]),
    )
    top, skip = int(body["top"]), int(body["skip"])
    value = [{"noticeId": r["noticeId"], "datePublished": r["datePublished"]}
             for r in hits[skip : skip + top]]  # fmt: skip
    return _json({"@odata.count": len(hits), "value": value})


def _hilma_read(api: FakeApis, ids: list[str]) -> tuple[int, bytes, str]:
    if len(ids) > 50:
        return _json({"title": "At most 50 ids", "status": 400}, 400)
    found = [r for r in api.hilma if str(r["noticeId"]) in ids]
    return _json([
        {"id": r["noticeId"], "procedureId": None,
         "eForm": base64.b64encode(api.xml(r)).decode(), "hilmaStatistics": {},
         "dateCreated": r["datePublished"], "dateModified": r["datePublished"]}
        for r in found
    ])  # fmt: skip


def _ytj(api: FakeApis, query: dict[str, list[str]]) -> tuple[int, bytes, str]:
    if "businessId" in query:
        answer = api.ytj.get(query["businessId"][0])
        return _json(answer or {"totalResults": 0, "companies": []})
    companies = [c for a in api.ytj.values() for c in a["companies"]]
    if "mainBusinessLine" in query:
        tol = query["mainBusinessLine"][0]
        companies = [c for c in companies if c["mainBusinessLine"]["type"].startswith(tol)]
    page = int(query.get("page", ["1"])[0])
    size = api.ytj_page_size
    return _json({"totalResults": len(companies),
                  "companies": companies[(page - 1) * size : page * size]})  # fmt: skip


@pytest.fixture
def fake_apis() -> Iterator[FakeApis]:
    """The fake APIs on a free port of 127.0.0.1; ``api.base`` is its base URL."""
    api = FakeApis()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(api))
    server.daemon_threads = True
    api.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield api
    server.shutdown()
    server.server_close()


def test_fake_ytj_answers_the_recorded_registry_record(fake_apis: FakeApis) -> None:
    """The stand-in answers a business ID with the real v3 answer recorded for it."""
    import httpx

    answer = httpx.get(f"{fake_apis.base}/opendata-ytj-api/v3/companies",
                       params={"businessId": "2996949-9"}).json()  # fmt: skip
    assert answer["companies"][0]["names"][0]["name"] == "! 0iva Aalto Oy"
