"""The reads as tables (a header and rows), the one source of their CSV and Excel forms on the
command line and over HTTP."""

from __future__ import annotations

from graph.cooccurrence import Cooccurrence
from graph.quotes import QuoteItem
from graph.results import ThemeNode

__all__ = ["quote_table", "theme_table", "cooccurrence_table"]

Table = tuple[list[str], list[list[object]]]


def quote_table(items: list[QuoteItem]) -> Table:
    """One row a quote, its codes and memos joined."""
    header = ["uid", "study", "pseudonym", "profession", "source", "codes", "text", "memos"]
    return header, [[q.uid, q.study, q.pseudonym, q.profession, q.source, "; ".join(c.name for c in q.codes), q.text,
                     " | ".join(m.text for m in q.memos)] for q in items]


def _theme_lines(nodes: list[ThemeNode], depth: int = 0) -> list[list[object]]:
    rows = []
    for n in nodes:
        split = "; ".join(f"{b.value} {b.experts}" for b in n.breakdown) if n.breakdown is not None else ""
        rows.append(["  " * depth + n.name, n.category, n.experts, n.quotes, split, n.uid])
        rows.extend(_theme_lines(n.children, depth + 1))
    return rows


def theme_table(tree: list[ThemeNode], by: str | None) -> Table:
    """One row a code, indented by depth, with its counts (and their split `by`) and uid."""
    header = ["code", "category", "experts", "quotes", *([f"experts by {by}"] if by else []), "uid"]
    return header, [r if by else r[:4] + r[5:] for r in _theme_lines(tree)]


def cooccurrence_table(co: Cooccurrence, numbers: bool = True) -> Table:
    """One row a pair of codes; Jaccard as a number, or (`numbers` False) as text with 4 decimals."""
    return ["a", "b", f"{co.unit}s", "jaccard"], [
        [p.a, p.b, p.count, round(p.jaccard, 4) if numbers else f"{p.jaccard:.4f}"] for p in co.pairs]
