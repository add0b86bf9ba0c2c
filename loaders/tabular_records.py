"""Table rows -> records, by a layout: coded segments, or experts for an attributes table.

Every refusal names FILE:ROW. A code column is split into a path by the layout's separators
(MAXQDA `Parent > Child`); QualCoder's category columns (nearest first) become the path above
its code. A table's own segment ids (Taguette, ATLAS.ti) identify its quotes; without them a
quote is its text within its source. Where expert and source cells are paths (NVivo's
`Files\\Folder\\Name`), the last part names them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from graph.errors import BadInput
from graph.naming import name_key
from loaders.records import ExpertSpec, Notice, Record
from loaders.segment_row import SegmentRow
from loaders.tabular import Table
from loaders.tabular_layouts import ATTRIBUTES, Layout

__all__ = ["table_records"]

_GROUP_ATTRIBUTE = re.compile(r"^\s*([^:]{1,60}?)\s*:\s*([^:].*?)\s*$")


def _split_path(value: str, layout: Layout, separators: tuple[str, ...] | None = None) -> tuple[str, ...]:
    parts = [value]
    for sep in layout.code_separators if separators is None else separators:
        if sep in value:
            parts = value.split(sep)
            break
    parts = [p.strip() for p in parts if p.strip()]
    roots = {name_key(r) for r in layout.code_root}
    while len(parts) > 1 and name_key(parts[0]) in roots:
        parts = parts[1:]
    return tuple(parts)


_SENTENCE = re.compile(r"[.!?]\s|[.!?]$|[。！？，；]")


def table_records(table: Table, layout: Layout, source_name: str | None = None) -> Iterator[Record]:
    """Yield the table's records; raise BadInput naming FILE:1 for a missing column, FILE:ROW for a bad row."""
    path, header = table.path, table.header
    try:
        twins = layout.duplicate_columns(header)
    except BadInput as exc:
        raise exc.at(f"{path}:1") from None
    roles, repeated, attributes = layout.roles(header)
    missing = [r for r in layout.required if r not in roles]
    if missing:
        found = _found(header)
        names = ", ".join(repr(layout.columns[m][0]) for m in missing)
        needs = f"; the {layout.name} layout needs {'them' if len(missing) > 1 else 'it'}"
        raise BadInput(f"missing column {names} (found: {found}){'' if layout.name == 'generic' else needs}",
                       f"{path}:1")
    skipped: dict[str, int] = {}
    for line, fields in table.rows:
        where = f"{path}:{line}"
        if len(fields) > len(header):
            raise BadInput(f"the row has {len(fields)} fields, the header {len(header)}; "
                           "quote fields that contain the delimiter", where)
        for columns in twins:
            if len({fields[i].strip() for i in columns if i < len(fields)}) > 1:
                raise BadInput(f"the columns {' and '.join(str(i + 1) for i in columns)} are both "
                               f"{header[columns[0]].strip()!r} but differ on this row; remove one", where)

        def get(role: str, fields: list[str] = fields) -> str | None:
            i = roles.get(role)
            value = fields[i].strip() if i is not None and i < len(fields) else ""
            if value and role in ("expert", "source") and layout.name_paths:
                value = (_split_path(value, layout, layout.name_paths) or ("",))[-1]
            return value or None

        attrs = [(name, fields[i].strip()) for i, name in attributes if i < len(fields) and fields[i].strip()]
        for group in (get("groups") or "").replace(";", "\n").splitlines():
            m = _GROUP_ATTRIBUTE.match(group)
            if m:
                attrs.append((m.group(1), m.group(2)))
        expert = get("expert")
        if layout.name == ATTRIBUTES.name:
            if not expert:
                raise BadInput("empty expert id: each row of an attributes table names one expert", where)
            yield ExpertSpec(where, expert, get("profession"), tuple(attrs), must_exist=True)
            continue
        identity = get("id") or ""
        kind = next((k for prefix, k in layout.skip_ids if identity.lower().startswith(prefix)), None)
        if kind:
            skipped[kind] = skipped.get(kind, 0) + 1
            continue
        text = get("text")
        if not expert:
            raise BadInput(f"empty {_column(layout, 'expert')}: every segment needs the speaker's pseudonym", where)
        if not text:
            raise BadInput(f"empty {_column(layout, 'text')}: every coded segment needs its text", where)
        base = SegmentRow(where=where, expert=expert, profession=get("profession"), text=text, theme=None,
                          subtheme=None, attributes=tuple(attrs), source=get("source") or source_name,
                          language=get("language"), coder=get("coder"), at=get("at"), ref=get("ref"))
        if "code" not in roles:
            if not get("theme") and not get("subtheme"):
                raise BadInput("empty 'theme' and 'subtheme': the row codes nothing", where)
            yield replace(base, theme=get("theme"), subtheme=get("subtheme"))
            continue
        cell = get("code") or ""
        codes = [c for c in (cell.split(layout.codes_per_cell) if layout.codes_per_cell else [cell]) if c.strip()]
        if not codes:
            if layout.untagged:
                skipped[layout.untagged] = skipped.get(layout.untagged, 0) + 1
                continue
            raise BadInput(f"empty {_column(layout, 'code')}: the row codes nothing", where)
        above = tuple(reversed([fields[i].strip() for i in repeated.get("category", [])
                                if i < len(fields) and fields[i].strip()]))
        for code in codes:
            yield replace(base, code_path=above + _split_path(code, layout))
    for kind, count in skipped.items():
        yield Notice("skipped", kind, count=count, text=f"{count} row(s) skipped: {kind} (ThemeGraph reads coded text)")


def _found(header: list[str]) -> str:
    """The header as found, for a one-line message. When the header row is missing, the first data
    row stands in its place: a cell that does not look like a column name (long, or a sentence) may
    be quote text, so only its length is shown."""
    cells = [" ".join(h.split()) for h in header if h.strip()]
    shown = [c if _looks_like_a_column(c) else f"<{len(c)} characters, not shown>" for c in cells[:12]]
    more = f", and {len(cells) - 12} more" if len(cells) > 12 else ""
    return (", ".join(shown) + more) or "nothing"


def _looks_like_a_column(cell: str) -> bool:
    return len(cell) <= 40 and len(cell.split()) <= 6 and not _SENTENCE.search(cell)


def _column(layout: Layout, role: str) -> str:
    return repr(layout.columns[role][0])
