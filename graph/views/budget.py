"""The node budget: how many items of each group a view can show, and what it says about the rest."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["DEFAULT_BUDGET", "MIN_BUDGET", "MAX_BUDGET", "allot", "more_label"]

DEFAULT_BUDGET = 1500
MIN_BUDGET = 50
MAX_BUDGET = 20_000


def allot(sizes: Sequence[int], room: int) -> list[int]:
    """How many items to take from each group so the total fits `room`, as evenly as possible.

    Every group gets min(size, level) for the highest level that fits (water filling; the
    largest group takes what integer rounding leaves). Returns `sizes` unchanged when
    everything fits.
    """
    room = max(room, 0)
    if sum(sizes) <= room:
        return list(sizes)
    order = sorted(range(len(sizes)), key=lambda i: sizes[i])
    takes = [0] * len(sizes)
    left, groups = room, len(sizes)
    for i in order:
        share = left // groups
        takes[i] = min(sizes[i], share)
        left -= takes[i]
        groups -= 1
    return takes


def more_label(hidden: int, noun: str) -> str:
    return f"+{hidden:,} more {noun}"
