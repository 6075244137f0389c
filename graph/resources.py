"""Where the ontology, the named queries and the bundled data live.

In a checkout they sit at the repository root; in an installed wheel they are
packed under ``graph/_resources/``.

>>> (resource_dir("ontology") / "keino.ttl").name
'keino.ttl'
>>> resource_dir("queries").is_dir()
True
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent
KINDS = ("ontology", "queries", "data")


def resource_dir(kind: str) -> Path:
    """The folder of one resource kind: ``ontology``, ``queries`` or ``data``."""
    if kind not in KINDS:
        raise ValueError(f"unknown resource kind {kind!r}; expected one of {KINDS}")
    installed = _HERE / "_resources" / kind
    return installed if installed.is_dir() else _HERE.parent / kind
