"""``keino match``: suppliers for a need, open needs for a supplier, the match index,
and ``keino match evaluate``: how well the ranking finds later winners.

The index lives beside the store (``<store>.match-index``); it is rebuilt after
every ingest (``after_ingest``), refitting the ranker on the store's awards.
When the store has moved on since the index was built (another process
ingested), the answer comes from the previous index, says so, and the index is
rebuilt before the command exits.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from graph.codes import is_cpv, is_nuts
from graph.matching import IndexStatus, Match, Matcher, MatcherHandle, Need, NeedMatch
from graph.matching import index as ix
from graph.matching.evaluate import evaluate
from graph.matching.matcher import default_index_dir, ecosystem_links, supplier_sizes
from graph.procurement import lot_records
from graph.store import Store
from ingest.report import IngestReport
from keino.context import running
from keino.demo import DemoStep
from keino.output import table_console

_out = table_console()
_err = Console(stderr=True)


def refresh_index(store: Store) -> IngestReport:
    """Refit the ranker, rebuild the match index from the store and save it beside the store."""
    report = IngestReport("match-index")
    started = time.perf_counter()
    matcher = Matcher.from_store(store)
    folder = default_index_dir(store)
    if folder is not None:
        ix.save(matcher.index, folder)
    suppliers, lots = matcher.index.size
    report.read = report.n_mapped = lots
    if not suppliers:
        report.warn("match-index", "no awarded lots with winners: matchmaking will answer nothing")
    report.graph = str(folder) if folder else "(in memory)"
    report.run_iri = (
        f"{suppliers} suppliers, ranker {matcher.ranker.kind} ({matcher.ranker.reason}) "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return report


def after_ingest(store: Store, report: IngestReport) -> IngestReport | None:
    """After any ingest into an on-disk store: rebuild the index so it is never stale."""
    if report.source == "match-index" or default_index_dir(store) is None:
        return None
    return refresh_index(store)


class _MatchGroup(TyperGroup):
    """``keino match TEXT …`` asks (the hidden ``ask`` command); ``keino match evaluate``
    evaluates."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # typer's own click Context
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["ask", *args]
        return super().parse_args(ctx, args)


def _check(cpv: list[str], region: str | None) -> None:
    bad = [c for c in cpv if not is_cpv(c)]
    if bad:
        raise typer.BadParameter(f"unknown CPV code(s): {', '.join(bad)}", param_hint="--cpv")
    if region and not is_nuts(region):
        raise typer.BadParameter(f"unknown NUTS code: {region}", param_hint="--region")


def _status_line(status: IndexStatus) -> str:
    state = "stale (the store changed since; rebuilding)" if status.stale else "current"
    return (f"index {state}: {status.suppliers:,} suppliers, {status.lots:,} won lots, "
            f"{status.registry_companies:,} registry companies; ranker {status.ranker} "
            f"({status.ranker_reason}); registry weights {status.registry_weights}")  # fmt: skip


def _print(results: Sequence[Match | NeedMatch], fmt: str, title: str, status: IndexStatus) -> None:
    if fmt == "json":
        body: dict[str, Any] = {"index": status.as_dict(),
                                "results": [_as_dict(r) for r in results]}  # fmt: skip
        typer.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    table = Table(title=title, caption=_status_line(status))
    for column in ("#", "score", "name", "kind", "why (signal: contribution)"):
        table.add_column(column, no_wrap=column == "kind")  # the mark is read as one phrase
    for rank, r in enumerate(results, 1):
        name = r.supplier_label if isinstance(r, Match) else r.title
        why = ", ".join(f"{c.signal}: {c.contribution:+.3f}" for c in r.explanation)
        table.add_row(str(rank), f"{r.score:.3f}", name, _kind(r), why)
    _out.print(table)


def _kind(r: Match | NeedMatch) -> str:
    """``won N`` for a winner; the "no public contract won yet" mark for a potential."""
    if not isinstance(r, Match):
        return "open need"
    return r.note or f"won {r.won_contracts}"


def _as_dict(r: Match | NeedMatch) -> dict[str, Any]:
    out = dataclasses.asdict(r)
    if isinstance(r, Match):
        out["note"] = r.note
    return out


def _finish(handle: MatcherHandle) -> None:
    """Let a background rebuild finish, so the next call finds a current index."""
    if handle.rebuilding:
        _err.print("rebuilding the match index for the next call …")
        handle.wait()


def register(app: typer.Typer, ingest_app: typer.Typer) -> None:
    """Add ``keino match`` (ask, evaluate) and ``keino needs``."""
    match_app = typer.Typer(
        cls=_MatchGroup,
        help="Suppliers for a need (keino match TEXT), or evaluate the ranking "
        "(keino match evaluate).",
        no_args_is_help=True,
    )
    app.add_typer(match_app, name="match")

    @match_app.command("ask", hidden=True)
    def match(
        text: Annotated[str, typer.Argument(help="The need in Finnish, Swedish or English.")],
        cpv: Annotated[
            list[str] | None, typer.Option("--cpv", help="CPV code (repeatable).")
        ] = None,
        region: Annotated[
            str | None, typer.Option(help="NUTS code of the place, e.g. FI1B1.")
        ] = None,
        budget: Annotated[float | None, typer.Option(help="Estimated value in euros.")] = None,
        buyer: Annotated[str | None, typer.Option(help="Buyer organisation IRI.")] = None,
        limit: Annotated[int, typer.Option(min=1, max=100, help="How many suppliers.")] = 10,
        fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
        rebuild: Annotated[bool, typer.Option(help="Rebuild the match index first.")] = False,
    ) -> None:
        """Rank suppliers for a need: winners of awarded lots, and registry companies whose
        main line fits it but that have won no public contract yet (kind "potential");
        each result shows every signal's contribution (they add up to the score) and the
        graph IRIs behind it.

        Example: keino match "sähköbussien latausinfrastruktuuri" --cpv 31158100 -f json
        """

        if not text.strip() or len(text) > 10_000:
            raise typer.BadParameter("give 1 to 10,000 characters of text", param_hint="TEXT")
        _check(cpv or [], region)
        store = running().store()
        if rebuild:
            refresh_index(store)
        handle = MatcherHandle(store)
        need = Need(text, tuple(cpv or ()), region, budget, buyer, limit)
        results = handle.get().match(need)
        _print(results, fmt, f"suppliers for: {text[:60]}", handle.status())
        _finish(handle)

    @match_app.command("evaluate")
    def evaluate_command(
        train_share: Annotated[
            float, typer.Option(min=0.5, max=0.95, help="Oldest share of awards to train on.")
        ] = 0.8,
        max_test: Annotated[int, typer.Option(min=10, help="Later awards asked at most.")] = 2000,
        seed: Annotated[int, typer.Option(help="Seed of the random baseline.")] = 7,
    ) -> None:
        """Time-ordered evaluation on this store's awards: the fitted ranker beside the
        random, most-frequent, CPV, CPV + region and CPV + region + buyer baselines
        (HR@1/5/10, MRR@10, nDCG@10, coverage, share beyond the 20 usual winners).
        """

        store = running().store()
        records = list(lot_records(store))
        try:
            report = evaluate(
                records, train_share=train_share, max_test=max_test, seed=seed,
                sizes=supplier_sizes(store), ecosystem=ecosystem_links(store),
            )  # fmt: skip
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="store") from exc
        typer.echo(report.table())

    @app.command("needs")
    def needs(
        supplier: Annotated[str, typer.Argument(help="Supplier organisation IRI.")],
        limit: Annotated[int, typer.Option(min=1, max=100, help="How many needs.")] = 10,
        fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    ) -> None:
        """Rank open needs (lots of contract and prior-information notices without an
        award) for a supplier, scored as `keino match` scores suppliers.

        Example: keino needs https://w3id.org/keino/id/org/fi/0988084-1 -f json
        """

        handle = MatcherHandle(running().store())
        matcher = handle.get()
        if not matcher.has_supplier(supplier):
            raise typer.BadParameter(
                "not a supplier (no won lot) in this graph", param_hint="SUPPLIER"
            )
        _print(matcher.needs_for(supplier, limit), fmt, f"open needs for {supplier}",
               handle.status())  # fmt: skip
        _finish(handle)


DEMO = DemoStep(70, "Match index (suppliers' won lots; ranker fitted on the awards)", refresh_index)
