"""The theme tree built from the flat per-code counts a store returns."""

from __future__ import annotations

from collections import defaultdict

from graph.matrix import NOT_RECORDED
from graph.naming import name_key
from graph.results import Breakdown, CodeCount, ThemeNode

__all__ = ["build_theme_tree"]

BreakdownRow = tuple[str, str | None, str | None, int, int]


def _breakdowns(rows: list[BreakdownRow]) -> dict[str, list[Breakdown]]:
    """Per code, the counts by row value, values merged by name_key, largest first."""
    merged: dict[str, dict[str, list]] = defaultdict(dict)
    for uid, _raw, label, experts, quotes in sorted(rows, key=lambda r: (r[0], r[2] or "")):
        shown = label or NOT_RECORDED
        slot = merged[uid].setdefault(name_key(shown), [shown, 0, 0])
        slot[1] += experts
        slot[2] += quotes
    return {
        uid: [Breakdown(value=v, experts=e, quotes=q)
              for v, e, q in sorted(values.values(), key=lambda x: (-x[1], -x[2], name_key(x[0])))]
        for uid, values in merged.items()
    }


def build_theme_tree(codes: list[CodeCount], breakdown: list[BreakdownRow] | None = None) -> list[ThemeNode]:
    """Themes in study and codebook order, each holding its sub-themes, recursively."""
    children: dict[str | None, list[CodeCount]] = {}
    for code in codes:
        children.setdefault(code.parent, []).append(code)
    split = _breakdowns(breakdown) if breakdown is not None else None

    def node(code: CodeCount) -> ThemeNode:
        below = sorted(children.get(code.uid, []), key=lambda c: (c.order, c.name))
        return ThemeNode(
            uid=code.uid, study=code.study, kind=code.kind, name=code.name,
            category=code.category, experts=code.experts, quotes=code.quotes,
            breakdown=split.get(code.uid, []) if split is not None else None,
            children=[node(c) for c in below],
        )

    roots = [c for c in codes if c.kind == "theme"]
    return [node(c) for c in sorted(roots, key=lambda c: (c.study, c.order, c.name))]
