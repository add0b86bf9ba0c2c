"""Which codes travel together: pair counts by expert or by quote, and their Jaccard index."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from graph.levels import Level, LevelShape, level_used
from graph.model import Category
from graph.results import _Answer

__all__ = ["CooccurrenceQuery", "CodePair", "Cooccurrence", "assemble_cooccurrence"]


class CooccurrenceQuery(_Answer):
    level: Level = "subtheme"
    unit: Literal["expert", "quote"] = "expert"
    study: str | None = None
    category: Category | None = None


class CodePair(_Answer):
    a: str
    b: str
    count: int
    jaccard: float


class Cooccurrence(_Answer):
    level: str = Field(description="The code level counted: the one asked for, or 'theme' where no theme has "
                                   "sub-themes (a flat codebook); see graph.levels.")
    level_note: str | None = Field(None, description="How the codebook's shape made the codes counted.")
    unit: str
    codes: list[str] = Field(description="Code names, in codebook order.")
    uids: list[str]
    counts: list[list[int]] = Field(description="Units holding both codes; the diagonal: units holding the code.")
    jaccard: list[list[float]] = Field(description="counts[i][j] / units holding either code, 4 decimals.")
    pairs: list[CodePair] = Field(description="Off-diagonal pairs with a count, most frequent first.")


def assemble_cooccurrence(query: CooccurrenceQuery, codes: list[tuple[str, str, tuple[int, ...]]],
                          singles: dict[str, int], pairs: dict[tuple[str, str], int],
                          shape: LevelShape = LevelShape()) -> Cooccurrence:
    """`codes` are (uid, name, order key) of the level's codes and `shape` what the level rolls up
    or leaves out (graph.levels); `pairs` are keyed by (uid_a, uid_b) with uid_a < uid_b."""
    ordered = sorted(codes, key=lambda c: (c[2], c[1], c[0]))
    uids = [c[0] for c in ordered]
    counts = [[singles.get(a, 0) if a == b else pairs.get((min(a, b), max(a, b)), 0) for b in uids] for a in uids]
    jaccard = [
        [round(counts[i][j] / (counts[i][i] + counts[j][j] - counts[i][j]), 4)
         if counts[i][i] + counts[j][j] - counts[i][j] else 0.0 for j in range(len(uids))]
        for i in range(len(uids))
    ]
    position = {uid: i for i, uid in enumerate(uids)}
    listed = []
    for (a, b), n in pairs.items():
        if n and a in position and b in position:
            i, j = sorted((position[a], position[b]))
            listed.append((-n, -jaccard[i][j], i, j, CodePair(a=ordered[i][1], b=ordered[j][1], count=n,
                                                               jaccard=jaccard[i][j])))
    level, note = level_used(query.level, [c[:2] for c in codes], shape)
    return Cooccurrence(level=level, level_note=note, unit=query.unit, codes=[c[1] for c in ordered], uids=uids,
                        counts=counts, jaccard=jaccard, pairs=[p[-1] for p in sorted(listed, key=lambda p: p[:4])])
