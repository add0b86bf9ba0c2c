"""Policy briefs: a typed `Brief` assembled from store reads, rendered as Markdown, HTML, JSON
or DOCX. `build_brief` reads; `render_brief` writes one of the forms as bytes."""

from __future__ import annotations

from typing import Literal

from graph.briefs.content import build_brief
from graph.briefs.model import Brief
from graph.briefs.render_docx import render_docx
from graph.briefs.render_html import render_html
from graph.briefs.render_md import render_markdown

__all__ = ["Brief", "BriefFormat", "MEDIA_TYPES", "build_brief", "render_brief"]

BriefFormat = Literal["md", "html", "json", "docx"]
MEDIA_TYPES: dict[str, str] = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def render_brief(brief: Brief, fmt: BriefFormat) -> bytes:
    """The brief in one form, as bytes (UTF-8 for the text forms); ValueError for an unknown form."""
    if fmt == "md":
        return render_markdown(brief).encode("utf-8")
    if fmt == "html":
        return render_html(brief).encode("utf-8")
    if fmt == "json":
        return (brief.model_dump_json(indent=2) + "\n").encode("utf-8")
    if fmt == "docx":
        return render_docx(brief)
    raise ValueError(f"unknown brief format {fmt!r}; use one of {', '.join(MEDIA_TYPES)}")
