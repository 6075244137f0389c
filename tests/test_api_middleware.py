"""Structured access logs: one JSON line per request."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph.store import Store


def test_each_request_is_logged_as_one_json_line(caplog: pytest.LogCaptureFixture) -> None:
    client = TestClient(create_app(Store()))
    with caplog.at_level(logging.INFO, logger="keino.access"):
        client.get("/healthz")
        client.get("/sparql", params={"query": "ASK {}"})
        client.get("/no-such-page")
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "keino.access"]
    assert [(e["method"], e["path"], e["status"]) for e in lines] == [
        ("GET", "/healthz", 200),
        ("GET", "/sparql", 200),
        ("GET", "/no-such-page", 404),
    ]
    assert all(e["ms"] >= 0 for e in lines)
    assert lines[1]["query_chars"] > 0
