"""Commands that ask the graph: matrix, stats."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer
from pydantic import ValidationError
from rich.table import Table

from api.cli.app import OutFile, OutFormat, app, bad_option, opened_store, out, say_level_note, write_xlsx
from api.links import public_matrix
from graph.levels import level_words
from graph.matrix import matrix_csv, matrix_table
from graph.results import Matrix, MatrixQuery
from graph.studies import scoped_matrix

ACROSS = 8  # codes that fit across a terminal; more go down the side


def _matrix_table(m: Matrix, rows: str) -> Table:
    """The matrix for a terminal: codes across, or down the side when there are too many of them."""
    sized = rows not in ("expert",)
    labels = [f"{label} (n={size})" if sized else label for label, size in zip(m.rows, m.row_sizes)]
    title = f"{m.measure} by {rows} ({m.n_experts} experts, {m.n_quotes} quotes; columns: {level_words(m.level)})"
    table = Table(title=title)
    if len(m.cols) > ACROSS and len(m.rows) < len(m.cols):
        table.add_column(level_words(m.level)[:-1], overflow="fold")
        for label in labels:
            table.add_column(label, justify="right", overflow="fold")
        table.add_column(f"all (n={m.n_experts})", justify="right")
        for j, col in enumerate(m.cols):
            table.add_row(col, *(str(row[j]) for row in m.cells), str(m.col_totals[j]))
        table.add_row("any", *map(str, m.row_totals), "", style="bold")
        return table
    table.add_column(rows)
    for c in m.cols:
        table.add_column(c, justify="right", overflow="fold")
    table.add_column("any", justify="right")
    for label, cells, total in zip(labels, m.cells, m.row_totals):
        table.add_row(label, *map(str, cells), str(total))
    table.add_row("all", *map(str, m.col_totals), "", style="bold")
    return table


@app.command()
def matrix(
    rows: Annotated[str, typer.Option(help="'profession', 'expert' (cases by codes), 'study' (studies compared) "
                                           "or an expert attribute.")] = "profession",
    cols: Annotated[str, typer.Option(help="subtheme (the level below the themes; a flat codebook's themes) or "
                                           "theme.")] = "subtheme",
    category: Annotated[Optional[str], typer.Option(help="benefit, gap, prerequisite, expectation or other.")] = None,
    measure: Annotated[str, typer.Option(help="experts or quotes.")] = "experts",
    study: Annotated[Optional[list[str]], typer.Option(help="Study id; may be left out when one study is loaded. "
                                                            "With --rows study, repeat it to name the studies "
                                                            "compared (default: all).")] = None,
    theme: Annotated[Optional[str], typer.Option(help="Only the sub-themes of this theme.")] = None,
    bin: Annotated[Optional[int], typer.Option(help="Band a numeric row attribute (10: 0-9, 10-19...).")] = None,
    format: Annotated[OutFormat, typer.Option(help="table, csv, json or xlsx (with --out).")] = OutFormat.table,
    out_file: OutFile = None,
) -> None:
    """Which rows raised which codes, e.g. --category gap for the risks by profession."""
    try:
        query = MatrixQuery(rows=rows, cols=cols, category=category, measure=measure, studies=tuple(study or ()),
                            theme=theme, bin=bin)
    except ValidationError as exc:
        raise bad_option(exc) from None
    with opened_store() as store:
        m = store.matrix(scoped_matrix(store, query))
    if format is OutFormat.json:
        print(public_matrix(m).model_dump_json(indent=2))
    elif format is OutFormat.csv:
        sys.stdout.write(matrix_csv(m))
    elif format is OutFormat.xlsx:
        write_xlsx(out_file, "Matrix", *matrix_table(m))
    else:
        out.print(_matrix_table(m, rows))
        if not m.cols:
            what = " and ".join(x for x in (f"category '{category}'" if category else "",
                                             f"theme '{theme}'" if theme else "") if x) or "any kind"
            out.print(f"No columns: no code of {what} in {m.study or ', '.join(m.studies)}; "
                      "`themegraph themes` lists the codes with their categories.", soft_wrap=True)
    say_level_note(m.level_note, format)


@app.command()
def stats(
    format: Annotated[str, typer.Option(help="table or json.")] = "table",
    study: Annotated[Optional[str], typer.Option(help="Only this study (the same keys).")] = None,
) -> None:
    """Counts of studies, experts, sources, quotes, themes, sub-themes, codings, concepts."""
    with opened_store() as store:
        s = store.stats(study)
    if format == "json":
        print(s.model_dump_json(indent=2))
    else:
        for key, value in s.model_dump().items():
            out.print(f"{key:>10}  {value}")
