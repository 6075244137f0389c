"""Limits on notice files, and what the parser does with entity references.

Notices come from outside. A file larger than ``KEINO_MAX_NOTICE_BYTES`` (default
20 MB; the largest real notice bundled, 100 lots of the eForms SDK, is 1.8 MB) is
skipped before it is read, with the size and the limit in the reason. A notice
is parsed as one tree (the eForms and TED parsers look across it): a 38 MB notice
of 2,200 lots peaks at about 250 MB of memory, and 1.7 million tiny elements in
37 MB at about 500 MB, so the limit is what bounds the memory of one parse.

The parser never expands entities (no external files, no entity bombs); a
reference to one is kept in the text as written (``&name;``) so the text after it
is not lost, and the notice gets a warning saying so.
"""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

from ingest.notices.model import NoticeRefused

DEFAULT_MAX_BYTES = 20_000_000
ENV = "KEINO_MAX_NOTICE_BYTES"


def max_notice_bytes() -> int:
    """The size limit of one notice file: ``$KEINO_MAX_NOTICE_BYTES`` or 20 MB."""
    value = os.environ.get(ENV, "")
    return int(value) if value.strip().isdigit() else DEFAULT_MAX_BYTES


def check_size(path: Path | str, size: int | None = None) -> None:
    """Raise :class:`NoticeRefused` (the file is skipped) when ``path`` is over the limit.

    >>> os.environ[ENV] = "10"
    >>> check_size("big.xml", size=11)
    Traceback (most recent call last):
    ...
    ingest.notices.model.NoticeRefused: big.xml:: file is 11 bytes, over the limit of 10 bytes ...
    >>> del os.environ[ENV]
    """
    limit = max_notice_bytes()
    size = Path(path).stat().st_size if size is None else size
    if size > limit:
        reason = f"file is {_bytes(size)}, over the limit of {_bytes(limit)} ({ENV})"
        raise NoticeRefused(str(path), reason)


def _bytes(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1_000_000 else f"{n:,} bytes"


def entities_as_text(root: etree._Element) -> int:
    """Replace each unexpanded entity reference below ``root`` by its text ``&name;``.

    Returns how many there were. Without this the reference stays a node of its
    own and readers of ``.text`` lose everything after it.

    >>> parser = etree.XMLParser(resolve_entities=False)
    >>> doc = b'<!DOCTYPE r [<!ENTITY e "E">]><r>a &e; b<x/>c &e; d</r>'
    >>> root = etree.fromstring(doc, parser)
    >>> entities_as_text(root), root.text, root[0].tail
    (2, 'a &e; b', 'c &e; d')
    """
    refs = list(root.iter(etree.Entity))
    for ref in refs:
        parent = ref.getparent()
        if parent is None:
            continue
        text = (ref.text or "") + (ref.tail or "")
        previous = ref.getprevious()
        parent.remove(ref)  # takes its tail along; both are re-attached as text below
        if previous is not None:
            previous.tail = (previous.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
    return len(refs)
