"""Which unit a REFI project counts selection positions in, and positions turned into text.

The standard says Unicode code points; NVivo counts UTF-16 code units (its real exports show
it: read as code points their quotes drift off their words after every emoji). The unit comes
from the exporting tool (`Project@origin`) where it is known; otherwise the reading under
which fewer selection ends fall inside a word wins, and the load report says which was used.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from typing import Literal

__all__ = ["Unit", "CODE_POINTS", "UTF16", "TextIndex", "unit_of_origin", "choose_unit"]

Unit = Literal["code points", "UTF-16 code units"]
CODE_POINTS: Unit = "code points"
UTF16: Unit = "UTF-16 code units"
# Tools whose unit is known: NVivo (.NET strings) is proven by a real export; QualCoder is
# written in Python, whose string indices are code points.
_ORIGINS: tuple[tuple[str, Unit], ...] = (("nvivo", UTF16), ("qualcoder", CODE_POINTS))
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class TextIndex:
    """A source text with what it takes to map UTF-16 positions to code points."""

    def __init__(self, text: str) -> None:
        self.text = text
        astral = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_u16 = [cp + k for k, cp in enumerate(astral)]  # where each pair starts in UTF-16
        self.length = {CODE_POINTS: len(text), UTF16: len(text) + len(astral)}

    @property
    def readings_differ(self) -> bool:
        return bool(self._astral_u16)

    def to_index(self, position: int, unit: Unit) -> int | None:
        """The code-point index of a position, or None if it is past the end or splits a pair."""
        if position < 0 or position > self.length[unit]:
            return None
        if unit == CODE_POINTS:
            return position
        before = bisect_left(self._astral_u16, position)
        if before and self._astral_u16[before - 1] + 1 == position:
            return None
        return position - before

    def inside_word(self, index: int) -> bool:
        """Whether a code-point index falls between two letters or digits."""
        t = self.text
        return 0 < index < len(t) and t[index - 1].isalnum() and t[index].isalnum()


def unit_of_origin(origin: str | None) -> Unit | None:
    low = (origin or "").lower()
    return next((unit for name, unit in _ORIGINS if name in low), None)


def choose_unit(origin: str | None, selections: Iterable[tuple[TextIndex, int, int]]) -> tuple[Unit, str]:
    """The unit to read positions in, and a sentence for the load report saying why."""
    known = unit_of_origin(origin)
    if known:
        return known, f"{known}, as {origin!r} counts them"
    every = list(selections)
    chosen = [(index, start, end) for index, start, end in every if index.readings_differ]
    if not every:
        return CODE_POINTS, f"{CODE_POINTS} (no selection with its text was read, so the unit did not matter)"
    if not chosen:
        return CODE_POINTS, (f"{CODE_POINTS} (the tool {origin or 'that exported it'!r} is not known, but no "
                             "text before a selection holds characters where the two readings differ)")
    misses: dict[Unit, int] = {}
    for unit in (CODE_POINTS, UTF16):
        bad = 0
        for index, start, end in chosen:
            for position in (start, end):
                i = index.to_index(position, unit)
                bad += 1 if i is None or index.inside_word(i) else 0
        misses[unit] = bad
    unit = UTF16 if misses[UTF16] < misses[CODE_POINTS] else CODE_POINTS
    return unit, (f"{unit}: the tool {origin or 'that exported it'!r} is not known, and read that way "
                  f"{misses[unit]} of {2 * len(chosen)} selection ends fall inside a word or past the text "
                  f"(read as {CODE_POINTS if unit == UTF16 else UTF16}: "
                  f"{misses[CODE_POINTS if unit == UTF16 else UTF16]})")
