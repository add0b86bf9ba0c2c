"""The brief command: a policy brief written to a file as Markdown, HTML, JSON or DOCX."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional, get_args

import typer
from pydantic import TypeAdapter, ValidationError

from api.cli.app import app, opened_store, out
from graph.briefs import BriefFormat, build_brief, render_brief
from graph.briefs.assessments import Assessments, parse_assessments
from graph.briefs.translations import Translations, parse_translations
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


def _read(path: Path | None, what: str) -> tuple[str, str] | None:
    """The text of an options file and the name errors give it; BadInput if it cannot be read."""
    if path is None:
        return None
    try:
        return path.read_text("utf-8-sig"), path.name
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise BadInput(f"cannot read the {what} file: {reason}", str(path)) from None


def _assessments(path: Path | None) -> Assessments | None:
    given = _read(path, "assessments")
    return parse_assessments(*given) if given else None


def _translations(path: Path | None) -> Translations | None:
    given = _read(path, "translations")
    return parse_translations(*given) if given else None


@app.command()
def brief(
    out_file: Annotated[Path, typer.Option("--out", help="File to write; its extension picks the format if --format is not given.")],
    category: Annotated[Optional[str], typer.Option(help="Only this theme category: benefit, gap, prerequisite, expectation or other.")] = None,
    study: Annotated[Optional[str], typer.Option(help="Study id; may be left out when one study is loaded.")] = None,
    format: Annotated[Optional[str], typer.Option(help="md, html, json or docx.")] = None,
    assessments: Annotated[Optional[Path], typer.Option(
        help="YAML file of reviewers' GRADE-CERQual judgements per finding (see graph/briefs/assessments.py).")] = None,
    translations: Annotated[Optional[Path], typer.Option(
        help="CSV of quote uid -> translation (columns uid, translation), shown beside the original.")] = None,
) -> None:
    """A policy brief with counts in words, the risks table, a heatmap and representative quotes."""
    fmt = _format_of(format, out_file)
    try:
        wanted: Category | None = TypeAdapter(Optional[Category]).validate_python(category)
    except ValidationError:
        raise BadInput(f"unknown category {category!r}; use benefit, gap, prerequisite, expectation or other",
                       "--category") from None
    judged, translated = _assessments(assessments), _translations(translations)
    with opened_store() as store:
        answer = build_brief(store, study, wanted, assessments=judged, translations=translated)
    data = render_brief(answer, fmt)
    try:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_bytes(data)
    except OSError as exc:
        raise BadInput(f"cannot write the brief: {exc.strerror}", str(out_file)) from None
    out.print(f"wrote {fmt} brief of study {answer.study} to {out_file}")

