"""The one record every input format yields for a coded segment, with where it came from."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SegmentRow"]


@dataclass(frozen=True, slots=True)
class SegmentRow:
    """One coding of one text segment; `where` is 'FILE:LINE' (or FILE:element) for errors.

    The code is named one of three ways: `code_key` (a code the same file declared with a
    `CodeSpec`, e.g. a REFI guid), `code_path` (names from the theme down, any depth), or the
    generic table's `theme` and `subtheme` columns.
    """

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
    code_path: tuple[str, ...] = ()
    code_key: str | None = None
    source_key: str | None = None  # a stable source id from the file (REFI guid)
    selections: tuple[str, ...] = ()  # the file's ids of the selection (REFI guids), kept on the quote
    ref: str | None = None  # a table's own id of the segment: the quote's identity instead of its text
    quote_uid: str | None = None  # JSONL: the uid exported, kept as is
    redacted: bool = False
    coders: tuple[str, ...] = ()  # JSONL: every coder of this coding
    concepts: tuple[str, ...] = ()  # names of concepts (declared by ConceptSpec) the quote mentions
