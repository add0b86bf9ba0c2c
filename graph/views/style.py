"""How nodes look: colours by theme category (with the legend that explains them), shapes by kind."""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import CATEGORIES, Category
from graph.views.model import NodeKind

__all__ = ["CATEGORY_COLOURS", "KINDS", "KindStyle", "FONT_FACE", "colour_of", "legend"]

# Okabe-Ito colours: distinguishable with the common kinds of colour blindness.
CATEGORY_COLOURS: dict[Category, str] = {
    "benefit": "#009E73",
    "gap": "#D55E00",
    "prerequisite": "#0072B2",
    "expectation": "#CC79A7",
    "other": "#7F7F7F",
}
CATEGORY_NAMES: dict[Category, str] = {
    "benefit": "benefit", "gap": "gap (risk)", "prerequisite": "prerequisite", "expectation": "expectation",
    "other": "other",
}
# Canvas text falls back per glyph through fontconfig; naming the CJK faces first keeps Chinese
# labels from picking a random fallback. No web font: the page must work offline.
FONT_FACE = ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
             '"Noto Sans", "DejaVu Sans", Arial, sans-serif')


@dataclass(frozen=True, slots=True)
class KindStyle:
    name: str  # as the legend says it
    shape: str  # vis-network shape
    symbol: str  # the legend's glyph for the shape
    colour: str  # when the node has no category
    min_size: float
    max_size: float
    font_size: int


KINDS: dict[NodeKind, KindStyle] = {
    "study": KindStyle("study", "star", "★", "#333333", 30, 30, 18),
    "theme": KindStyle("theme", "diamond", "◆", "#7F7F7F", 16, 34, 16),
    "subtheme": KindStyle("sub-theme", "dot", "●", "#7F7F7F", 9, 26, 14),
    "profession": KindStyle("profession", "square", "■", "#4A5A6A", 10, 24, 14),
    "expert": KindStyle("expert", "triangle", "▲", "#56646F", 9, 14, 13),
    "quote": KindStyle("quote", "dot", "•", "#9AA5AE", 6, 6, 11),
    "source": KindStyle("source", "hexagon", "⬢", "#8C7A5B", 10, 10, 12),
    "concept": KindStyle("concept", "triangleDown", "▼", "#6B8E23", 8, 8, 12),
    "more": KindStyle("'+N more' (left out to keep the view readable)", "box", "▭", "#EEEEEE", 10, 10, 12),
}


def colour_of(kind: NodeKind, category: Category | None) -> str:
    """The node's fill: its category's colour if it has one, else its kind's."""
    if category is not None and kind != "more":
        return CATEGORY_COLOURS[category]
    return KINDS[kind].colour


def legend(kinds: set[NodeKind], categories: set[Category]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(colour, name) of each category present and (symbol, name) of each kind present, in a fixed order."""
    colours = [(CATEGORY_COLOURS[c], CATEGORY_NAMES[c]) for c in CATEGORIES if c in categories]
    shapes = [(s.symbol, s.name) for k, s in KINDS.items() if k in kinds]
    return colours, shapes
