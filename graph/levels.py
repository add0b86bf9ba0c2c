"""The code levels a read counts at, for a codebook of any shape, and what an answer says about it.

One rule for every read whose default is sub-themes (matrix `--cols subtheme`, co-occurrence,
saturation, concepts by sub-theme, the views and the brief):

- the **theme level** is the themes (the top of the code tree), each counting what is coded to
  it or anywhere below it;
- the **sub-theme level** is, under each theme, the codes one level below it, each counting
  what is coded to it or anywhere below it; a theme without sub-themes stands in for itself.

So a flat codebook (ATLAS.ti's or MAXQDA's list of codes) answers at the theme level; a
two-level one (the reference study) at its sub-themes; a deeper one (NVivo's three levels)
at its second level, its deeper codes counted in the sub-theme above them, so that a matrix
keeps columns a person can read. Every such answer says which level it used (`level`) and,
where the codebook's shape made a difference, how (`level_note`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from graph.naming import is_theme_uid

__all__ = ["Level", "LEVELS", "LevelShape", "level_used", "level_words", "tree_depth", "codebook_shape"]

Level = Literal["subtheme", "theme"]
LEVELS: tuple[Level, ...] = ("subtheme", "theme")
NAMES_LISTED = 5


def _listed(names: list[str]) -> str:
    shown = ", ".join(f"'{n}'" for n in names[:NAMES_LISTED])
    return shown + (f" and {len(names) - NAMES_LISTED} more" if len(names) > NAMES_LISTED else "")


@dataclass(frozen=True)
class LevelShape:
    """What the codebook's shape leaves out of the sub-theme level's columns, in an answer's scope."""

    deeper: int = 0  # codes below the sub-theme level, counted in the sub-theme above them
    theme_only: int = 0  # quotes coded to a theme that has sub-themes and to none of them: in no column


def level_used(requested: str, columns: Iterable[tuple[str, str]],
               shape: LevelShape = LevelShape()) -> tuple[Level, str | None]:
    """The level an answer is at and the note that says how the codebook's shape made it so.

    `columns` are the (uid, name) of the codes the answer counts at `requested`; `shape` what
    the sub-theme level leaves out or rolls up in scope.
    """
    if requested == "theme":
        return "theme", None
    columns = list(columns)
    themes = list(dict.fromkeys(name for uid, name in columns if is_theme_uid(uid)))  # a name once, of any study
    notes = []
    level: Level = "subtheme"
    if columns and all(is_theme_uid(uid) for uid, _ in columns):
        level = "theme"
        notes.append("No theme here has sub-themes (a flat codebook), so the sub-theme level is the themes "
                     "themselves.")
    elif themes:
        one = len(themes) == 1
        notes.append(f"{len(themes)} theme{'' if one else 's'} without sub-themes stand{'s' if one else ''} in "
                     f"for {'itself' if one else 'themselves'} at the sub-theme level: {_listed(themes)}.")
    if shape.deeper:
        one = shape.deeper == 1
        notes.append(f"{shape.deeper} code{'' if one else 's'} below the sub-themes {'is' if one else 'are'} "
                     "counted in the sub-theme above.")
    if shape.theme_only and level == "subtheme":
        one = shape.theme_only == 1
        notes.append(f"{shape.theme_only} quote{'' if one else 's'} coded to a theme that has sub-themes, and to "
                     f"none of them, {'is' if one else 'are'} counted only at the theme level.")
    return level, " ".join(notes) or None


def level_words(level: str, n: int | None = None) -> str:
    """'sub-themes', 'themes' (or, with `n`, '1 theme', '3 sub-themes') for a level."""
    word = "sub-theme" if level == "subtheme" else "theme"
    if n is None:
        return word + "s"
    return f"{n} {word}{'' if n == 1 else 's'}"


class _Code(Protocol):
    @property
    def children(self) -> Sequence[_Code]: ...


def tree_depth(trees: Sequence[_Code]) -> int:
    """How many levels a code tree has (a flat codebook: 1; none: 0)."""
    return max((1 + tree_depth(t.children) for t in trees), default=0)


def codebook_shape(themes: int, subthemes: int, depth: int) -> str:
    """One sentence on a codebook's shape and the level that reads by sub-theme count at."""
    counts = f"{level_words('theme', themes)} and {level_words('subtheme', subthemes)}"
    if not subthemes:
        return (f"A flat codebook: {level_words('theme', themes)}, no sub-themes; reads by sub-theme count the "
                "themes.")
    if depth > 2:
        return (f"{counts}, {depth} levels deep; reads by sub-theme count the level below the themes, deeper "
                "codes in the sub-theme above them.")
    return counts + "."
