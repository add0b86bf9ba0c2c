"""CSV, XLSX and legacy XLS files as sections of records: the layout comes from --mapping, a preset named
with --format, or the header (`loaders.tabular_layouts.detect_layout`)."""

from __future__ import annotations

from pathlib import Path

from loaders.mapping import layout_of_mapping
from loaders.reading import ReadContext, Section
from loaders.tabular import Table, open_csv, open_xls, open_xlsx
from loaders.tabular_layouts import PRESETS, Layout, detect_layout
from loaders.tabular_records import table_records

__all__ = ["read_csv", "read_xlsx", "read_xls"]


def _layout(table: Table, ctx: ReadContext) -> Layout:
    if ctx.mapping is not None:
        return layout_of_mapping(ctx.mapping, ctx.mapping_where)
    if ctx.layout:
        return PRESETS[ctx.layout]
    return detect_layout(table.header)


def _section(table: Table, ctx: ReadContext, container: str) -> list[Section]:
    layout = _layout(table, ctx)
    return [Section(table_records(table, layout, codebook=ctx.codebook), format=f"{container}:{layout.name}")]


def read_csv(path: Path, ctx: ReadContext) -> list[Section]:
    """A CSV table as one section; raises BadInput naming FILE:LINE."""
    return _section(open_csv(path, ctx.progress), ctx, "csv")


def read_xlsx(path: Path, ctx: ReadContext) -> list[Section]:
    """The first sheet of an XLSX workbook as one section; raises BadInput naming FILE:ROW."""
    return _section(open_xlsx(path, ctx.progress), ctx, "xlsx")


def read_xls(path: Path, ctx: ReadContext) -> list[Section]:
    """The first sheet of a legacy `.xls` workbook as one section; raises BadInput naming FILE:ROW."""
    return _section(open_xls(path, ctx.progress), ctx, "xls")
