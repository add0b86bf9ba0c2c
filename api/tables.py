"""A table answer in the form the client asks for: `format=csv|xlsx`, or the Accept header."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from graph.exports.xlsx import XLSX_MEDIA_TYPE, xlsx_bytes
from graph.tabular import to_csv

__all__ = ["table_form", "table_response", "XLSX_MEDIA_TYPE", "TABLE_FORMS"]

# The other forms of a 200 answer, for the OpenAPI document.
TABLE_FORMS: dict = {"content": {"text/csv": {"schema": {"type": "string"}},
                                 XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}}}


def table_form(request: Request, format: str | None) -> str | None:
    """'csv' or 'xlsx' when the request asks for one (format= first, then Accept), else None (JSON)."""
    if format in ("csv", "xlsx"):
        return format
    if format is None:
        accept = request.headers.get("accept", "")
        if XLSX_MEDIA_TYPE in accept:
            return "xlsx"
        if "text/csv" in accept:
            return "csv"
    return None


def table_response(form: str, sheet: str, header: list[str], rows: list[list[object]]) -> Response:
    """The table as CSV or as a one-sheet workbook (a download named after the sheet)."""
    if form == "csv":
        return Response(to_csv(header, rows), media_type="text/csv; charset=utf-8")
    return Response(xlsx_bytes([(sheet, header, rows)]), media_type=XLSX_MEDIA_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{sheet.lower()}.xlsx"'})
