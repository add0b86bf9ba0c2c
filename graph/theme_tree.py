"""The theme tree built from the flat per-code counts a store returns."""

from __future__ import annotations

from graph.breakdown import BreakdownRow, build_breakdowns
from graph.results import CodeCount, ThemeNode

__all__ = ["build_theme_tree"]


def build_theme_tree(codes: list[CodeCount], breakdown: list[BreakdownRow] | None = None) -> list[ThemeNode]:
    """Themes in study and codebook order, each holding its sub-themes, recursively."""
    children: dict[str | None, list[CodeCount]] = {}
    for code in codes:
        children.setdefault(code.parent, []).append(code)
    split = build_breakdowns(breakdown) if breakdown is not None else None

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
