"""One HTTP client for every harvester: rate limit, retries, ``Retry-After``, backoff.

What it retries: HTTP 429 and 5xx, connection failures and timeouts, and
truncated bodies (a body shorter than its ``Content-Length``, or one that does
not parse as the JSON or XML the caller expects). What it never retries: other
4xx answers, which mean the request itself is wrong (a bad key, a bad query).

The wait before a retry is the server's ``Retry-After`` when it sends one (in
seconds or as an HTTP date), else exponential backoff with full jitter. A server
that asks for a longer wait than ``max_wait`` (a spent daily quota) ends the
harvest at once rather than spending the retries. After ``max_attempts`` the
client raises :class:`HarvestError` with one line that names the request and the
last answer. Header values (the Hilma subscription key) never appear in a message.
"""

from __future__ import annotations

import email.utils
import json
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

import httpx
from lxml import etree

Expect = Literal["json", "xml", "bytes"]
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class HarvestError(Exception):
    """A harvest stopped: the message is one line for the user, never a traceback."""


class _Truncated(Exception):
    """A body that ended early or does not parse as expected; worth another try."""


@dataclass
class RetryPolicy:
    """How often and how long to wait: ``max_attempts`` tries in all, backoff
    ``base * 2**attempt`` seconds with full jitter, no single wait above ``max_wait``."""

    max_attempts: int = 6
    base: float = 1.0
    max_wait: float = 120.0


@dataclass
class Answer:
    """A successful answer: its status, body bytes and the parsed body when asked for."""

    status: int
    content: bytes
    data: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP-date).

    >>> parse_retry_after("7")
    7.0
    >>> parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT",
    ...                   now=datetime(2015, 10, 21, 7, 28, 0, tzinfo=UTC))
    10.0
    >>> parse_retry_after("soon") is None
    True
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class HttpClient:
    """``request()`` with a minimum interval between requests and bounded retries.

    ``sleep``, ``clock`` and ``rng`` are injectable so tests run without waiting.
    ``headers`` go on every request (e.g. the subscription key) and stay out of
    every message.
    """

    def __init__(
        self,
        *,
        source: str,
        headers: Mapping[str, str] | None = None,
        min_interval: float = 0.0,
        policy: RetryPolicy | None = None,
        timeout: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        self.source = source
        self.policy = policy or RetryPolicy()
        self.min_interval = min_interval
        self._sleep = sleep
        self._clock = clock
        self._rng = rng or random.Random()
        self._last: float | None = None
        self._http = httpx.Client(
            headers={"User-Agent": "keino-graph harvester", **(headers or {})},
            timeout=timeout,
            follow_redirects=True,
        )
        self.waits: list[float] = []  # every retry wait, for the run summary

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        params: httpx.QueryParams | None = None,
        json_body: Any = None,
        expect: Expect = "json",
    ) -> Answer:
        """Send one request, retrying as the policy allows; the answer or :class:`HarvestError`."""
        last = "no answer"
        for attempt in range(self.policy.max_attempts):
            self._throttle()
            wait: float | None = None
            try:
                response = self._http.request(method, url, params=params, json=json_body)
                if response.status_code in RETRY_STATUSES:
                    wait = parse_retry_after(response.headers.get("Retry-After"))
                    last = _status_line(response)
                elif response.is_error:
                    raise HarvestError(
                        f"{self.source}: {method} {_where(response.request.url)} answered "
                        f"{_status_line(response)}{_hint(response.status_code)}"
                    )
                else:
                    return _answer(response, expect)
            except (httpx.TransportError, _Truncated) as exc:
                last = _transport_line(exc)
            if wait is not None and wait > self.policy.max_wait:
                raise HarvestError(
                    f"{self.source}: {method} {_where(httpx.URL(url))} answered {last} and asks "
                    f"to wait {wait:.0f} s (Retry-After), more than {self.policy.max_wait:.0f} s; "
                    "the cursor stays where it was, run again later"
                )
            if attempt + 1 < self.policy.max_attempts:
                self._backoff(attempt, wait)
        raise HarvestError(
            f"{self.source}: {method} {_where(httpx.URL(url))} gave up after "
            f"{self.policy.max_attempts} attempts (last: {last}); the cursor stays where it "
            "was, run again later"
        )

    def _throttle(self) -> None:
        """Keep at least ``min_interval`` seconds between request starts."""
        if self._last is not None and self.min_interval > 0:
            gap = self.min_interval - (self._clock() - self._last)
            if gap > 0:
                self._sleep(gap)
        self._last = self._clock()

    def _backoff(self, attempt: int, retry_after: float | None) -> None:
        """Wait as the server asked, else exponential backoff with full jitter."""
        if retry_after is not None:
            wait = retry_after
        else:
            ceiling = min(self.policy.max_wait, self.policy.base * 2**attempt)
            wait = self._rng.uniform(0, ceiling)
        self.waits.append(wait)
        self._sleep(wait)


def _answer(response: httpx.Response, expect: Expect) -> Answer:
    """Read and check the body; a body that does not parse counts as truncated."""
    content = response.content  # httpx raises RemoteProtocolError when it ends early
    declared = response.headers.get("Content-Length")
    plain = "Content-Encoding" not in response.headers  # a decoded body has another length
    if plain and declared is not None and declared.isdigit() and int(declared) != len(content):
        raise _Truncated(f"body of {len(content)} bytes, {declared} declared")
    data: Any = None
    if expect == "json":
        try:
            data = json.loads(content)
        except ValueError as exc:
            raise _Truncated(f"body is not complete JSON ({exc})") from None
    elif expect == "xml":
        try:
            etree.fromstring(content, parser=etree.XMLParser(resolve_entities=False))
        except etree.XMLSyntaxError as exc:
            raise _Truncated(f"body is not complete XML ({exc})") from None
    return Answer(response.status_code, content, data, dict(response.headers))


def _status_line(response: httpx.Response) -> str:
    return f"HTTP {response.status_code} {response.reason_phrase}".strip()


def _transport_line(exc: Exception) -> str:
    if isinstance(exc, _Truncated):
        return f"truncated answer: {exc}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"truncated answer: {exc}"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _where(url: httpx.URL) -> str:
    """The URL without its query string (queries can be long; keys never go there)."""
    return str(url.copy_with(query=None))


def _hint(status: int) -> str:
    if status in (401, 403):
        return "; check the subscription key (KEINO_HILMA_KEY) and its product"
    if status == 404:
        return "; check the base URL setting"
    return ""
