"""Tables as Excel workbooks: one sheet a table, the header frozen, numbers as numbers, and every
text a spreadsheet would run as a formula defused (the rule of `graph.tabular.safe_cell`)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Font

from graph.tabular import safe_cell

__all__ = ["XLSX_MEDIA_TYPE", "Sheet", "xlsx_bytes"]

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
Sheet = tuple[str, list[str], Iterable[Iterable[object]]]  # name, header, rows


def _cell(value: object) -> object:
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value).lower()
    if isinstance(value, int | float):
        return value
    return safe_cell(value)


def xlsx_bytes(sheets: list[Sheet]) -> bytes:
    """A workbook of `sheets` (name, header, rows); names are cut to Excel's 31 characters."""
    book = Workbook()
    book.remove(book.worksheets[0])  # the default sheet: ours are added by name
    for name, header, rows in sheets:
        sheet = book.create_sheet(_BAD_TITLE.sub(" ", name)[:31] or "table")
        sheet.append([safe_cell(h) for h in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_cell(v) for v in row])
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
