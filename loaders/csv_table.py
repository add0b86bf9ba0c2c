"""The generic coded-segments table: one row per coding, in CSV.

Required columns: expert, profession, text, theme, subtheme (any case; a few common
spellings accepted). Optional: source, language, coder. Every other column is an expert
attribute (province, gender, years_experience...). Line numbers count the header as 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from graph.errors import BadInput
from graph.naming import name_key
from loaders.segment_row import SegmentRow

__all__ = ["read_csv_segments", "REQUIRED"]

REQUIRED = ("expert", "profession", "text", "theme", "subtheme")
OPTIONAL = ("source", "language", "coder")
ALIASES = {
    "pseudonym": "expert", "participant": "expert", "speaker": "expert",
    "occupation": "profession", "role": "profession",
    "quote": "text", "segment": "text",
    "sub-theme": "subtheme", "sub theme": "subtheme", "sub_theme": "subtheme",
    "document": "source",
}
MAX_FIELD = 1_000_000


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BadInput(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8 and load it again",
            f"{path}:{line}",
        ) from exc


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text[:65536].split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def read_csv_segments(path: Path) -> Iterator[SegmentRow]:
    """Yield one SegmentRow per data row; raise BadInput naming FILE:LINE on a malformed row."""
    text = _decode(path)
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise BadInput("the file is empty; expected a header row with " + ", ".join(REQUIRED), f"{path}:1") from None
    except csv.Error as exc:
        raise BadInput(f"unreadable header ({exc})", f"{path}:1") from exc

    roles: dict[str, int] = {}
    attributes: list[tuple[int, str]] = []
    for i, name in enumerate(header):
        key = name_key(name)
        role = ALIASES.get(key, key)
        if role in REQUIRED or role in OPTIONAL:
            roles.setdefault(role, i)
        elif name.strip():
            attributes.append((i, name.strip()))
    missing = [c for c in REQUIRED if c not in roles]
    if missing:
        found = ", ".join(h.strip() for h in header) or "nothing"
        raise BadInput(f"missing column {', '.join(repr(m) for m in missing)} (found: {found})", f"{path}:1")

    line = reader.line_num
    while True:
        start_line = line + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise BadInput(f"malformed CSV ({exc})", f"{path}:{start_line}") from exc
        line = reader.line_num
        if not any(f.strip() for f in fields):
            continue
        where = f"{path}:{start_line}"
        if len(fields) > len(header):
            raise BadInput(f"the row has {len(fields)} fields, the header {len(header)}; "
                           "quote fields that contain the delimiter", where)

        def get(role: str, fields: list[str] = fields) -> str | None:
            i = roles.get(role)
            value = fields[i].strip() if i is not None and i < len(fields) else ""
            return value or None

        expert, text = get("expert"), get("text")
        if not expert:
            raise BadInput("empty 'expert': every segment needs the speaker's pseudonym", where)
        if not text:
            raise BadInput("empty 'text': every coded segment needs its text", where)
        if not get("theme") and not get("subtheme"):
            raise BadInput("empty 'theme' and 'subtheme': the row codes nothing", where)
        yield SegmentRow(
            where=where, expert=expert, profession=get("profession"), text=text,
            theme=get("theme"), subtheme=get("subtheme"),
            attributes=tuple((name, fields[i].strip()) for i, name in attributes
                             if i < len(fields) and fields[i].strip()),
            source=get("source"), language=get("language"), coder=get("coder"),
        )
