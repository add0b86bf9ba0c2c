"""The Typer app, its global options and the store they open."""

from __future__ import annotations

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

__all__ = ["app", "out", "state", "opened_store", "OutFormat", "bad_option"]

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


class _State:
    settings: Settings


state = _State()


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
