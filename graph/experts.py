"""Experts: the list and one expert's profile."""

from __future__ import annotations

from pydantic import Field

from graph.model import Category
from graph.naming import natural_order
from graph.quotes import MemoNote, QuoteItem, memo_order
from graph.results import _Answer

__all__ = ["ExpertSummary", "CodeTally", "ExpertProfile", "SourceMemo", "expert_order", "sorted_source_memos"]


class ExpertSummary(_Answer):
    uid: str
    study: str
    pseudonym: str
    profession: str | None = Field(description="The profession's label as first loaded.")
    attributes: dict[str, str]
    quotes: int
    codes: int = Field(description="Distinct sub-themes (or themes coded directly) raised.")


class CodeTally(_Answer):
    uid: str
    name: str
    kind: str
    theme: str
    category: Category
    quotes: int = Field(description="This expert's quotes coded here or below.")


class ExpertProfile(_Answer):
    expert: ExpertSummary
    themes: list[CodeTally] = Field(description="Themes raised, in codebook order.")
    subthemes: list[CodeTally] = Field(description="Sub-themes raised, in codebook order.")
    quotes: list[QuoteItem]
    memos: list[MemoNote] = Field(default_factory=list, description="Memos on the expert (REFI case notes).")
    source_memos: list[SourceMemo] = Field(
        default_factory=list, description="Memos on the sources the expert's quotes come from (REFI document notes, "
                                          "an interview's field notes), by source.")


class SourceMemo(MemoNote):
    source: str = Field(description="The name of the source (document, interview) it is on.")


def sorted_source_memos(rows: list[dict]) -> list[SourceMemo]:
    """Memos on sources, by source name (numbers by value), then in `memo_order`."""
    return sorted((SourceMemo(**r) for r in rows), key=lambda m: (natural_order(m.source), *memo_order(m)))


def expert_order(expert: ExpertSummary) -> tuple:
    """How experts are listed: by study, then pseudonym with numbers by value (P2 before P10)."""
    return natural_order(expert.study), natural_order(expert.pseudonym)
