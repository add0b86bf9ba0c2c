"""The Typer app, its global options and the store they open."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer
from pydantic import ValidationError
from rich.console import Console

from api.bootstrap import open_store
from api.settings import Settings, load_settings
from graph.errors import BadInput
from graph.store import GraphStore

__all__ = ["app", "out", "state", "opened_store", "OutFormat", "bad_option", "write_xlsx", "OutFile"]

OutFile = Annotated[Optional[Path], typer.Option("--out", help="xlsx: the file to write.")]

app = typer.Typer(
    name="themegraph", no_args_is_help=True, pretty_exceptions_enable=False,
    help="Coded expert interviews as a knowledge graph: load, ask, serve.",
)
out = Console()


class StoreKind(StrEnum):
    memory = "memory"
    neo4j = "neo4j"


class OutFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


def write_xlsx(out_file: Path | None, sheet: str, header: list[str], rows: list[list[object]]) -> None:
    """`--format xlsx`: the table as a one-sheet workbook in --out (atomically); raises BadInput without --out."""
    from graph.exports.xlsx import xlsx_bytes

    if out_file is None:
        raise BadInput("--format xlsx writes a file: name it with --out FILE.xlsx", "--out")
    tmp = out_file.with_name(f".{out_file.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(xlsx_bytes([(sheet, header, rows)]))
        os.replace(tmp, out_file)
    finally:
        tmp.unlink(missing_ok=True)
    out.print(f"Wrote {out_file}.")


class _State:
    settings: Settings


state = _State()


def say_level_note(note: str | None, format: OutFormat) -> None:
    """How the codebook's shape set an answer's level (graph.levels): under a table; on standard
    error beside CSV or a workbook, whose rows stay data; JSON carries it as `level_note`."""
    if not note or format is OutFormat.json:
        return
    if format is OutFormat.table:
        out.print(note, soft_wrap=True)
    else:
        print(note, file=sys.stderr)


def bad_option(exc: ValidationError) -> BadInput:
    """A pydantic refusal of a command-line value, as BadInput naming the option."""
    e = exc.errors()[0]
    option = "--" + str(e["loc"][0]).replace("_", "-") if e.get("loc") else "option"
    return BadInput(e["msg"].removeprefix("Value error, "), option)


@app.callback()
def global_options(
    store: Annotated[Optional[StoreKind], typer.Option(help="Store to use; default: neo4j if NEO4J_URI is set, else the embedded store.")] = None,
    data_dir: Annotated[Optional[Path], typer.Option(help="Folder of the embedded store (default ./.themegraph).")] = None,
) -> None:
    try:
        state.settings = load_settings(store=store.value if store else None, data_dir=data_dir)
    except ValidationError as exc:
        raise BadInput("; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors()), "settings") from None


@contextmanager
def opened_store() -> Iterator[GraphStore]:
    """The store the global options and environment name, closed afterwards."""
    store = open_store(state.settings)
    try:
        yield store
    finally:
        store.close()
