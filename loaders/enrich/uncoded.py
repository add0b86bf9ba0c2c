"""Uncoded text to suggest sub-themes for, and accepted suggestions as a table to load.

Input (`themegraph suggest FILE`): a `.csv`/`.tsv` file with a `text` column and any of
`expert`, `profession`, `source` and attribute columns (as in the generic coded layout, less
theme and sub-theme), or any other file as plain UTF-8 text, one segment a line (blank lines
skipped). Accepted suggestions are written in the generic coded layout (expert, profession,
the other columns, theme, subtheme, text, coder), which `themegraph load` reads; the coder
column says they came from the suggester.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import BadInput
from graph.tabular import safe_cell
from loaders.enrich.suggestions import Suggestion

__all__ = ["UncodedSegment", "read_uncoded", "accepted_rows", "write_accepted", "SUGGESTER_CODER"]

SUGGESTER_CODER = "themegraph-suggest"
_TABLE_SUFFIXES = {".csv": ",", ".tsv": "\t"}
_RESERVED = {"text", "theme", "subtheme", "coder"}


@dataclass(frozen=True)
class UncodedSegment:
    where: str  # file:line, for messages (never the text)
    text: str
    columns: dict[str, str] = field(default_factory=dict)  # expert, profession, source, attributes


def read_uncoded(path: Path) -> list[UncodedSegment]:
    """The segments of a file; BadInput naming the file (and line) if it cannot be used."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BadInput("no such file", str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"cannot read the file ({type(exc).__name__}); give UTF-8 text or CSV", str(path)) from None
    delimiter = _TABLE_SUFFIXES.get(path.suffix.lower())
    if delimiter is None:
        segments = [UncodedSegment(f"{path}:{n}", line.strip()) for n, line in enumerate(raw.splitlines(), 1)
                    if line.strip()]
    else:
        reader = csv.reader(raw.splitlines(), delimiter=delimiter)
        header = [h.strip().lower() for h in next(reader, [])]
        if "text" not in header:
            raise BadInput("the table has no 'text' column (columns: text, and optionally expert, profession, "
                           "source and attributes)", f"{path}:1")
        segments = []
        for n, row in enumerate(reader, 2):
            values = dict(zip(header, (v.strip() for v in row)))
            if values.get("text"):
                columns = {k: v for k, v in values.items() if k and k not in _RESERVED and v}
                segments.append(UncodedSegment(f"{path}:{n}", values["text"], columns))
    if not segments:
        raise BadInput("the file holds no text to suggest codes for", str(path))
    return segments


def accepted_rows(segments: Sequence[UncodedSegment], suggestions: Sequence[Suggestion]) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the generic coded layout, one row per accepted suggestion.

    Raises BadInput when an accepted segment has no expert: a coding belongs to someone.
    """
    extra = sorted({k for s in segments for k in s.columns} - {"expert", "profession"})
    header = ["expert", "profession", *extra, "theme", "subtheme", "text", "coder"]
    rows = []
    for s in suggestions:
        segment = segments[s.index]
        if not segment.columns.get("expert"):
            raise BadInput("accepting suggestions needs an expert for each segment: give a CSV with an 'expert' "
                           "column (and 'profession')", segment.where)
        c = segment.columns
        rows.append([c["expert"], c.get("profession", ""), *(c.get(k, "") for k in extra), s.theme, s.subtheme,
                     segment.text, SUGGESTER_CODER])
    return header, rows


def write_accepted(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """Write the accepted suggestions as a CSV `themegraph load` reads.

    Cells a spreadsheet would run as a formula get a leading apostrophe (`graph.tabular.safe_cell`);
    `themegraph load` drops it again, so the file loads back to the same texts."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([safe_cell(h) for h in header])
        writer.writerows([safe_cell(v) for v in row] for row in rows)
    return path
