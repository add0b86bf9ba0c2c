"""Typed records of the graph model: what loaders produce and stores write.

Each record is one node or relationship of the model in DESIGN.md; a `GraphBatch` holds
everything one file brings and is written whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "NODE_LABELS", "NAME_KEYED", "STUDY_ID_PATTERN", "CATEGORIES", "Category", "Study", "Profession", "Expert", "Source", "Quote", "Theme",
    "SubTheme", "Coding", "Concept", "Mention", "GraphBatch", "Coder", "Memo",
    "MEMO_TARGETS",
]

# Every node label of the model, in the order a bare uid is looked up (GraphStore.neighborhood).
NODE_LABELS: tuple[str, ...] = ("Study", "Expert", "Quote", "Source", "Theme", "SubTheme", "Profession", "Concept",
                                "Coder", "Memo")
# What a memo may annotate.
MEMO_TARGETS: tuple[str, ...] = ("Quote", "Theme", "SubTheme", "Expert", "Source", "Study")
# Labels whose key property is `name`; every other label is keyed by `uid`.
NAME_KEYED: frozenset[str] = frozenset({"Profession", "Concept"})
# A study id: what --study and the HTTP routes accept.
STUDY_ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}"

Category = Literal["benefit", "gap", "prerequisite", "expectation", "other"]
CATEGORIES: tuple[Category, ...] = ("benefit", "gap", "prerequisite", "expectation", "other")


@dataclass(frozen=True, slots=True)
class Study:
    uid: str
    title: str
    year: int | None = None
    country: str | None = None
    method: str | None = None
    notice: str | None = None  # shown wherever the study is (the bundled sample is illustrative)


@dataclass(frozen=True, slots=True)
class Profession:
    name: str  # the normalised key
    label: str


@dataclass(frozen=True, slots=True)
class Expert:
    """Written as an update: a None profession keeps the stored one; attributes add to the stored ones."""

    uid: str
    study: str
    pseudonym: str
    profession: str | None  # Profession.name
    attributes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    uid: str
    study: str
    name: str
    language: str | None = None
    length: int | None = None  # the text's length in the unit its quotes' start and end count (None: unknown)


@dataclass(frozen=True, slots=True)
class Quote:
    uid: str
    study: str
    expert: str  # Expert.uid
    source: str  # Source.uid
    text: str
    start: int | None = None
    end: int | None = None
    language: str | None = None
    redacted: bool = False
    selections: tuple[str, ...] = ()
    translation: str | None = None  # the researchers' own translation, where a file gives one


@dataclass(frozen=True, slots=True)
class Theme:
    uid: str
    study: str
    name: str
    category: Category
    order: int
    description: str | None = None


@dataclass(frozen=True, slots=True)
class SubTheme:
    uid: str
    study: str
    name: str
    parent: str  # Theme.uid or SubTheme.uid
    order: int
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Coding:
    """One quote coded to one code; `coders` names everyone who applied it (added up across loads)."""

    quote: str  # Quote.uid
    code: str  # Theme.uid or SubTheme.uid
    coder: str | None = None  # the first coder
    at: str | None = None  # the earliest time it was applied
    coders: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Coder:
    """Someone who coded in a study (a REFI user, QualCoder Coder, ATLAS.ti Creator, MAXQDA Author);
    the codings name their coders in `Coding.coders`."""

    uid: str  # study uid + ":" + name
    study: str
    name: str


@dataclass(frozen=True, slots=True)
class Memo:
    """A memo or comment on a quote, code, expert, source or the study (REFI Notes, QualCoder
    Coded_Memo, ATLAS.ti Comment, MAXQDA Kommentar), with its author and date where given."""

    uid: str
    study: str
    target: str  # the uid of what it annotates
    target_label: str  # one of MEMO_TARGETS
    text: str
    author: str | None = None
    created: str | None = None


@dataclass(frozen=True, slots=True)
class Concept:
    name: str  # the normalised lemma, shared across studies
    label: str
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    quote: str  # Quote.uid
    concept: str  # Concept.name


@dataclass(slots=True)
class GraphBatch:
    """Everything one input file brings to one study."""

    study: Study
    professions: list[Profession] = field(default_factory=list)
    experts: list[Expert] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    subthemes: list[SubTheme] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    codings: list[Coding] = field(default_factory=list)
    concepts: list[Concept] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    coders: list[Coder] = field(default_factory=list)
    memos: list[Memo] = field(default_factory=list)
