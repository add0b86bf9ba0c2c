"""The brief command: a policy brief written to a file as Markdown, HTML, JSON or DOCX."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional, get_args

import typer
from pydantic import TypeAdapter, ValidationError

from api.cli.app import app, opened_store, out
from graph.briefs import Brief, BriefFormat, Comparison, build_brief, build_comparison, render_brief
from graph.briefs.assessments import Assessments, parse_assessments
from graph.briefs.compare import Alignment, parse_alignment
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


def _alignment(path: Path | None) -> Alignment | None:
    given = _read(path, "alignment")
    return parse_alignment(*given) if given else None


def _only_one_study(studies: list[str], **given: object) -> None:
    """BadInput for the options a comparison of several studies does not take."""
    used = next((name for name, value in given.items() if value is not None), None)
    if used and len(studies) > 1:
        raise BadInput(f"a comparison of several studies takes no --{used}; brief one study for that",
                       f"--{used}")


@app.command()
def brief(
    out_file: Annotated[Path, typer.Option("--out", help="File to write; its extension picks the format if --format is not given.")],
    category: Annotated[Optional[str], typer.Option(help="Only this theme category: benefit, gap, prerequisite, expectation or other.")] = None,
    study: Annotated[Optional[list[str]], typer.Option(
        help="Study id; may be left out when one study is loaded. Repeat it to compare studies.")] = None,
    format: Annotated[Optional[str], typer.Option(help="md, html, json, docx, or xlsx (the brief's tables).")] = None,
    assessments: Annotated[Optional[Path], typer.Option(
        help="YAML file of reviewers' GRADE-CERQual judgements per finding (see graph/briefs/assessments.py).")] = None,
    translations: Annotated[Optional[Path], typer.Option(
        help="CSV of quote uid -> translation (columns uid, translation), shown beside the original.")] = None,
    align: Annotated[Optional[Path], typer.Option(
        help="With several --study: CSV (study, code, shared) matching codes across studies by a shared name.")] = None,
) -> None:
    """A policy brief with counts in words, the risks table, a heatmap and representative quotes."""
    fmt = _format_of(format, out_file)
    try:
        wanted: Category | None = TypeAdapter(Optional[Category]).validate_python(category)
    except ValidationError:
        raise BadInput(f"unknown category {category!r}; use benefit, gap, prerequisite, expectation or other",
                       "--category") from None
    studies = list(dict.fromkeys(study or []))
    _only_one_study(studies, category=category, assessments=assessments, translations=translations)
    if align is not None and len(studies) < 2:
        raise BadInput("--align matches codes across studies; name two or more with --study A --study B", "--align")
    judged, translated, aligned = _assessments(assessments), _translations(translations), _alignment(align)
    answer: Brief | Comparison
    with opened_store() as store:
        if len(studies) > 1:
            answer = build_comparison(store, studies, aligned)
        else:
            answer = build_brief(store, studies[0] if studies else None, wanted, assessments=judged,
                                 translations=translated)
    data = render_brief(answer, fmt)
    try:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_bytes(data)
    except OSError as exc:
        raise BadInput(f"cannot write the brief: {exc.strerror}", str(out_file)) from None
    about = f"study {answer.study}" if isinstance(answer, Brief) else "studies " + ", ".join(studies)
    out.print(f"wrote {fmt} brief of {about} to {out_file}")

