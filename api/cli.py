"""The `themegraph` command line. Errors become exit codes here and nowhere else:
0 done, 2 bad input or usage (one line naming the file, row or element), 1 anything else."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import click
import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from api.bootstrap import open_store
from api.demo import matrix_markdown, run_demo
from api.settings import Settings, load_settings
from graph.errors import BadInput, ThemeGraphError
from graph.matrix import matrix_csv
from graph.results import MatrixQuery
from graph.store import GraphStore
from loaders.pipeline import LoadOptions, load_paths

app = typer.Typer(
    name="themegraph", no_args_is_help=True, pretty_exceptions_enable=False,
    help="Coded expert interviews as a knowledge graph: load, ask, serve.",
)
out = Console()


class StoreKind(str, Enum):
    memory = "memory"
    neo4j = "neo4j"


class OutFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class _State:
    settings: Settings


state = _State()


@app.callback()
def main_options(
    store: Annotated[Optional[StoreKind], typer.Option(help="Store to use; default: neo4j if NEO4J_URI is set, else the embedded store.")] = None,
    data_dir: Annotated[Optional[Path], typer.Option(help="Folder of the embedded store (default ./.themegraph).")] = None,
) -> None:
    try:
        state.settings = load_settings(store=store.value if store else None, data_dir=data_dir)
    except ValidationError as exc:
        raise BadInput("; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors()), "settings") from None


def _store() -> GraphStore:
    return open_store(state.settings)


@app.command()
def demo(
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Stop after writing the outputs.")] = False,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the outputs.")] = Path("themegraph-demo"),
    host: Annotated[str, typer.Option(help="Address to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8000,
) -> None:
    """Load the bundled illustrative sample, write the risks matrix and stats to --out, then serve."""
    store = _store()
    try:
        report = run_demo(store, out_dir)
    finally:
        store.close()
    out.print(f"Loaded {report.quotes} illustrative quotes from {report.experts} experts into study "
              f"[bold]{report.study}[/bold] ({state.settings.store_kind} store).")
    out.print(f"Wrote risks-matrix.json, risks-matrix.csv, risks.md, stats.json to {out_dir}/")
    if not no_serve:
        serve(host=host, port=port)


@app.command()
def load(
    paths: Annotated[list[Path], typer.Argument(help="Files to load.", show_default=False)],
    study: Annotated[Optional[str], typer.Option(help="Study id (default: 'default').")] = None,
    format: Annotated[str, typer.Option(help="auto or csv.")] = "auto",
    codebook: Annotated[Optional[str], typer.Option(help="'reference': the reference study's 4 themes and 11 sub-themes.")] = None,
    extend_codebook: Annotated[bool, typer.Option(help="Accept codes outside the study's codebook on purpose.")] = False,
    dry_run: Annotated[bool, typer.Option(help="Validate and report; write nothing.")] = False,
    report: Annotated[Optional[str], typer.Option(help="'json' prints the load report as JSON.")] = None,
) -> None:
    """Load coded segments; every file is checked before any is written."""
    if codebook not in (None, "reference"):
        raise BadInput(f"--codebook {codebook!r}: this version knows only 'reference'", "--codebook")
    store = _store()
    try:
        reports = load_paths(store, paths, LoadOptions(study=study, format=format, codebook=codebook,
                                                      extend_codebook=extend_codebook, dry_run=dry_run))
    finally:
        store.close()
    if report == "json":
        print(json.dumps([r.model_dump() for r in reports], indent=2, ensure_ascii=False))
        return
    for r in reports:
        verb = "checked (dry run)" if dry_run else "loaded"
        out.print(f"{r.file}: {verb} {r.rows} rows: {r.experts} experts, {r.quotes} quotes, "
                  f"{r.codings} codings into study {r.study} (codebook {r.codebook})")
        for name in r.new_themes + r.new_subthemes:
            out.print(f"  new code: {name}")


@app.command()
def matrix(
    rows: Annotated[str, typer.Option(help="'profession' or an expert attribute.")] = "profession",
    cols: Annotated[str, typer.Option(help="subtheme or theme.")] = "subtheme",
    category: Annotated[Optional[str], typer.Option(help="benefit, gap, prerequisite, expectation or other.")] = None,
    measure: Annotated[str, typer.Option(help="experts or quotes.")] = "experts",
    study: Annotated[Optional[str], typer.Option(help="Study id; all studies when absent.")] = None,
    format: Annotated[OutFormat, typer.Option(help="table, csv or json.")] = OutFormat.table,
) -> None:
    """Which rows raised which codes, e.g. --category gap for the risks by profession."""
    try:
        query = MatrixQuery(rows=rows, cols=cols, category=category, measure=measure, study=study)
    except ValidationError as exc:
        e = exc.errors()[0]
        raise BadInput(e["msg"], f"--{e['loc'][0]}") from None
    store = _store()
    try:
        m = store.matrix(query)
    finally:
        store.close()
    if format is OutFormat.json:
        print(m.model_dump_json(indent=2))
    elif format is OutFormat.csv:
        sys.stdout.write(matrix_csv(m))
    else:
        table = Table(title=f"{m.measure} by {rows} ({m.n_experts} experts, {m.n_quotes} quotes)")
        table.add_column(rows)
        for c in m.cols:
            table.add_column(c, justify="right", overflow="fold")
        table.add_column("any", justify="right")
        for label, cells, total, size in zip(m.rows, m.cells, m.row_totals, m.row_sizes):
            table.add_row(f"{label} (n={size})", *map(str, cells), str(total))
        table.add_row("all", *map(str, m.col_totals), "", style="bold")
        out.print(table)


@app.command()
def stats(format: Annotated[str, typer.Option(help="table or json.")] = "table") -> None:
    """Counts of studies, experts, sources, quotes, themes, sub-themes, codings, concepts."""
    store = _store()
    try:
        s = store.stats()
    finally:
        store.close()
    if format == "json":
        print(s.model_dump_json(indent=2))
    else:
        for key, value in s.model_dump().items():
            out.print(f"{key:>10}  {value}")


@app.command()
def reset(yes: Annotated[bool, typer.Option("--yes", help="Confirm: delete everything in the store.")] = False) -> None:
    """Delete every node and relationship in the current store."""
    if not yes:
        raise BadInput("reset deletes everything in the store; run it again with --yes", "reset")
    store = _store()
    try:
        store.clear()
    finally:
        store.close()
    out.print(f"The {state.settings.store_kind} store is empty.")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the HTTP API (docs at /docs)."""
    import uvicorn

    from api.app import create_app

    out.print(f"ThemeGraph API on http://{host}:{port}/docs ({state.settings.store_kind} store)")
    uvicorn.run(create_app(state.settings), host=host, port=port, log_level="info")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status instead of raising."""
    try:
        app(args=argv, prog_name="themegraph", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        print("themegraph: aborted", file=sys.stderr)
        return 1
    except click.ClickException as exc:
        print(f"themegraph: {exc.format_message()}", file=sys.stderr)
        return 2
    except BadInput as exc:
        print(f"themegraph: {exc}", file=sys.stderr)
        return 2
    except ThemeGraphError as exc:
        print(f"themegraph: {exc}", file=sys.stderr)
        return 1
    return 0


def run() -> None:
    sys.exit(main())
