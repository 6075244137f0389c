"""Export answers shared by the explorer pages: ``?format=csv|json`` and links to them.

Every explorer view offers a permalink (its URL with the form's parameters), a CSV
download and a JSON answer; these helpers keep the three consistent across routers.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from fastapi import HTTPException
from fastapi.responses import Response

#: the values ``?format=`` accepts; empty is the HTML page
FORMATS = ("", "html", "csv", "json")


def check_format(format: str) -> str:
    """``format`` lower-cased when it is one of :data:`FORMATS`; else a 422 naming it."""
    asked = format.strip().lower()
    if asked not in FORMATS:
        raise HTTPException(422, f"format must be csv or json, not {format[:20]!r}")
    return "" if asked == "html" else asked


def links(path: str, state: Mapping[str, Any]) -> dict[str, Any]:
    """The permalink, CSV and JSON URLs of page ``path`` with parameters ``state``
    (empty values dropped), as template variables ``permalink``, ``csv_url``, ``json_url``."""
    kept = {k: v for k, v in state.items() if v not in (None, "")}
    query = urlencode(kept)
    return {
        "permalink": f"{path}?{query}" if query else path,
        "csv_url": f"{path}?" + urlencode({**kept, "format": "csv"}),
        "json_url": f"{path}?" + urlencode({**kept, "format": "json"}),
    }


def json_response(data: Any, filename: str | None = None) -> Response:
    """``data`` as UTF-8 JSON; with ``filename``, saved under that name when downloaded
    (``Content-Disposition: inline``: a browser still shows it)."""
    headers = {"Content-Disposition": f'inline; filename="{filename}"'} if filename else None
    return Response(
        json.dumps(data, ensure_ascii=False), media_type="application/json", headers=headers
    )


def csv_response(
    rows: Iterable[Mapping[str, Any]], columns: Sequence[str], filename: str
) -> Response:
    """``rows`` as CSV with header ``columns`` (None → empty cell), downloaded as ``filename``."""
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: "" if row.get(c) is None else row[c] for c in columns})
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
