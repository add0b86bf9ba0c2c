"""The one record every input format yields for a coded segment, with where it came from."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SegmentRow", "SegmentMemo"]


@dataclass(frozen=True, slots=True)
class SegmentMemo:
    """A comment or memo a QDA tool wrote on a coded segment (QualCoder `Coded_Memo`, ATLAS.ti
    `Comment`, MAXQDA `Kommentar`...), with who wrote it and when where the row says so.

    Read and carried with the segment, never turned into an attribute; the load report counts
    them. (Memo nodes in the graph are issue #18: it persists these records.)
    """

    text: str
    author: str | None = None
    created: str | None = None


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
    memos: tuple[SegmentMemo, ...] = ()  # the tool's comments on this segment
    translation: str | None = None  # the researchers' translation of the quote (a 'translation' column)
