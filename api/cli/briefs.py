"""The brief command: a policy brief written to a file as Markdown, HTML, JSON or DOCX."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional, get_args

import typer
from pydantic import TypeAdapter, ValidationError

from api.cli.app import app, opened_store, out
from graph.briefs import BriefFormat, build_brief, render_brief
from graph.errors import BadInput
from graph.model import Category

__all__ = ["brief"]

_FORMATS: tuple[str, ...] = get_args(BriefFormat)


def _format_of(requested: str | None, path: Path) -> BriefFormat:
    """The requested format, else the one the file's extension names, else Markdown."""
    fmt = requested or {".markdown": "md", ".htm": "html"}.get(path.suffix.lower(), path.suffix.lower().lstrip("."))
    if fmt not in _FORMATS:
        if requested:
            raise BadInput(f"unknown format {requested!r}; use one of {', '.join(_FORMATS)}", "--format")
        fmt = "md"
    return fmt  # type: ignore[return-value]


@app.command()
def brief(
    out_file: Annotated[Path, typer.Option("--out", help="File to write; its extension picks the format if --format is not given.")],
    category: Annotated[Optional[str], typer.Option(help="Only this theme category: benefit, gap, prerequisite, expectation or other.")] = None,
    study: Annotated[Optional[str], typer.Option(help="Study id; may be left out when one study is loaded.")] = None,
    format: Annotated[Optional[str], typer.Option(help="md, html, json or docx.")] = None,
) -> None:
    """A policy brief with counts in words, the risks table, a heatmap and representative quotes."""
    fmt = _format_of(format, out_file)
    try:
        wanted: Category | None = TypeAdapter(Optional[Category]).validate_python(category)
    except ValidationError:
        raise BadInput(f"unknown category {category!r}; use benefit, gap, prerequisite, expectation or other",
                       "--category") from None
    with opened_store() as store:
        answer = build_brief(store, study, wanted)
    data = render_brief(answer, fmt)
    try:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_bytes(data)
    except OSError as exc:
        raise BadInput(f"cannot write the brief: {exc.strerror}", str(out_file)) from None
    out.print(f"wrote {fmt} brief of study {answer.study} to {out_file}")

