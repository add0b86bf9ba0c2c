"""Saturation: how many new sub-themes each successive interview brought."""

from __future__ import annotations

from pydantic import Field

from graph.levels import Level, LevelShape, level_used
from graph.naming import natural_key
from graph.results import _Answer

__all__ = ["DATE_ATTRIBUTES", "InterviewFacts", "SaturationStep", "Saturation", "assemble_saturation"]

# Expert attributes read as the interview date when the source carries none (compared by name_key).
DATE_ATTRIBUTES = ("interview_date", "interview date", "date", "访谈日期", "访谈时间")


class InterviewFacts(_Answer):
    source: str
    name: str
    date: str | None
    experts: list[str]
    codes: list[str]


class SaturationStep(_Answer):
    source: str
    name: str
    date: str | None
    experts: list[str]
    new: list[str] = Field(description="Codes first raised in this interview.")
    cumulative: int


class Saturation(_Answer):
    order: str = Field(description="'date' when every interview has a date, else 'source name' (P2 before P10).")
    level: Level = Field("subtheme", description="The code level counted: the one asked for, or 'theme' where no "
                                                 "theme has sub-themes (a flat codebook); see graph.levels.")
    level_note: str | None = Field(None, description="How the codebook's shape made the codes counted.")
    steps: list[SaturationStep]
    curve: list[int]
    total_codes: int
    saturated_after: str | None = Field(
        description="The interview after which no new code appeared, if later interviews confirm it.")


def assemble_saturation(interviews: list[InterviewFacts], names: dict[str, str], level: str = "subtheme",
                        columns: list[tuple[str, str]] | None = None, shape: LevelShape = LevelShape()) -> Saturation:
    """Order by date when all interviews have one, else by source name (numbers in names by
    value: P2 before P10); count first appearances. `columns` are the (uid, name) of the level's
    codes in the study and `shape` what the level rolls up or leaves out (graph.levels)."""
    by_date = bool(interviews) and all(i.date for i in interviews)
    ordered = sorted(interviews, key=lambda i: ((i.date or "") if by_date else "", natural_key(i.name), i.name,
                                                i.source))
    seen: set[str] = set()
    steps = []
    for i in ordered:
        new = sorted(set(i.codes) - seen, key=lambda uid: names.get(uid, uid))
        seen.update(new)
        steps.append(SaturationStep(source=i.source, name=i.name, date=i.date, experts=sorted(i.experts),
                                    new=[names.get(u, u) for u in new], cumulative=len(seen)))
    last_new = max((n for n, s in enumerate(steps) if s.new), default=None)
    saturated = steps[last_new].name if last_new is not None and last_new < len(steps) - 1 else None
    used, note = level_used(level, columns or [], shape)
    return Saturation(order="date" if by_date else "source name", level=used, level_note=note, steps=steps,
                      curve=[s.cumulative for s in steps], total_codes=len(seen), saturated_after=saturated)
