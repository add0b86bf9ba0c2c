"""Store reads the views share: every quote of a filter (all pages), and the codebook as an index."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from graph.errors import BadInput, NotFound
from graph.quotes import MAX_LIMIT, QuoteItem, QuoteQuery
from graph.results import ThemeNode
from graph.store import GraphStore

__all__ = ["all_quotes", "CodeIndex", "resolve_study", "excerpt", "label"]


def all_quotes(store: GraphStore, query: QuoteQuery) -> Iterator[QuoteItem]:
    """Every quote matching `query`, following the cursor page by page."""
    query = query.model_copy(update={"limit": MAX_LIMIT, "cursor": None})
    while True:
        page = store.quotes(query)
        yield from page.items
        if not page.next_cursor:
            return
        query = query.model_copy(update={"cursor": page.next_cursor})


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


def resolve_study(store: GraphStore, study: str | None) -> str:
    """The study a study-wide view shows: the one named, or the only one loaded.

    Raises NotFound for an unknown study or an empty store, and BadInput when several
    studies are loaded and none is named.
    """
    uids = [s.uid for s in store.studies()]
    if study is not None:
        if study not in uids:
            raise NotFound(f"no study {study!r}; loaded: {', '.join(uids) or 'none'}")
        return study
    if not uids:
        raise NotFound("no study is loaded yet; load one with `themegraph load` or `themegraph demo`")
    if len(uids) > 1:
        raise BadInput(f"several studies are loaded ({', '.join(uids)}); name one with study=", "study")
    return uids[0]


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
