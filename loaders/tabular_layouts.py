"""Table layouts: the generic schema, an expert attributes table, and the QDA tools' own exports
(`loaders.presets`, one module a tool, each citing the real exports it was checked against).

`detect_layout` picks the layout of a header when --format is auto; a variant the presets miss
loads through a --mapping file (`loaders.mapping`).
"""

from __future__ import annotations

from dataclasses import replace

from graph.naming import name_key
from loaders.layout import Layout, Roles
from loaders.presets import ATLASTI, ATLASTI_CODES, MAXQDA, NVIVO, QUALCODER, TAGUETTE

__all__ = ["Layout", "PRESETS", "GENERIC", "ATTRIBUTES", "detect_layout", "Roles", "ATLASTI", "ATLASTI_CODES",
           "MAXQDA", "NVIVO", "QUALCODER", "TAGUETTE"]

_EXPERT = ("expert", "pseudonym", "participant", "speaker")
GENERIC = Layout(
    name="generic",
    columns={"expert": _EXPERT, "profession": ("profession", "occupation", "role"),
             "text": ("text", "quote", "segment"), "theme": ("theme",),
             "subtheme": ("subtheme", "sub-theme", "sub theme", "sub_theme"),
             "source": ("source", "document"), "language": ("language",), "coder": ("coder",),
             "translation": ("translation",)},
    required=("expert", "profession", "text", "theme", "subtheme"),
)

ATTRIBUTES = Layout(
    name="attributes",
    columns={"expert": (*_EXPERT, "case", "document name", "file/case", "document", "file"),
             "profession": ("profession", "occupation", "role", "职业")},
    required=("expert",),
    kind="attributes",
)

# Any segments table may carry the researchers' translation of each quote in a 'translation' column.
PRESETS: dict[str, Layout] = {
    x.name: replace(x, columns={**x.columns, "translation": ("translation",)}) if x.kind == "segments" else x
    for x in (GENERIC, QUALCODER, TAGUETTE, MAXQDA, ATLASTI, ATLASTI_CODES, NVIVO, ATTRIBUTES)}
_TEXT_OR_CODE = {name_key(n) for x in PRESETS.values() if x.kind == "segments"
                 for role in ("text", "code", "theme", "subtheme") for n in x.columns.get(role, ())}


def detect_layout(header: list[str]) -> Layout:
    """The layout a header belongs to: generic if its columns are there, else the preset whose
    signature matches, else an attributes table (an expert column and no text or code column);
    the generic layout otherwise, so that its 'missing column' error names what is absent."""
    keys = {name_key(h) for h in header}
    if all(any(name_key(n) in keys for n in GENERIC.columns[r]) for r in GENERIC.required):
        return GENERIC
    for layout in PRESETS.values():
        if layout.matches(header):
            return layout
    if not keys & _TEXT_OR_CODE and any(name_key(n) in keys for n in ATTRIBUTES.columns["expert"]):
        return ATTRIBUTES
    return GENERIC
