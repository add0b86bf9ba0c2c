"""Counts split by a row value (a profession, an attribute value, a code), merged by spelling."""

from __future__ import annotations

from collections import defaultdict

from graph.matrix import NOT_RECORDED
from graph.naming import name_key
from graph.results import Breakdown

__all__ = ["BreakdownRow", "build_breakdowns"]

# (what is split, raw value, label shown, distinct experts, distinct quotes)
BreakdownRow = tuple[str, str | None, str | None, int, int]


def build_breakdowns(rows: list[BreakdownRow]) -> dict[str, list[Breakdown]]:
    """Per key, the counts by value; values whose labels differ only in spelling are summed
    (each expert has one value, so the sums stay distinct counts), largest first."""
    merged: dict[str, dict[str, list]] = defaultdict(dict)
    for key, _raw, label, experts, quotes in sorted(rows, key=lambda r: (r[0], r[2] or "")):
        shown = label or NOT_RECORDED
        slot = merged[key].setdefault(name_key(shown), [shown, 0, 0])
        slot[1] += experts
        slot[2] += quotes
    return {
        key: [Breakdown(value=v, experts=e, quotes=q)
              for v, e, q in sorted(values.values(), key=lambda x: (-x[1], -x[2], name_key(x[0])))]
        for key, values in merged.items()
    }
