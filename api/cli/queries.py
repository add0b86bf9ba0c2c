"""Commands that ask the graph: matrix, stats."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer
from pydantic import ValidationError
from rich.table import Table

from api.cli.app import OutFormat, app, bad_option, opened_store, out
from api.links import public_matrix
from graph.matrix import matrix_csv
from graph.results import MatrixQuery


@app.command()
def matrix(
    rows: Annotated[str, typer.Option(help="'profession' or an expert attribute.")] = "profession",
    cols: Annotated[str, typer.Option(help="subtheme or theme.")] = "subtheme",
    category: Annotated[Optional[str], typer.Option(help="benefit, gap, prerequisite, expectation or other.")] = None,
    measure: Annotated[str, typer.Option(help="experts or quotes.")] = "experts",
    study: Annotated[Optional[str], typer.Option(help="Study id; all studies when absent.")] = None,
    theme: Annotated[Optional[str], typer.Option(help="Only the sub-themes of this theme.")] = None,
    bin: Annotated[Optional[int], typer.Option(help="Band a numeric row attribute (10: 0-9, 10-19...).")] = None,
    format: Annotated[OutFormat, typer.Option(help="table, csv or json.")] = OutFormat.table,
) -> None:
    """Which rows raised which codes, e.g. --category gap for the risks by profession."""
    try:
        query = MatrixQuery(rows=rows, cols=cols, category=category, measure=measure, study=study, theme=theme,
                            bin=bin)
    except ValidationError as exc:
        raise bad_option(exc) from None
    with opened_store() as store:
        m = store.matrix(query)
    if format is OutFormat.json:
        print(public_matrix(m).model_dump_json(indent=2))
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
    with opened_store() as store:
        s = store.stats()
    if format == "json":
        print(s.model_dump_json(indent=2))
    else:
        for key, value in s.model_dump().items():
            out.print(f"{key:>10}  {value}")
