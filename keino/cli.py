"""``keino``: build, query, validate and serve the KEINO knowledge graph.

This module is the composition root: the only place that imports ``ingest``,
``graph`` and ``api`` together. Source-specific commands live in
``keino/commands/*.py``; each module there has ``register(app, ingest_app)`` and
joins the app through :data:`COMMANDS`; what derives from the graph is refreshed
after an ingest by the hooks in :data:`AFTER_INGEST`; the demo's steps are listed
in :mod:`keino.demo`. Every command reaches the store through the context object
(``ctx.obj``, :class:`keino.context.KeinoContext`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from graph import __version__
from graph.backup import DumpError
from graph.iris import GRAPH_BASE
from graph.queries import QueryCatalogue, QueryError
from graph.remote import is_url
from graph.results import Table, run_named, select, to_csv, to_json
from graph.serving import StoreBusy, ensure_writable, serving
from graph.sparql import SparqlEngine, SparqlError, SparqlRequest, SparqlSettings, UpdateRefused
from keino.commands import (
    bridge,
    codelists,
    companies,
    documents,
    ecosystem,
    extract,
    funding,
    harvest,
    indicators,
    links,
    match,
    notices,
    registry,
)
from keino.context import KeinoContext, start, store_of
from keino.output import table_console
from keino.report import print_report

console = Console(stderr=True)
app = typer.Typer(
    help="KEINO graph: Finland's sustainable and innovative public-procurement ecosystem "
    "as a knowledge graph.\n\nExample: keino --store var/store stats",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
)
ingest_app = typer.Typer(
    help="Load a source into its named graph (replacing the previous "
    "version of that source in one transaction).",
    no_args_is_help=True,
)
app.add_typer(ingest_app, name="ingest")

StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        envvar="KEINO_STORE",
        help="On-disk Oxigraph store folder, or a SPARQL server's http(s):// URL "
        "(default $KEINO_STORE, else ~/.local/share/keino/store).",
        show_default=False,
    ),
]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")]


#: the command modules, each adding its commands with ``register(app, ingest_app)``
COMMANDS = (
    bridge,
    codelists,
    companies,
    documents,
    ecosystem,
    extract,
    funding,
    harvest,
    indicators,
    links,
    match,
    notices,
    registry,
)
#: refreshed after every ingest that loaded something, in this order; each decides
#: from the report's source whether it has work to do
AFTER_INGEST = (
    indicators.after_ingest,
    links.after_ingest,
    bridge.after_ingest,
    match.after_ingest,
)


def _print_version(value: bool) -> None:
    """``--version``: print it and stop, before any command runs or a store opens."""
    if value:
        typer.echo(f"keino-graph {__version__}")
        raise typer.Exit


@app.callback()
def main_options(
    ctx: typer.Context,
    store: StoreOpt = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version.", is_eager=True, callback=_print_version
        ),
    ] = False,
) -> None:
    """Global options."""
    url = store if store is not None and is_url(store) else None
    folder = Path(store) if store is not None and url is None else None
    start(ctx, KeinoContext(store_path=folder, store_url=url, after_ingest=AFTER_INGEST))


@app.command()
def stats(ctx: typer.Context) -> None:
    """Triples per named graph and the last ingest run of each.

    Example: keino stats
    """
    store = store_of(ctx)
    runs = {row["graph"]: row for row in select(store, _LAST_RUNS).rows}
    table = RichTable(
        "graph", "triples", "last ingest (UTC)", "inputs", title=f"kg: = {GRAPH_BASE}"
    )
    total = 0
    for graph in store.graphs():
        n = store.count(graph)
        total += n
        run = runs.get(graph, {})
        ended = str(run.get("ended", ""))[:19].replace("T", " ")
        name = graph.replace(GRAPH_BASE, "kg:")
        table.add_row(name, f"{n:,}", ended, str(run.get("inputs", "")))
    table_console().print(table)
    table_console().print(
        f"{total:,} triples in {len(store.graphs())} named graphs at {store.location}"
    )


_LAST_RUNS = """
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?graph ?ended (COUNT(?used) AS ?inputs) WHERE {
  ?graph prov:wasGeneratedBy ?run . ?run prov:endedAtTime ?ended .
  OPTIONAL { ?run prov:used ?used }
} GROUP BY ?graph ?ended"""


@app.command()
def validate(
    ctx: typer.Context,
    files: Annotated[
        list[Path] | None, typer.Argument(help="Turtle files to validate instead of the store.")
    ] = None,
    graph: Annotated[str | None, typer.Option(help="Validate one named graph only.")] = None,
) -> None:
    """Check the store (or Turtle files) against the SHACL shapes.

    Lists each result (focus node, property, shape, message); exits 1 when any
    is a violation (warnings alone pass).

    Example: keino validate  ·  keino validate ontology/examples/valid/*.ttl
    """
    import rdflib

    from graph.procurement import retired_terms_in
    from graph.validate import validate_graph, validate_store

    if files:
        data = rdflib.Graph()
        for path in files:
            try:
                data.parse(path, format="turtle")
            except (SyntaxError, OSError, UnicodeDecodeError) as exc:  # bad input: one line
                reason = " ".join(str(exc).split())[:200]
                console.print(f"[red]error[/red]: {path}: not valid Turtle: {escape(reason)}",
                              highlight=False, soft_wrap=True)  # fmt: skip
                raise typer.Exit(2) from None
        checked = len(data)
        violations = validate_graph(data)
    else:
        store = store_of(ctx)
        retired = retired_terms_in(store)
        if retired:  # notices mapped in ePO 4.0 terms: the shapes would only list symptoms
            names = ", ".join(t.rsplit("#", 1)[-1] for t in retired)
            console.print(f"[red]old notices[/red]: the store holds ePO 4.0 terms ({names}); "
                          "re-ingest the notices (keino ingest notices …) to move them to ePO 4.2",
                          highlight=False, soft_wrap=True)  # fmt: skip
            raise typer.Exit(1)
        # One named graph at a time: each source's shapes look only inside it.
        violations, checked = validate_store(store, graph)
    for violation in violations:
        typer.echo(str(violation))
    failing = [v for v in violations if v.severity == "Violation"]
    warnings = len(violations) - len(failing)
    if not failing:
        console.print(f"[green]conforms[/green]: {checked:,} triples, {warnings} warning(s)")
        return
    console.print(f"[red]{len(failing)} violation(s)[/red] in {checked:,} triples")
    raise typer.Exit(1)


@app.command()
def sparql(
    ctx: typer.Context,
    query: Annotated[str | None, typer.Argument(help="A SPARQL query (read only).")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="Read the query from a file.")] = None,
    fmt: FormatOpt = "table",
) -> None:
    """Run any read query over the union of all named graphs.

    Example: keino sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    """
    text = file.read_text(encoding="utf-8") if file else query
    if not text:
        raise typer.BadParameter("give a query or --file")
    engine = SparqlEngine(store_of(ctx), SparqlSettings.from_env())
    try:
        answer = engine.answer(SparqlRequest(text))
    except UpdateRefused:
        console.print(
            "[red]refused[/red]: keino sparql runs read queries only; "
            "use `keino ingest` to change the store"
        )
        raise typer.Exit(2) from None
    except SparqlError as exc:
        console.print(f"[red]error[/red]: {exc.message}")
        raise typer.Exit(2) from None
    finally:
        engine.close()
    _print_answer(answer, fmt)


@app.command()
def query(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="Named query (see --list).")] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Parameter as key=value; repeatable.")
    ] = None,
    fmt: FormatOpt = "table",
    list_: Annotated[bool, typer.Option("--list", help="List the named queries.")] = False,
) -> None:
    """Run a named researcher query from queries/*.rq.

    Example: keino query keino-consortium-on-date --param on=2021-06-01
    """
    catalogue = QueryCatalogue()
    if list_ or not name:
        table = RichTable("name", "summary", "parameters")
        for q in catalogue:
            table.add_row(
                q.name,
                q.summary,
                ", ".join(f"{p.name}{'?' if p.optional else ''}" for p in q.params),
            )
        table_console().print(table)
        return
    try:
        values = dict(_key_value(p) for p in param or [])
        answer = run_named(store_of(ctx), catalogue.get(name), values)
    except QueryError as exc:
        console.print(f"[red]error[/red]: {exc}")
        raise typer.Exit(2) from None
    _print_answer(answer, fmt)


@app.command()
def dump(
    ctx: typer.Context, path: Annotated[Path, typer.Argument(help="N-Quads file to write.")]
) -> None:
    """Write every named graph to an N-Quads file.

    Example: keino dump backup.nq
    """
    n = store_of(ctx).dump(path)
    console.print(f"wrote {n:,} quads to {path}")


@app.command()
def restore(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="N-Quads file from `keino dump`.")],
    force: Annotated[
        bool, typer.Option("--force", "--yes", help="Replace a store that holds data.")
    ] = False,
) -> None:
    """Replace the whole store with a `keino dump`, checked in full before the swap.

    A malformed or truncated dump is refused with its line; the store keeps its
    data. A store that holds data is replaced only with --force.

    Example: keino --store var/copy restore backup.nq
    """
    if not path.is_file():
        raise typer.BadParameter(f"{path} is not a file")
    store = store_of(ctx)
    ensure_writable(store)
    if store.count() and not force:
        console.print(
            f"[red]refused[/red]: {store.location} holds {store.count():,} quads; "
            "add --force to replace them",
            highlight=False,
        )
        raise typer.Exit(1)
    n = store.restore(path)
    console.print(f"restored {n:,} quads from {path}")


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Serve the HTTP API and explorer (OpenAPI at /docs, health at /healthz).

    Example: keino serve --port 8000
    """
    import logging

    import uvicorn

    from api.main import create_app

    url = f"http://{host}:{port}/"
    console.print(f"serving {store_of(ctx).location} on {url} (docs at /docs)")
    logging.basicConfig(level=logging.INFO, format="%(message)s")  # JSON access-log lines
    with serving(store_of(ctx), url):  # tells other keino commands who holds the store
        uvicorn.run(create_app(store_of(ctx)), host=host, port=port, log_level="info",
                    access_log=False)  # fmt: skip


@app.command()
def demo(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Build the demo graph only.")
    ] = False,
) -> None:
    """Build the demo graph from the bundled data, then serve it.

    Example: keino --store var/demo demo --port 8000
    """
    from keino.demo import build_demo

    ok = build_demo(store_of(ctx), console)
    if no_serve:
        raise typer.Exit(0 if ok else 1)
    serve(ctx, host=host, port=port)


def _key_value(item: str) -> tuple[str, str]:
    if "=" not in item:
        raise QueryError(f"parameter {item!r} is not key=value")
    key, value = item.split("=", 1)
    return key.strip(), value


def _print_answer(answer: object, fmt: str) -> None:
    if isinstance(answer, Table):
        if fmt == "json":
            typer.echo(to_json(answer))
        elif fmt == "csv":
            typer.echo(to_csv(answer), nl=False)
        else:
            table = RichTable(*answer.variables)
            for row in answer.rows:
                table.add_row(
                    *("" if row.get(v) is None else str(row[v]) for v in answer.variables)
                )
            table_console().print(table)
            console.print(f"{len(answer.rows)} row(s)")
    elif isinstance(answer, bool):
        typer.echo(json.dumps(answer) if fmt == "json" else str(answer).lower())
    else:
        for t in answer:  # type: ignore[attr-defined]
            typer.echo(f"{t} .")


for _module in COMMANDS:
    _module.register(app, ingest_app)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except QueryError as exc:
        console.print(f"[red]error[/red]: {exc}")
        sys.exit(2)
    except (StoreBusy, DumpError, OSError) as exc:  # expected: one line, no traceback
        console.print(f"[red]error[/red]: {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(1)


__all__ = ["AFTER_INGEST", "COMMANDS", "app", "console", "ingest_app", "main", "print_report"]
