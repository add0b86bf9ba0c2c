"""What the views share: the codebook as an index, and labels and excerpts of quote text."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from graph.results import ThemeNode

__all__ = ["CodeIndex", "excerpt", "label"]


@dataclass(frozen=True, slots=True)
class CodeIndex:
    """The theme trees flattened: every code by uid, its parent, and codebook order."""

    codes: dict[str, ThemeNode]
    parent: dict[str, str]
    order: dict[str, int]

    @classmethod
    def of(cls, trees: list[ThemeNode]) -> CodeIndex:
        codes: dict[str, ThemeNode] = {}
        parent: dict[str, str] = {}
        stack: list[tuple[ThemeNode, str | None]] = [(t, None) for t in reversed(trees)]
        while stack:
            node, up = stack.pop()
            codes[node.uid] = node
            if up is not None:
                parent[node.uid] = up
            stack.extend((c, node.uid) for c in reversed(node.children))
        return cls(codes, parent, {uid: i for i, uid in enumerate(codes)})

    def chain(self, uid: str) -> list[str]:
        """The code and its ancestors up to its theme, nearest first."""
        out = [uid]
        while out[-1] in self.parent:
            out.append(self.parent[out[-1]])
        return out

    def below(self, uid: str) -> list[str]:
        """The code and every code under it, in codebook order."""
        out, stack = [], [self.codes[uid]]
        while stack:
            node = stack.pop()
            out.append(node.uid)
            stack.extend(reversed(node.children))
        return out


def excerpt(text: str, width: int) -> str:
    """The text cut to `width` characters on one line, with an ellipsis when cut."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def label(text: str, columns: int) -> str:
    """A short label of at most `columns` columns, Chinese and other wide characters counting two."""
    flat = " ".join(text.split())
    used = 0
    for i, ch in enumerate(flat):
        used += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used > columns:
            return flat[:i].rstrip() + "…"
    return flat
