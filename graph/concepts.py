"""Concepts the experts mention, counted and split by profession, attribute or code."""

from __future__ import annotations

from pydantic import Field

from graph.breakdown import BreakdownRow, build_breakdowns
from graph.naming import is_theme_uid
from graph.results import Breakdown, _Answer

__all__ = ["ConceptCount", "CODE_SPLITS", "assemble_concepts"]

CODE_SPLITS = ("subtheme", "theme")


class ConceptCount(_Answer):
    name: str = Field(description="The normalised concept, shared across studies.")
    label: str
    language: str | None = None
    experts: int = Field(description="Distinct experts with a quote mentioning it.")
    quotes: int
    breakdown: list[Breakdown] | None = Field(None, description="Split by profession, an attribute or a code.")
    by_level: str | None = Field(None, description=(
        "Split by codes: the level the values are at, 'theme' where no theme has sub-themes (see graph.levels)."))


def assemble_concepts(totals: list[dict], split: list[BreakdownRow] | None, by: str | None = None) -> list[ConceptCount]:
    """Concepts most widely mentioned first; each with its split when one was asked for. Split
    by a code level (`by`), the split's values are code uids and names, which say the level used."""
    parts = build_breakdowns(split) if split is not None else None
    level = None
    if by in CODE_SPLITS and split is not None:
        level = by if not split or any(not is_theme_uid(str(raw)) for _, raw, *_ in split) else "theme"
    return sorted(
        (ConceptCount(**t, breakdown=parts.get(t["name"], []) if parts is not None else None, by_level=level)
         for t in totals),
        key=lambda c: (-c.experts, -c.quotes, c.name),
    )
