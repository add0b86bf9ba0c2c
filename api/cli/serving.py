"""Commands that run the service: serve, demo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli.app import app, opened_store, out, state
from api.demo import run_demo


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


@app.command()
def demo(
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Stop after writing the outputs.")] = False,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the outputs.")] = Path("themegraph-demo"),
    host: Annotated[str, typer.Option(help="Address to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8000,
) -> None:
    """Load the bundled illustrative sample, write the risks matrix and stats to --out, then serve."""
    with opened_store() as store:
        report = run_demo(store, out_dir)
    out.print(f"Loaded {report.quotes} illustrative quotes from {report.experts} experts into study "
              f"[bold]{report.study}[/bold] ({state.settings.store_kind} store).")
    out.print(f"Wrote risks-matrix.json, risks-matrix.csv, risks.md, stats.json to {out_dir}/")
    if not no_serve:
        serve(host=host, port=port)
