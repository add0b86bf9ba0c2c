"""What a store returns for agreement: a study's sources with their lengths, and its codings with
their positions and coders (`GraphStore.coded_spans`)."""

from __future__ import annotations

from graph.results import _Answer

__all__ = ["SourceLength", "CodedSpan", "StudySpans"]


class SourceLength(_Answer):
    uid: str
    name: str
    length: int | None  # in the unit its quotes' start and end count; None: the loader had no text


class CodedSpan(_Answer):
    """One quote coded to one code, with where the quote lies in its source and who coded it."""

    quote: str
    source: str  # Source uid
    start: int | None
    end: int | None
    code: str  # Theme or SubTheme uid
    coders: list[str]


class StudySpans(_Answer):
    study: str
    sources: list[SourceLength]
    coders: list[str]  # the study's Coder names, sorted
    spans: list[CodedSpan]
