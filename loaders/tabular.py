"""Tables read a row at a time, from CSV (any of , ; tab), XLSX or legacy XLS: a header and numbered rows.

Row numbers are what a person sees: the CSV line a row starts on (the header is line 1,
multi-line fields count every line), or the spreadsheet's row number. XLSX files are zip
archives and go through `loaders.zip_safety` first; openpyxl parses their XML with
defusedxml when it is installed, as it is here. Legacy `.xls` workbooks (MAXQDA's older
exports) are read with xlrd, which parses only the binary BIFF format and no XML.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from defusedxml import DefusedXmlException

from graph.errors import BadInput
from graph.tabular import FORMULA_START
from loaders.text_stream import Progress, text_lines
from loaders.zip_safety import SafeZip

__all__ = ["Table", "open_csv", "open_xlsx", "open_xls", "EMPTY_FILE", "MAX_XLS"]

MAX_FIELD = 1_000_000
MAX_XLS = 256 * 1024**2  # bytes in a legacy .xls workbook: xlrd holds the whole file in memory
EMPTY_FILE = "the file is empty; expected a header row with expert, profession, text, theme, subtheme"


@dataclass
class Table:
    path: Path
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (row number, cells), blank rows left out


class _Delimited(csv.excel):
    """Excel's CSV (quote ", doubled inside a field) with the delimiter the header uses."""


def _dialect(first_line: str) -> type[csv.Dialect]:
    """Only the delimiter is sniffed from the header: from one line without quotes the sniffer also
    guesses doublequote=False, which split or garbled every later field holding a doubled quote."""
    try:
        delimiter = csv.Sniffer().sniff(first_line[:65536], delimiters=",;\t").delimiter
    except csv.Error:
        return csv.excel
    # NVivo's .txt extracts separate fields with ", ": the space must not stop a quoted field.
    spaced = delimiter == "," and first_line.count(",") == first_line.count(", ") > 0
    return type("_Sniffed", (_Delimited,), {"delimiter": delimiter, "skipinitialspace": spaced})


def _unguard(field: str) -> str:
    """A cell without the apostrophe that defuses a formula (`graph.tabular.safe_cell`, and what
    people type in spreadsheets): ThemeGraph's own CSV exports load back to the texts they hold."""
    return field[1:] if field[:1] == "'" and field[1:2] in FORMULA_START else field


def open_csv(path: Path, progress: Progress | None = None) -> Table:
    """The table in a CSV file, streamed; raises BadInput naming FILE:LINE."""
    lines = text_lines(path, progress)
    first = next(lines, None)
    if first is None or not first.strip():
        raise BadInput(EMPTY_FILE, f"{path}:1")
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(itertools.chain([first], lines), _dialect(first), strict=True)
    try:
        header = [_unguard(h) for h in next(reader)]
    except csv.Error as exc:
        raise BadInput(f"unreadable header ({exc})", f"{path}:1") from exc

    def rows() -> Iterator[tuple[int, list[str]]]:
        line = reader.line_num
        while True:
            start = line + 1
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise BadInput(f"malformed CSV ({exc})", f"{path}:{start}") from exc
            line = reader.line_num
            if any(f.strip() for f in fields):
                yield start, [_unguard(f) for f in fields]

    return Table(path, header, rows())


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _unreadable(exc: Exception, where: str) -> BadInput:
    if isinstance(exc, BadInput):
        return exc
    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, DefusedXmlException):
        cause = cause.__cause__ or cause.__context__  # openpyxl wraps what the parser raised
    if cause is not None:
        return BadInput(f"refused: the workbook's XML declares entities or external references "
                        f"({type(cause).__name__})", where)
    return BadInput(f"not a readable XLSX workbook ({type(exc).__name__}); save it again from the "
                    "spreadsheet program, or export CSV", where)


def open_xlsx(path: Path, progress: Progress | None = None) -> Table:
    """The first worksheet of an XLSX file, streamed; raises BadInput naming FILE:ROW.

    `progress` is accepted for symmetry with `open_csv` but not called: openpyxl does not say
    how far into the (compressed) sheet it is, and workbooks are small next to CSV exports.
    """
    from openpyxl import load_workbook  # imported here: it is slow to import and only XLSX needs it

    with SafeZip(path):
        pass  # the archive's members are checked before openpyxl opens it
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise _unreadable(exc, str(path)) from exc
    cells = book.worksheets[0].iter_rows(values_only=True)
    header: list[str] | None = None
    number = 0
    try:
        for values in cells:
            number += 1
            if any(v is not None and str(v).strip() for v in values):
                header = [_cell(v).strip() for v in values]
                break
    except Exception as exc:  # the sheet's XML is parsed lazily, row by row
        book.close()
        raise _unreadable(exc, f"{path}:{number}") from exc
    if header is None:
        book.close()
        raise BadInput(EMPTY_FILE, f"{path}:1")

    def rows() -> Iterator[tuple[int, list[str]]]:
        n = number
        try:
            for values in cells:
                n += 1
                fields = [_cell(v) for v in values]
                if any(f.strip() for f in fields):
                    yield n, fields
        except Exception as exc:
            raise _unreadable(exc, f"{path}:{n + 1}") from exc
        finally:
            book.close()

    return Table(path, header, rows())


def open_xls(path: Path, progress: Progress | None = None) -> Table:
    """The first worksheet of a legacy Excel `.xls` workbook; raises BadInput naming FILE:ROW.

    Dates are written as ISO dates, whole numbers without '.0', as in XLSX. `progress` is
    accepted for symmetry and not called (xlrd reads the workbook at once).
    """
    import xlrd  # imported here: only .xls needs it

    if path.stat().st_size > MAX_XLS:
        raise BadInput(f"the workbook is larger than {MAX_XLS} bytes", str(path))
    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
        sheet = book.sheet_by_index(0)
    except Exception as exc:  # xlrd raises many kinds for a file that is not a BIFF workbook
        raise BadInput(f"not a readable .xls workbook ({type(exc).__name__}); save it again from the spreadsheet "
                       "program, or export XLSX or CSV", str(path)) from exc

    def cell(value: object, ctype: int) -> str:
        if ctype == xlrd.XL_CELL_DATE:
            try:
                return xlrd.xldate_as_datetime(value, book.datemode).isoformat()
            except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                return _cell(value)
        if ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return ""
        return _cell(value)

    def row(n: int) -> list[str]:
        return [cell(v, t) for v, t in zip(sheet.row_values(n), sheet.row_types(n))]

    number = 0
    header: list[str] | None = None
    while number < sheet.nrows:
        values = row(number)
        number += 1
        if any(v.strip() for v in values):
            header = [v.strip() for v in values]
            break
    if header is None:
        book.release_resources()
        raise BadInput(EMPTY_FILE, f"{path}:1")

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for n in range(number, sheet.nrows):
                fields = row(n)
                if any(f.strip() for f in fields):
                    yield n + 1, fields
        finally:
            book.release_resources()

    return Table(path, header, rows())
