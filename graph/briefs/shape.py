"""What a study's codebook shape means for its brief beside the level its findings are at
(which the matrix answers, by graph.levels): whether it groups by category or by theme, and
the codebook's depth in a few words.

Categories (benefit, gap, ...) are used only when some theme has one other than 'other';
otherwise the brief has a section per theme.
"""

from __future__ import annotations

from collections import defaultdict

from graph.codebook import Codebook
from graph.levels import Level, level_words

__all__ = ["has_categories", "depth_of", "codes_per_depth", "level_word"]


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
    """'sub-theme' or 'theme' (graph.levels.level_words, in the singular unless `plural`)."""
    words = level_words(level)
    return words if plural else words[:-1]
