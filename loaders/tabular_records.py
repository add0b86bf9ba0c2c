"""Table rows -> records, by a layout: coded segments, or experts for an attributes table.

Every refusal names FILE:ROW. A code column is split into a path by the layout's separators
(MAXQDA `Parent > Child`); QualCoder's category columns (nearest first) become the path above
its code. A table's own segment ids (Taguette, ATLAS.ti) identify its quotes; without them a
quote is its text within its source. Where expert and source cells are paths (NVivo's
`Files\\Folder\\Name`), the last part names them. A row without a code is skipped and counted,
as a REFI project's uncoded selection is; a comment column becomes the segment's memo
(`SegmentRow.memos`), never an attribute.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from graph.codebook import Codebook
from graph.errors import BadInput
from graph.naming import name_key
from loaders.atlasti_codes import code_manager_records
from loaders.joined_codes import CodePaths, split_joined
from loaders.layout import Layout
from loaders.records import ExpertSpec, Notice, Record
from loaders.segment_row import SegmentMemo, SegmentRow
from loaders.tabular import Table

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


def table_records(table: Table, layout: Layout, source_name: str | None = None,
                  codebook: Callable[[], Codebook | None] | None = None) -> Iterator[Record]:
    """Yield the table's records; raise BadInput naming FILE:1 for a missing column, FILE:ROW for a bad row.

    `codebook` gives the codebook of the study the table goes to (read once, at its first row):
    ATLAS.ti names codes by their leaf name, and their paths and joined cells are read by it.
    """
    if layout.kind == "codebook":
        yield from code_manager_records(table, layout)
        return
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
    codes: _CodeCells | None = None
    placed = list(roles.items())
    for line, fields in table.rows:
        where = f"{path}:{line}"
        if len(fields) > len(header):
            raise BadInput(f"the row has {len(fields)} fields, the header {len(header)}; "
                           "quote fields that contain the delimiter", where)
        for columns in twins:
            if len({fields[i].strip() for i in columns if i < len(fields)}) > 1:
                raise BadInput(f"the columns {' and '.join(str(i + 1) for i in columns)} are both "
                               f"{header[columns[0]].strip()!r} but differ on this row; remove one", where)

        get = _cells(fields, placed, layout).get
        attrs = [(name, fields[i].strip()) for i, name in attributes if i < len(fields) and fields[i].strip()]
        for group in (get("groups") or "").replace(";", "\n").splitlines():
            m = _GROUP_ATTRIBUTE.match(group)
            if m:
                attrs.append((m.group(1), m.group(2)))
        expert = get("expert")
        if layout.kind == "attributes":
            if not expert:
                raise BadInput("empty expert id: each row of an attributes table names one expert", where)
            yield ExpertSpec(where, expert, get("profession"), tuple(attrs), must_exist=True)
            continue
        identity = get("id") or ""
        kind = next((k for prefix, k in layout.skip_ids if identity.lower().startswith(prefix)), None)
        if kind:
            skipped[kind] = skipped.get(kind, 0) + 1
            continue
        if "code" in roles:
            if codes is None:
                codes = _CodeCells(layout, codebook() if codebook and layout.code_lookup else None)
            paths = codes.paths(get("code") or "", get("count"), repeated.get("category", []), fields, where)
        else:
            paths = [(get("theme") or "", get("subtheme") or "")] if get("theme") or get("subtheme") else []
        if not paths:
            skipped[layout.untagged] = skipped.get(layout.untagged, 0) + 1
            continue
        text = get("text")
        if not expert:
            raise BadInput(f"empty {_column(layout, 'expert')}: every segment needs the speaker's pseudonym", where)
        if not text:
            raise BadInput(f"empty {_column(layout, 'text')}: every coded segment needs its text", where)
        memo, coder, at = get("memo"), get("coder"), get("at")
        profession, source, language, ref, translation = (get("profession"), get("source") or source_name,
                                                          get("language"), get("ref"), get("translation"))
        by_code = "code" in roles
        for code_path in paths:  # built whole: dataclasses.replace costs as much as the rest of the row
            yield SegmentRow(where=where, expert=expert, profession=profession, text=text,
                             theme=None if by_code else code_path[0] or None,
                             subtheme=None if by_code else code_path[1] or None,
                             code_path=code_path if by_code else (), attributes=tuple(attrs), source=source,
                             language=language, coder=coder, at=at, ref=ref, translation=translation,
                             memos=(SegmentMemo(memo, coder, at),) if memo else ())
    for kind, count in skipped.items():
        yield Notice("skipped", kind, count=count, text=f"{count} row(s) skipped: {kind} (ThemeGraph reads coded text)")


def _cells(fields: list[str], placed: list[tuple[str, int]], layout: Layout) -> dict[str, str]:
    """The row's non-empty cells by role, stripped; an expert or source given as a path
    (`layout.name_paths`) by its last part."""
    n = len(fields)
    cells = {role: value for role, i in placed if i < n and (value := fields[i].strip())}
    if layout.name_paths:
        for role in ("expert", "source"):
            if role in cells:
                last = (_split_path(cells[role], layout, layout.name_paths) or ("",))[-1]
                if last:
                    cells[role] = last
                else:
                    del cells[role]
    return cells


class _CodeCells:
    """A code cell read into name paths: split into codes (one a line, or joined with a count), each
    split into its path, with QualCoder's category columns above it or ATLAS.ti's groups (from
    the codebook) around it."""

    def __init__(self, layout: Layout, codebook: Codebook | None) -> None:
        self.layout = layout
        self.lookup = CodePaths(codebook) if layout.code_lookup else None

    def paths(self, cell: str, count_cell: str | None, categories: list[int], fields: list[str],
              where: str) -> list[tuple[str, ...]]:
        layout = self.layout
        cell = cell.replace("\r\n", "\n")
        count = _count(count_cell, where) if layout.codes_joined and count_cell is not None else None
        if layout.codes_per_cell and layout.codes_per_cell in cell:
            names = cell.split(layout.codes_per_cell)
        elif layout.codes_joined and count_cell is not None and self.lookup is not None:
            found = split_joined(cell, layout.codes_joined, count, self.lookup.known())
            if found is None and count is not None and count > len(cell.split(layout.codes_joined)):
                found = [cell]  # fewer names than the count, however split: refused below as a mismatch
            if found is None:
                raise BadInput(f"the 'Codes' cell joins {count} codes with {layout.codes_joined!r}, but the code "
                               "names hold it too, so where one ends is not certain; pass ATLAS.ti's Code Manager "
                               "export (Code Manager > Export) with --codebook, so that the names are known", where)
            names = found
        else:
            names = [cell]
        names = [n.strip() for n in names if n.strip()]
        if count is not None and self.lookup is not None and layout.codes_joined:
            _agrees_with_known(cell, names, count, layout.codes_joined, self.lookup.known(), where)
        if count is not None and len(names) != count:
            raise BadInput(f"the 'Codes' cell names {len(names)} code(s) but 'Number of Codes' says {count}; "
                           "export the quotations again, or fix the count", where)
        if self.lookup is not None:
            if count == 1 or len(names) == 1:
                self.lookup.learn(names)
            return [p for n in names for p in self.lookup.paths(n)]
        above = tuple(reversed([fields[i].strip() for i in categories if i < len(fields) and fields[i].strip()]))
        return [above + _split_path(n, layout) for n in names]



def _agrees_with_known(cell: str, names: list[str], count: int, separator: str, known: set[str], where: str) -> None:
    """Refuses a split that names codes nobody knows where the known names read the cell as
    another number of codes than `count` ("A, B, C" counted 3, where the codebook has "A, B")."""
    if len(names) != count or all(name_key(n) in known for n in names):
        return  # a count the split disagrees with is refused by the caller
    reading = split_joined(cell, separator, None, known)
    if reading is not None and len(reading) != count:
        raise BadInput(f"the 'Codes' cell names {len(reading)} known code(s) ({', '.join(map(repr, reading[:5]))}) "
                       f"but 'Number of Codes' says {count}; export the quotations again, or fix the count", where)


def _count(value: str, where: str) -> int | None:
    if not value.strip():
        return None
    try:
        return int(float(value))
    except ValueError:
        raise BadInput(f"'Number of Codes' is {value.strip()!r}, not a number", where) from None


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
