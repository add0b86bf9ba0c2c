"""The one record every input format yields: a coded segment with where it came from."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SegmentRow"]


@dataclass(frozen=True, slots=True)
class SegmentRow:
    """One coding of one text segment; `where` is 'FILE:LINE' (or FILE:element) for errors."""

    where: str
    expert: str
    profession: str | None
    text: str
    theme: str | None
    subtheme: str | None
    attributes: tuple[tuple[str, str], ...] = ()
    source: str | None = None
    start: int | None = None
    end: int | None = None
    language: str | None = None
    coder: str | None = None
    at: str | None = None
