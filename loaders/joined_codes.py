"""Cells that join several names with a separator whose names may hold the separator themselves.

ATLAS.ti 23+ writes a quotation's codes as "Extensive, Non-local Unsafe, Safe" and says how many
there are in `Number of Codes`. A cell is split where that is certain:

- the count is 1: the cell is one name;
- the separator splits it into exactly `count` parts: each part is one name (no name is empty);
- otherwise the known names (the study's codebook, a Code Manager export, and names this file
  showed alone) must join up into `count` names in exactly one way.

Anything else is ambiguous, and `split_joined` returns None for the caller to refuse.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.codebook import Codebook
from graph.naming import name_key

__all__ = ["split_joined", "CodePaths"]

_MAX_WAYS = 2  # two readings are enough to know a cell is ambiguous


def split_joined(cell: str, separator: str, count: int | None, known: set[str]) -> list[str] | None:
    """The names in `cell`, or None when where one ends is not certain (see the module's docstring).

    `known` holds name keys (`graph.naming.name_key`). Without a count the cell is split only
    when the known names read it in exactly one way.
    """
    cell = cell.strip()
    if not cell:
        return []
    parts = [p.strip() for p in cell.split(separator)]
    if count == 1 or (count is None and len(parts) == 1):
        return [cell]
    if count is not None and len(parts) == count and all(parts):
        return parts
    if count is not None and (count < 1 or count > len(parts)):
        return None
    ways: list[list[str]] = []

    def walk(i: int, taken: list[str]) -> None:
        if len(ways) >= _MAX_WAYS or (count is not None and len(taken) > count):
            return
        if i == len(parts):
            if count is None or len(taken) == count:
                ways.append(list(taken))
            return
        for j in range(i + 1, len(parts) + 1):
            name = separator.join(parts[i:j]).strip()
            if name_key(name) in known:
                walk(j, [*taken, name])

    walk(0, [])
    return ways[0] if len(ways) == 1 else None


class CodePaths:
    """A codebook's codes by their leaf name: the name paths (theme first) each name ends.

    ATLAS.ti names a code by its name alone; once its code groups are themes (a Code Manager
    export given as --codebook), the code is a sub-theme under each of its groups.
    """

    def __init__(self, codebook: Codebook | None) -> None:
        self._paths: dict[str, list[tuple[str, ...]]] = {}
        if codebook is None:
            return
        names: dict[str, tuple[str, str | None]] = {t.uid: (t.name, None) for t in codebook.themes}
        names.update({s.uid: (s.name, s.parent) for s in codebook.subthemes})
        for name, parent in names.values():
            path = [name]
            while parent is not None and parent in names:
                path.insert(0, names[parent][0])
                parent = names[parent][1]
            self._paths.setdefault(name_key(name), []).append(tuple(path))

    def known(self) -> set[str]:
        """The name keys of every code."""
        return set(self._paths)

    def paths(self, name: str) -> list[tuple[str, ...]]:
        """The paths of the codes named so; a flat path of the name itself when there is none."""
        return self._paths.get(name_key(name)) or [(name.strip(),)]

    def learn(self, names: Iterable[str]) -> None:
        """Names seen in this file (a flat code each, unless the codebook placed them)."""
        for name in names:
            self._paths.setdefault(name_key(name), [])
