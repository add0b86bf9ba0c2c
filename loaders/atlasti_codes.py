"""ATLAS.ti's Code Manager export as a code tree: its code groups are the themes.

A code in one group becomes a sub-theme of that group's theme; a code in two groups a sub-theme
under each (so a coding of it counts under both groups); a code in no group a theme of its own.
The `Groups` cell joins group names with ", " like the Quotation Manager's `Codes` cell, and is
split the same way (`loaders.joined_codes`): by `Number of Groups` and the group names that
appear alone on some row. The code's `Comment` is its description. Used with --codebook for a
Quotation Manager export, or loaded on its own to set a study's codebook.
"""

from __future__ import annotations

from collections.abc import Iterator

from graph.errors import BadInput
from graph.naming import name_key
from loaders.joined_codes import split_joined
from loaders.layout import Layout
from loaders.records import CodeSpec
from loaders.tabular import Table

__all__ = ["code_manager_records"]


def _count(value: str, column: str, where: str) -> int | None:
    if not value.strip():
        return None
    try:
        return int(float(value))
    except ValueError:
        raise BadInput(f"{column!r} is {value.strip()!r}, not a number", where) from None


def code_manager_records(table: Table, layout: Layout) -> Iterator[CodeSpec]:
    """The code tree of a Code Manager export: group themes first, then the codes; raises
    BadInput naming FILE:ROW for a row without a code or a `Groups` cell that cannot be split."""
    roles, _, _ = layout.roles(table.header)
    if "code" not in roles:
        raise BadInput("missing column 'Code'; the atlasti-codes layout needs it", f"{table.path}:1")

    def cell(fields: list[str], role: str) -> str:
        i = roles.get(role)
        return fields[i].strip() if i is not None and i < len(fields) else ""

    rows = []
    for line, fields in table.rows:
        where = f"{table.path}:{line}"
        code = cell(fields, "code")
        if not code:
            raise BadInput("empty 'Code': every row of a Code Manager export names one code", where)
        rows.append((where, code, cell(fields, "code_groups"), _count(cell(fields, "group_count"),
                                                                      "Number of Groups", where),
                     cell(fields, "memo") or None))
    alone = {name_key(g) for _, _, g, n, _ in rows if g and (n == 1 or ", " not in g)}
    groups: dict[str, tuple[str, str]] = {}  # key -> (name, where first named)
    placed = []
    for where, code, cell_value, n, comment in rows:
        names = (cell_value.splitlines() if "\n" in cell_value
                 else split_joined(cell_value, layout.codes_joined or ", ", n, alone))
        if names is None:
            raise BadInput(f"the 'Groups' cell of code {code!r} joins {n or 'several'} group name(s) with ', ', "
                           "and the names hold ', ' themselves; rename the groups without ', ' in ATLAS.ti, or "
                           "fix 'Number of Groups'", where)
        names = [g.strip() for g in names if g.strip()]
        for g in names:
            groups.setdefault(name_key(g), (g, where))
        placed.append((where, code, names, comment))
    for key, (name, where) in groups.items():
        yield CodeSpec(where, f"group:{key}", name, None)
    for where, code, names, comment in placed:
        if not names:
            yield CodeSpec(where, f"code:{name_key(code)}", code, None, comment)
        for g in names:
            yield CodeSpec(where, f"code:{name_key(g)}/{name_key(code)}", code, f"group:{name_key(g)}", comment)
