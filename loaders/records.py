"""The other records a format may yield besides `SegmentRow`: what the file itself declares.

A REFI project declares its code tree, its cases (experts) and its sources before any
selection; an attributes table declares experts only; a JSONL export declares everything
with its uids. `Notice` carries what a reader skipped or wants the load report to say.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from graph.model import Category
from loaders.segment_row import SegmentRow

__all__ = ["CodeSpec", "ExpertSpec", "SourceSpec", "ConceptSpec", "MemoSpec", "Notice", "Record"]


@dataclass(frozen=True, slots=True)
class CodeSpec:
    """A code the file defines: a stable key, its name and its parent's key (None at the top)."""

    where: str
    key: str
    name: str
    parent: str | None = None
    description: str | None = None
    codable: bool = True
    uid: str | None = None  # JSONL: the exact uid to keep
    category: Category | None = None  # JSONL: the category exported
    order: int | None = None


@dataclass(frozen=True, slots=True)
class ExpertSpec:
    """An expert the file defines (a REFI case, a row of an attributes table)."""

    where: str
    pseudonym: str
    profession: str | None = None  # as written; None leaves the stored one
    attributes: tuple[tuple[str, str], ...] = ()
    must_exist: bool = False  # an attributes table joins onto experts already loaded
    find_profession: bool = True  # look for the profession among the attributes (not for JSONL)


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """A source document the file defines, with its stable key where the file has one."""

    where: str
    name: str
    key: str | None = None
    language: str | None = None
    uid: str | None = None  # JSONL: the exact uid to keep
    length: int | None = None  # the text's length in the unit the file's positions count


@dataclass(frozen=True, slots=True)
class ConceptSpec:
    """A concept (a normalised lemma, shared across studies) that segments may mention."""

    where: str
    name: str
    label: str
    language: str | None = None


@dataclass(frozen=True, slots=True)
class MemoSpec:
    """A memo the file holds on something other than a segment (those ride on SegmentRow.memos):
    a code (by its CodeSpec key), an expert (by pseudonym), a source (by its SourceSpec key) or the
    study itself (key None)."""

    where: str
    target: Literal["code", "expert", "source", "study"]
    key: str | None
    text: str
    author: str | None = None
    created: str | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    """Something a reader skipped or wants said: counted per `kind` in the load report.

    `skipped` counts `count` items of `kind` left out; `warning` adds `text` once (no quote
    text in it); `info` sets a fact of the load (e.g. kind 'offsets').
    """

    level: Literal["skipped", "warning", "info"]
    kind: str
    text: str = ""
    count: int = 1
    where: str | None = None


Record = SegmentRow | CodeSpec | ExpertSpec | SourceSpec | ConceptSpec | MemoSpec | Notice
