"""Which format a file is, and its parsed notice.

eForms (UBL roots ``ContractNotice``, ``PriorInformationNotice``,
``ContractAwardNotice``), TED XML R2.0.9 (``TED_EXPORT``, ``TED_ESENDERS``) and
TED search-API JSON records whose ``content`` is a base64 eForms notice. The
format is decided from the root element, not the file name.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from pathlib import Path

from lxml import etree

from ingest.notices import eforms, ted
from ingest.notices.gaps import epo_gaps
from ingest.notices.limits import check_size, entities_as_text
from ingest.notices.model import NotANotice, NoticeError, ParsedNotice

# No network, no entity expansion: notices come from outside.
# Whitespace between elements is dropped at parse time: about a third less memory
# for an indented notice (a 38 MB file: 350 MB peak before, 246 MB after).
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    remove_comments=True,
    huge_tree=False,
    remove_blank_text=True,
)


def detect(root: etree._Element) -> str:
    """``eforms`` or ``ted`` from the root element; raises :class:`NotANotice` otherwise.

    >>> detect(etree.fromstring(b"<TED_EXPORT/>"))
    'ted'
    """
    name = etree.QName(root).localname
    if name in eforms.ROOTS:
        return "eforms"
    if name in ted.ROOTS:
        return "ted"
    raise NotANotice(f"root element <{name}> is neither eForms nor TED XML")


def parse_bytes(data: bytes, path: str) -> ParsedNotice:
    """Parse one notice from bytes. Malformed XML raises :class:`NoticeError` with the line."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else None)
        raise NoticeError(path, f"not well-formed XML: {exc.msg}", line) from None
    kept = entities_as_text(root)
    if detect(root) == "eforms":
        notice = eforms.parse_eforms(root, path)
    else:
        fallback = f"{Path(path).stem}-{hashlib.sha1(data).hexdigest()[:8]}"
        notice = ted.parse_ted(root, path, fallback)
    if kept:
        notice.warnings.append(f"{kept} entity reference(s) kept as text, not expanded")
    notice.warnings += epo_gaps(notice)
    return notice


def parse_file(path: Path) -> ParsedNotice:
    """Parse one ``.xml`` notice or TED search-API ``.json`` record."""
    check_size(path)
    data = path.read_bytes()
    if path.suffix.lower() == ".json":
        content = _json_content(data, str(path))
        check_size(path, len(content))
        return parse_bytes(content, str(path))
    return parse_bytes(data, str(path))


def _json_content(data: bytes, path: str) -> bytes:
    try:
        record = json.loads(data)
    except json.JSONDecodeError as exc:
        raise NoticeError(path, f"not valid JSON: {exc.msg}", exc.lineno) from None
    content = record.get("content") if isinstance(record, dict) else None
    if not isinstance(content, str):
        raise NotANotice("JSON without a base64 notice in 'content'")
    try:
        return base64.b64decode(content, validate=False)
    except (binascii.Error, ValueError) as exc:
        raise NoticeError(path, f"'content' is not base64: {exc}", 1) from None
