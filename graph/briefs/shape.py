"""What a study's codebook shape means for its brief: the level its findings are at, whether
it groups by category or by theme, and the codebook in a few words.

A flat codebook (a list of codes) has themes only, so its findings are the themes; any
deeper one reports at the sub-theme level (the codes one level below the themes, deeper codes
counted in them, as the matrix does). Categories (benefit, gap, ...) are used only when some
theme has one other than 'other'; otherwise the brief has a section per theme.
"""

from __future__ import annotations

from collections import defaultdict

from graph.briefs.model import Level
from graph.codebook import Codebook

__all__ = ["Level", "brief_level", "has_categories", "depth_of", "codes_per_depth", "level_word"]


def brief_level(codebook: Codebook) -> Level:
    """'theme' for a codebook without sub-themes (flat), else 'subtheme'."""
    return "subtheme" if codebook.subthemes else "theme"


def has_categories(codebook: Codebook) -> bool:
    """Whether any theme has a category other than 'other' (reference-named or mapped)."""
    return any(t.category != "other" for t in codebook.themes)


def depth_of(codebook: Codebook) -> dict[str, int]:
    """Each sub-theme's depth below its theme: 1 for a theme's children, 2 for theirs, ..."""
    parent = {s.uid: s.parent for s in codebook.subthemes}
    depth: dict[str, int] = {}
    for uid in parent:
        d, node = 0, uid
        while node in parent:
            node, d = parent[node], d + 1
        depth[uid] = d
    return depth


def codes_per_depth(codebook: Codebook) -> dict[int, int]:
    """How many sub-themes sit at each depth (1 = directly below a theme)."""
    counted: dict[int, int] = defaultdict(int)
    for d in depth_of(codebook).values():
        counted[d] += 1
    return dict(sorted(counted.items()))


def level_word(level: Level, plural: bool = False) -> str:
    """'sub-theme' or 'theme' (with an s when `plural`)."""
    word = "sub-theme" if level == "subtheme" else "theme"
    return word + ("s" if plural else "")
