"""Commands that change the store: load, reset."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from api.cli.app import app, opened_store, out, state
from graph.errors import BadInput
from loaders.pipeline import LoadOptions, load_paths


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
    with opened_store() as store:
        reports = load_paths(store, paths, LoadOptions(study=study, format=format, codebook=codebook,
                                                      extend_codebook=extend_codebook, dry_run=dry_run))
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
def reset(yes: Annotated[bool, typer.Option("--yes", help="Confirm: delete everything in the store.")] = False) -> None:
    """Delete every node and relationship in the current store."""
    if not yes:
        raise BadInput("reset deletes everything in the store; run it again with --yes", "reset")
    with opened_store() as store:
        store.clear()
    out.print(f"The {state.settings.store_kind} store is empty.")
