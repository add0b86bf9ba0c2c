"""The view command: one interactive view written to a self-contained HTML file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from api.cli.app import app, opened_store, out
from graph.errors import BadInput
from graph.views import DEFAULT_BUDGET, ViewSpec, export_views
from graph.views.budget import MAX_BUDGET, MIN_BUDGET

__all__ = ["view"]


@app.command()
def view(
    which: Annotated[str, typer.Argument(metavar="overview|risks|expert:UID|theme:UID|neighborhood:UID",
                                         help="The view: a study's overview or risks, or one expert, theme, "
                                              "sub-theme or any node's neighbourhood.")],
    out_file: Annotated[Path, typer.Option("--out", help="HTML file to write (UTF-8, opens offline).")],
    study: Annotated[Optional[str], typer.Option(help="Study id for overview and risks, and for the neighbourhood "
                                                      "of a profession or concept (shared by studies); may be left "
                                                      "out when one study is loaded.")] = None,
    depth: Annotated[int, typer.Option(help="Steps from the node, for neighborhood:UID (1-3).")] = 1,
    budget: Annotated[int, typer.Option(help=f"Most nodes drawn ({MIN_BUDGET}-{MAX_BUDGET}); above it the view "
                                             "groups the rest into '+N more' nodes.")] = DEFAULT_BUDGET,
) -> None:
    """Write one interactive view (pyvis) to a self-contained HTML file."""
    if not MIN_BUDGET <= budget <= MAX_BUDGET:
        raise BadInput(f"must be between {MIN_BUDGET} and {MAX_BUDGET}", "--budget")
    spec = ViewSpec.parse(which, study=study, depth=depth)
    with opened_store() as store:
        (path,) = export_views(store, [(spec, out_file.name)], out_file.parent, budget)
    out.print(f"Wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
