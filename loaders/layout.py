"""A table layout declared as data: which header names fill each role, and how cells are read.

A layout names, for each role (expert, text, code, memo...), the header names that fill it
(compared whatever their case, spacing or kind of dash), and the columns whose presence
identifies the layout when --format is auto. Columns without a role are expert attributes
(or, where `attribute_prefixes` is set, only the prefixed ones, prefix dropped).

A name may end in `#N`: the Nth column of that header (NVivo repeats `Hierarchical Name`). Any
other header that appears twice (`province, province`; `Gender, gender`) is refused, since one of
the two would be dropped, except the ones a tool repeats with the same values (`repeats`), which
must then agree on every row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from graph.errors import BadInput
from graph.naming import name_key

__all__ = ["Layout", "Roles"]

Roles = dict[str, int]


@dataclass(frozen=True)
class Layout:
    name: str
    columns: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    signature: tuple[tuple[str, ...], ...] = ()  # each group: one of these headers must be present
    code_separators: tuple[str, ...] = ()
    code_root: tuple[str, ...] = ()  # leading path parts that are the tool's root folder, not a code
    codes_per_cell: str | None = None
    attributes: Literal["rest", "prefixed", "listed", "none"] = "rest"
    attribute_prefixes: tuple[str, ...] = ()
    listed_attributes: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    ignore_prefixes: tuple[str, ...] = ()  # columns whose header starts so are not attributes
    name_paths: tuple[str, ...] = ()  # expert and source cells are paths (NVivo): the last part names them
    skip_ids: tuple[tuple[str, str], ...] = ()  # (id prefix, what is skipped)
    untagged: str = "rows without a code"  # rows without a code are skipped and counted under this kind
    repeated: tuple[str, ...] = ()  # roles that many columns fill, in header order
    defaults: dict[str, str] = field(default_factory=dict)
    repeats: tuple[str, ...] = ()  # headers the tool writes twice with the same values
    codes_joined: str | None = None  # codes joined in one cell by this (ATLAS.ti 23+), counted by the 'count' role
    code_lookup: bool = False  # a code names a leaf: its paths come from the study's codebook (ATLAS.ti groups)
    kind: Literal["segments", "attributes", "codebook"] = "segments"

    def duplicate_columns(self, header: list[str]) -> list[list[int]]:
        """The columns of each header this layout allows twice (which must agree row by row);
        BadInput naming the columns for any other header that appears more than once."""
        at: dict[str, list[int]] = {}
        for i, h in enumerate(header):
            if h.strip():
                at.setdefault(name_key(h), []).append(i)
        indexed = {name_key(n.rpartition("#")[0]) for names in self.columns.values() for n in names
                   if n.rpartition("#")[2].isdigit()}
        many = {name_key(n) for role in self.repeated for n in self.columns[role]}  # QualCoder's categories
        allowed = {name_key(n) for n in self.repeats} | indexed | many
        for key, columns in at.items():
            if len(columns) > 1 and key not in allowed:
                named = " and ".join(f"{header[i].strip()!r} (column {i + 1})" for i in columns)
                raise BadInput(f"the header names one column twice: {named}; one of them would be dropped, so "
                               "rename or remove one")
        return [columns for key, columns in at.items() if len(columns) > 1 and key not in indexed | many]

    def roles(self, header: list[str]) -> tuple[Roles, dict[str, list[int]], list[tuple[int, str]]]:
        """Which column fills each role, the repeated roles' columns, and the attribute columns."""
        keys = [name_key(h) for h in header]
        roles: Roles = {}
        for role, names in self.columns.items():
            if role in self.repeated:
                continue
            for name in names:
                i = _column(keys, name)
                if i is not None:
                    roles[role] = i
                    break
        repeated = {role: [i for i, k in enumerate(keys) if k in {name_key(n) for n in self.columns[role]}]
                    for role in self.repeated}
        used = set(roles.values()) | {i for cols in repeated.values() for i in cols}
        ignored = {name_key(n) for n in self.ignore}
        prefixes = tuple(name_key(p) for p in self.ignore_prefixes)
        read = {keys[i] for i in used}  # MAXQDA repeats Dokumentname/Dokumentgruppe among the variables
        attributes: list[tuple[int, str]] = []
        for i, (raw, key) in enumerate(zip(header, keys)):
            if i in used or key in ignored or key in read or not raw.strip() or key.startswith(prefixes):
                continue
            read.add(key)
            if self.attributes == "rest":
                attributes.append((i, raw.strip()))
            elif self.attributes == "prefixed":
                prefix = next((p for p in self.attribute_prefixes if key.startswith(name_key(p))), None)
                if prefix:
                    attributes.append((i, raw.strip()[len(prefix):]))
            elif self.attributes == "listed" and key in {name_key(n) for n in self.listed_attributes}:
                attributes.append((i, raw.strip()))
        return roles, repeated, attributes

    def matches(self, header: list[str]) -> bool:
        keys = {name_key(h) for h in header}
        return bool(self.signature) and all(any(name_key(n) in keys for n in group) for group in self.signature)


def _column(keys: list[str], name: str) -> int | None:
    """The index of the column `name` names (`name#N`: its Nth column), or None."""
    base, sep, nth = name.rpartition("#")
    if not (sep and nth.isdigit() and int(nth) >= 1):
        base, nth = name, "1"
    found = [i for i, k in enumerate(keys) if k == name_key(base)]
    return found[int(nth) - 1] if len(found) >= int(nth) else None
