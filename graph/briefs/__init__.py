"""Policy briefs: a typed `Brief` assembled from store reads, rendered as Markdown, HTML, JSON
DOCX, or its tables as an Excel workbook. `build_brief` reads; `render_brief` writes one of the forms as bytes."""

from __future__ import annotations

from typing import Literal

from graph.briefs.compare import Comparison, build_comparison
from graph.briefs.content import build_brief
from graph.briefs.model import Brief
from graph.briefs.render_compare import comparison_docx, comparison_html, comparison_markdown
from graph.briefs.render_docx import render_docx
from graph.briefs.render_html import render_html
from graph.briefs.render_md import render_markdown
from graph.briefs.render_xlsx import render_xlsx
from graph.errors import BadInput

__all__ = ["Brief", "BriefFormat", "Comparison", "MEDIA_TYPES", "build_brief", "build_comparison", "render_brief"]

BriefFormat = Literal["md", "html", "json", "docx", "xlsx"]
MEDIA_TYPES: dict[str, str] = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render_brief(brief: Brief | Comparison, fmt: BriefFormat) -> bytes:
    """The brief (or a comparison of studies) in one form, as bytes (UTF-8 for the text forms);
    ValueError for an unknown form."""
    if isinstance(brief, Comparison):
        return _render_comparison(brief, fmt)
    if fmt == "md":
        return render_markdown(brief).encode("utf-8")
    if fmt == "html":
        return render_html(brief).encode("utf-8")
    if fmt == "json":
        return (brief.model_dump_json(indent=2) + "\n").encode("utf-8")
    if fmt == "docx":
        return render_docx(brief)
    if fmt == "xlsx":
        return render_xlsx(brief)
    raise ValueError(f"unknown brief format {fmt!r}; use one of {', '.join(MEDIA_TYPES)}")


def _render_comparison(c: Comparison, fmt: BriefFormat) -> bytes:
    if fmt == "md":
        return comparison_markdown(c).encode("utf-8")
    if fmt == "html":
        return comparison_html(c).encode("utf-8")
    if fmt == "json":
        return (c.model_dump_json(indent=2) + "\n").encode("utf-8")
    if fmt == "docx":
        return comparison_docx(c)
    if fmt == "xlsx":
        raise BadInput("a comparison of studies is written as md, html, json or docx; xlsx holds one study's "
                       "tables", "format")
    raise ValueError(f"unknown brief format {fmt!r}; use one of {', '.join(MEDIA_TYPES)}")
