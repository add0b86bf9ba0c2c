"""The generic coded-segments table in CSV: one row per coding.

Required columns: expert, profession, text, theme, subtheme (any case; a few common
spellings accepted). Optional: source, language, coder. Every other column is an expert
attribute (province, gender, years_experience...). Line numbers count the header as 1.
The file is streamed, never held whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from loaders.segment_row import SegmentRow
from loaders.tabular import open_csv
from loaders.tabular_layouts import GENERIC
from loaders.tabular_records import table_records

__all__ = ["read_csv_segments", "REQUIRED"]

REQUIRED = GENERIC.required


def read_csv_segments(path: Path) -> Iterator[SegmentRow]:
    """Yield one SegmentRow per data row; raise BadInput naming FILE:LINE on a malformed row."""
    for record in table_records(open_csv(path), GENERIC):
        if isinstance(record, SegmentRow):
            yield record
