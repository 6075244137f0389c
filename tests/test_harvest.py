"""``keino harvest``: resume after a kill, 429 storms, offline replay, each source's API shape.

Every request goes to a local stand-in for the Hilma, TED and PRH (YTJ) APIs,
on 127.0.0.1 (a free port), answering in each API's shape from recorded data
built from real files (see ``tests/data/harvest/SOURCE.md``): TED v3 search
answers and notice XML, Hilma search-index answers and eForms batch reads
(base64 XML), YTJ v3 company answers. Faults are scripted per path: 429 with
``Retry-After`` (seconds or HTTP date), 503, and bodies cut short. Nothing
touches the network.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.iris import normalise_business_id
from graph.store import Store
from ingest.harvest import HttpClient, RetryPolicy, SourceCache, harvest
from ingest.harvest.run import windows
from ingest.harvest.ted import TedSource

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
            if fault == "shape":  # an API that changed its answer
                return self._send(200, b'["not", "the", "documented", "shape"]', {})
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
            try:
                self.wfile.write(payload[: len(payload) // 2] if cut else payload)
            except (BrokenPipeError, ConnectionResetError):  # the harvester was killed
                self.close_connection = True
                return
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


TED_NOTICES = 7  # the Finnish eForms notices in tests/data/harvest/ted-search-notices.json
HILMA_NOTICES = 10
NOTICES_IN = """
PREFIX epo: <http://data.europa.eu/a4g/ontology#>
SELECT (COUNT(DISTINCT ?n) AS ?count) WHERE { GRAPH ?g { ?n a epo:Notice } }"""


def keino(store: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the ``keino`` command as a user would, in its own process."""
    return subprocess.run(
        [sys.executable, "-c", "from keino.cli import main; main()", "--store", str(store), *args],
        env={**os.environ, "KEINO_HARVEST_RPS": "0", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def notice_count(store_path: Path) -> int:
    store = Store(store_path, read_only=True)
    return int(next(iter(store.query(NOTICES_IN)))["count"].value)


def manifest(cache: Path) -> list[dict[str, str]]:
    lines = (cache / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def ted_env(api: FakeApis) -> dict[str, str]:
    return {"KEINO_TED_URL": api.base}


def test_ted_pages_through_windows_and_a_later_run_without_network_ingests_the_cache(
    fake_apis: FakeApis, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    done = keino(store, "harvest", "ted", "--since", "2023-09-01", "--page-size", "3",
                 "--no-ingest", env=ted_env(fake_apis))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "7 new file(s)" in done.stderr
    cache = tmp_path / "store.raw" / "ted"
    entries = manifest(cache)
    assert len(entries) == TED_NOTICES == len(list(cache.glob("*.xml")))
    assert {e["key"] for e in entries} == {f"ted:{r['publication-number']}" for r in fake_apis.ted}
    # Five notices in the first 31-day window at three a page: two pages there,
    # then one search per window up to today.
    searches = fake_apis.requests_to("/v3/notices/search")
    assert len(searches) == 2 + len(list(windows(date(2023, 10, 2), date.today(), 31)))
    assert json.loads((cache / "cursor.json").read_text())["fetch"]["from"] == str(date.today())

    gone = {"KEINO_TED_URL": "http://127.0.0.1:9", "KEINO_HARVEST_ATTEMPTS": "2"}
    down = keino(store, "harvest", "ted", env=gone)
    assert down.returncode == 1
    assert "Traceback" not in down.stderr and "ConnectError" in down.stderr
    assert notice_count(store) == TED_NOTICES  # what was fetched is ingested all the same


def test_a_harvest_killed_mid_page_resumes_without_loss_or_duplicates(
    fake_apis: FakeApis, tmp_path: Path
) -> None:
    store, cache = tmp_path / "store", tmp_path / "store.raw" / "ted"
    fake_apis.delay = 0.4  # per notice XML, so the kill lands inside the first page
    args = ["--store", str(store), "harvest", "ted", "--since", "2023-09-01", "--page-size", "3"]
    proc = subprocess.Popen(
        [sys.executable, "-c", "from keino.cli import main; main()", *args],
        env={**os.environ, "KEINO_HARVEST_RPS": "0", **ted_env(fake_apis)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while len(list(cache.glob("*.xml"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    killed_with = len(list(cache.glob("*.xml")))
    assert 2 <= killed_with < TED_NOTICES, "the kill should land mid-harvest"
    # Every manifest line names a whole file (a kill between the rename and the
    # manifest line may leave one file unlisted; the next run lists it).
    listed = {e["file"] for e in manifest(cache)}
    assert listed <= {p.name for p in cache.glob("*.xml")}
    assert len(listed) >= killed_with - 1
    assert json.loads((cache / "cursor.json").read_text())["fetch"]["from"] == "2023-09-01"

    fake_apis.delay = 0.0
    done = keino(store, "harvest", "ted", "--page-size", "3", env=ted_env(fake_apis))
    assert done.returncode == 0, done.stderr
    entries = manifest(cache)
    assert len(entries) == len({e["sha256"] for e in entries}) == TED_NOTICES
    assert len(list(cache.glob("*.xml"))) == TED_NOTICES
    fetched = fake_apis.requests_to("/en/notice/")
    refetched = len(fetched) - len(set(fetched))
    assert refetched <= 3, f"at most one page is fetched again, not {refetched} notices"
    assert notice_count(store) == TED_NOTICES


def test_a_429_storm_ends_in_one_clear_line_and_leaves_the_cursor(
    fake_apis: FakeApis, tmp_path: Path
) -> None:
    store, cache = tmp_path / "store", tmp_path / "store.raw" / "ted"
    first = keino(store, "harvest", "ted", "--since", "2023-10-01", "--no-ingest",
                  env=ted_env(fake_apis))  # fmt: skip
    assert first.returncode == 0, first.stderr
    cursor = (cache / "cursor.json").read_bytes()
    fake_apis.storm.add("/v3/notices/search")
    before = len(fake_apis.requests_to("/v3/notices/search"))
    env = {**ted_env(fake_apis), "KEINO_HARVEST_ATTEMPTS": "3"}
    stormed = keino(store, "harvest", "ted", "--no-ingest", env=env)
    assert stormed.returncode == 1
    assert "Traceback" not in stormed.stderr
    errors = [line for line in stormed.stderr.splitlines() if line.startswith("error")]
    assert len(errors) == 1
    assert "gave up after 3 attempts (last: HTTP 429" in errors[0]
    assert len(fake_apis.requests_to("/v3/notices/search")) - before == 3
    assert (cache / "cursor.json").read_bytes() == cursor


def test_the_raw_cache_replays_into_a_new_store_with_the_server_gone(
    fake_apis: FakeApis, tmp_path: Path
) -> None:
    raw = tmp_path / "raw"
    env = {**ted_env(fake_apis), "KEINO_RAW_DIR": str(raw)}
    first = keino(tmp_path / "a", "harvest", "ted", "--since", "2023-09-01", "--no-ingest", env=env)
    assert first.returncode == 0, first.stderr
    assert not (tmp_path / "a").exists()  # fetched only: the store was never opened
    gone = {"KEINO_TED_URL": "http://127.0.0.1:9", "KEINO_RAW_DIR": str(raw)}  # discard port
    replay = keino(tmp_path / "b", "harvest", "ted", "--replay", env=gone)
    assert replay.returncode == 0, replay.stderr
    assert notice_count(tmp_path / "b") == TED_NOTICES


def test_retry_after_in_seconds_and_as_a_date_503_and_truncated_bodies(
    fake_apis: FakeApis, tmp_path: Path
) -> None:
    fake_apis.retry_after = "7"
    fake_apis.faults = [
        ("/v3/notices/search", "429"),
        ("/v3/notices/search", "429date"),
        ("/v3/notices/search", "503"),
        ("/en/notice/", "truncate"),
        ("/en/notice/", "truncate"),
    ]
    waits: list[float] = []
    client = HttpClient(source="ted", sleep=waits.append, policy=RetryPolicy(base=0.5))
    source = TedSource(base_url=fake_apis.base, since=date(2023, 10, 1), today=date(2023, 10, 31))
    result = harvest(source, SourceCache(tmp_path, "ted"), client)
    assert result.error is None and result.new == 2
    assert waits[0] == 7.0  # Retry-After: 7
    assert 0.0 <= waits[1] <= 1.0  # Retry-After: an HTTP date about a second ahead
    assert 0.0 <= waits[2] <= 0.5 * 2**2  # 503 without Retry-After: jittered backoff
    assert len(waits) == 5  # and one retry for each truncated body
    for entry in SourceCache(tmp_path, "ted").entries:
        assert (tmp_path / "ted" / entry.file).read_bytes().rstrip().endswith(b">")


def test_a_retry_after_longer_than_the_policy_allows_stops_at_once(
    fake_apis: FakeApis, tmp_path: Path
) -> None:
    fake_apis.retry_after = "3600"
    fake_apis.faults = [("/v3/notices/search", "429")]
    waits: list[float] = []
    client = HttpClient(source="ted", sleep=waits.append, policy=RetryPolicy(max_wait=60))
    source = TedSource(base_url=fake_apis.base, since=date(2023, 10, 1), today=date(2023, 10, 31))
    result = harvest(source, SourceCache(tmp_path, "ted"), client)
    assert result.error is not None and "asks to wait 3600 s" in result.error
    assert waits == [] and len(fake_apis.requests_to("/v3/notices/search")) == 1
    cursor = SourceCache(tmp_path, "ted").load_cursor()
    assert cursor["fetch"] == {"from": "2023-10-01", "page": 1}  # where the run started


def test_an_answer_in_an_unknown_shape_is_one_line_not_a_traceback(
    fake_apis: FakeApis, tmp_path: Path
) -> None:
    fake_apis.faults = [("/v3/notices/search", "shape")]
    client = HttpClient(source="ted", sleep=lambda _s: None)
    source = TedSource(base_url=fake_apis.base, since=date(2023, 10, 1), today=date(2023, 10, 31))
    result = harvest(source, SourceCache(tmp_path, "ted"), client)
    assert result.error is not None and "unexpected shape" in result.error
    assert "\n" not in result.error


def test_hilma_reads_the_index_then_eforms_in_batches_with_the_key(
    fake_apis: FakeApis, tmp_path: Path
) -> None:
    env = {"KEINO_HILMA_URL": fake_apis.base, "KEINO_HILMA_KEY": HILMA_KEY}
    done = keino(tmp_path / "store", "harvest", "hilma", "--since", "2023-09-01",
                 "--page-size", "4", env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len(manifest(tmp_path / "store.raw" / "hilma")) == HILMA_NOTICES
    reads = fake_apis.requests_to("/avp-eforms/external-read/v1/notices")
    assert reads and all(r.count("id=") <= 50 for r in reads)
    assert notice_count(tmp_path / "store") == HILMA_NOTICES


def test_hilma_with_a_wrong_key_says_so_and_never_prints_the_key(
    fake_apis: FakeApis, tmp_path: Path
) -> None:
    env = {"KEINO_HILMA_URL": fake_apis.base, "KEINO_HILMA_KEY": "wrong-key-1234"}
    done = keino(tmp_path / "store", "harvest", "hilma", env=env)
    assert done.returncode == 1
    assert "401" in done.stderr and "KEINO_HILMA_KEY" in done.stderr
    assert "wrong-key-1234" not in done.stderr + done.stdout
    missing = keino(tmp_path / "store", "harvest", "hilma", env={"KEINO_HILMA_KEY": ""})
    assert missing.returncode == 1 and "set KEINO_HILMA_KEY" in missing.stderr


def test_ytj_by_business_id_and_by_location_pages(fake_apis: FakeApis, tmp_path: Path) -> None:
    env = {"KEINO_YTJ_URL": fake_apis.base}
    store = tmp_path / "store"
    fake_apis.faults = [("/opendata-ytj-api/", "truncate")]
    ids = ["2996949-9", "2969310-3", "1234567-1", "1234567-2"]
    by_id = keino(store, "harvest", "ytj", *(f"--business-id={i}" for i in ids), env=env)
    assert by_id.returncode == 0, by_id.stderr
    assert "skipped ytj:1234567-2: not a valid Finnish business ID" in by_id.stderr
    assert "skipped ytj:1234567-1: the registry has no company" in by_id.stderr
    cache = tmp_path / "store.raw" / "ytj"
    answers = [json.loads((cache / e["file"]).read_text()) for e in manifest(cache)]
    assert [a["companies"][0]["businessId"]["value"] for a in answers] == [
        "2996949-9",
        "2969310-3",
    ]
    paged = keino(store, "harvest", "ytj", "--location", "Tampere", env=env)
    assert paged.returncode == 0, paged.stderr
    pages = [e for e in manifest(cache) if e["key"].startswith("ytj:search:")]
    assert len(pages) == 4  # 31 recorded companies, ten a page
    companies = {c["businessId"]["value"] for e in pages
                 for c in json.loads((cache / e["file"]).read_text())["companies"]}  # fmt: skip
    assert companies == set(fake_apis.ytj)


def test_fake_ytj_answers_the_recorded_registry_record(fake_apis: FakeApis) -> None:
    """The stand-in answers a business ID with the real v3 answer recorded for it."""
    answer = httpx.get(f"{fake_apis.base}/opendata-ytj-api/v3/companies",
                       params={"businessId": "2996949-9"}).json()  # fmt: skip
    assert answer["companies"][0]["names"][0]["name"] == "! 0iva Aalto Oy"


def test_missing_business_ids_are_the_notice_organisations_without_a_registry_record(
    tmp_path: Path,
) -> None:
    from ingest import notices
    from keino.commands.harvest import missing_business_ids

    store = Store(tmp_path / "store")
    notices.ingest(store, [ROOT / "data" / "notices" / "ted-finland"], batch="ted-finland")
    missing = missing_business_ids(store)
    # Buyers named with their business IDs in the real Finnish notices
    assert {"0139533-1", "0804847-1", "2170029-2", "1010547-1"} <= set(missing)
    assert all(normalise_business_id(b) == b for b in missing)


@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
    length=st.integers(min_value=0, max_value=400),
    days=st.integers(min_value=1, max_value=40),
)
def test_windows_cover_each_day_once(start: date, length: int, days: int) -> None:
    end = start + timedelta(days=length)
    covered = [w for w in windows(start, end, days)]
    spans = [(b - a).days + 1 for a, b in covered]
    assert sum(spans) == length + 1 and max(spans) <= days
    assert covered[0][0] == start and covered[-1][1] == end
    assert all(b + timedelta(days=1) == c for (_a, b), (c, _d) in itertools.pairwise(covered))
