"""Footnote numbering shared by the renderers: one number per distinct set of quote uids, in
the order the reader meets them, so a figure and a table cell backed by the same quotes share
a note."""

from __future__ import annotations

from graph.briefs.model import Count

__all__ = ["Footnotes"]


class Footnotes:
    """Numbers handed out while a brief is rendered, and the uid lists they stand for."""

    def __init__(self) -> None:
        self._numbers: dict[tuple[str, ...], int] = {}

    def number(self, uids: list[str] | tuple[str, ...]) -> int | None:
        """The note number for these quote uids (a new one the first time); None for no quotes."""
        key = tuple(sorted(uids))
        if not key:
            return None
        return self._numbers.setdefault(key, len(self._numbers) + 1)

    def of(self, figure: Count) -> int | None:
        """The note number for a figure's supporting quotes."""
        return self.number(figure.quotes)

    def notes(self) -> list[tuple[int, tuple[str, ...]]]:
        """Every note handed out so far, by number."""
        return sorted(((n, uids) for uids, n in self._numbers.items()), key=lambda item: item[0])
