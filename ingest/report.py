"""The ingest report: what a run read, mapped, skipped and refused, and why.

>>> report = IngestReport("notices")
>>> report.mapped("a.xml")
>>> report.failed("b.xml", "not well-formed XML", line=3)
>>> report.ok, report.counts()
(False, {'read': 2, 'mapped': 1, 'skipped': 0, 'failed': 1})
>>> print(report.problems()[0])
b.xml:3: failed: not well-formed XML
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One record that was skipped, failed, or mapped with a warning."""

    path: str
    kind: str  # "skipped" | "failed" | "warning"
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.kind}: {self.reason}"


@dataclass
class IngestReport:
    """Counts and reasons of one ingest; ``ok`` is False when anything failed."""

    source: str
    read: int = 0
    n_mapped: int = 0
    items: list[Problem] = field(default_factory=list)
    triple_count: int = 0
    graph: str | None = None
    run_iri: str | None = None
    refused: str | None = None

    def mapped(self, path: str) -> None:
        """A record was read and mapped."""
        self.read += 1
        self.n_mapped += 1

    def skipped(self, path: str, reason: str, *, line: int | None = None) -> None:
        """A record was read but deliberately not mapped (e.g. out of scope)."""
        self.read += 1
        self.items.append(Problem(path, "skipped", reason, line))

    def failed(self, path: str, reason: str, *, line: int | None = None) -> None:
        """A record could not be read or mapped; the batch goes on."""
        self.read += 1
        self.items.append(Problem(path, "failed", reason, line))

    def warn(self, path: str, reason: str, *, line: int | None = None) -> None:
        """A record was mapped, but something in it was dropped or doubtful."""
        self.items.append(Problem(path, "warning", reason, line))

    def refuse_if_nothing_mapped(self, inputs: str = "the input") -> bool:
        """Refuse the load when no record was mapped; True when the load is refused.

        Loading nothing would replace the source's graph by an empty one: an empty
        folder or a batch of bad files must leave the previous graph as it was.

        >>> report = IngestReport("notices")
        >>> report.skipped("a.xml", "not a notice")
        >>> report.refuse_if_nothing_mapped(), report.refused
        (True, 'nothing mapped (1 skipped, 0 failed)')
        """
        if self.n_mapped or self.refused is not None:
            return self.refused is not None
        counts = self.counts()
        self.refused = (
            f"nothing mapped ({counts['skipped']} skipped, {counts['failed']} failed)"
            if self.read
            else f"nothing to read in {inputs}"
        )
        return True

    def refuse_if_failed_or_empty(self, inputs: str = "the input") -> bool:
        """As :meth:`refuse_if_nothing_mapped`, and refuse too when any record failed
        (sources whose records belong together, e.g. a registry extract); True when
        the load is refused, saying that the graph keeps its previous state.

        >>> report = IngestReport("funding")
        >>> report.failed("f.csv:3", "amounts do not add up")
        >>> report.refuse_if_failed_or_empty(), report.refused
        (True, 'records failed; the funding graph keeps its previous state')
        """
        if not self.ok and self.refused is None:
            self.refused = f"records failed; the {self.source} graph keeps its previous state"
        return self.refuse_if_nothing_mapped(inputs)

    @property
    def ok(self) -> bool:
        return self.refused is None and not any(p.kind == "failed" for p in self.items)

    def counts(self) -> dict[str, int]:
        kinds = [p.kind for p in self.items]
        return {
            "read": self.read,
            "mapped": self.n_mapped,
            "skipped": kinds.count("skipped"),
            "failed": kinds.count("failed"),
        }

    def problems(self) -> list[Problem]:
        """Failures first, then skips, then warnings."""
        order = {"failed": 0, "skipped": 1, "warning": 2}
        return sorted(self.items, key=lambda p: (order[p.kind], p.path, p.line or 0))


class RowError(ValueError):
    """A source row that cannot be mapped: its line (1-based) and why."""

    def __init__(self, reason: str, line: int = 0) -> None:
        super().__init__(f"line {line}: {reason}")
        self.reason, self.line = reason, line
