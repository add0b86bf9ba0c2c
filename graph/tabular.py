"""CSV for people's spreadsheets: every text cell that a spreadsheet would run as a formula is defused."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

__all__ = ["safe_cell", "to_csv", "FORMULA_START"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may run


def safe_cell(value: object) -> str:
    """The cell as text; a text starting with = + - @ (or a tab or CR) gets a leading apostrophe."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_START) else text


def to_csv(header: list[str], rows: Iterable[Iterable[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return out.getvalue()
