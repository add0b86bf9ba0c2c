"""A small mapping file (YAML or JSON) that names the columns of any other table layout.

    expert: Participant          # required: the speaker's pseudonym
    text: Excerpt                # required for coded segments; leave out for an attributes table
    code: Code path              # or theme: and subtheme:
    code_separator: " > "        # splits `code` into a path, theme first
    codes_per_cell: "\\n"         # several codes in one cell
    profession: Job              # optional, like source, coder, at, language, memo
    quote_id: Quotation ID       # optional: rows with the same id (in one source) are one quote
    id: Coding ID                # optional: a coding's own id (QualCoder's ctid); never splits a quote
    attributes: [Province, Age]  # optional; default: every column not named above; [] for none

Column names match whatever their case, spacing or kind of dash.

Ids: a quote is its text within its source unless `quote_id` names the column that identifies a
quotation (ATLAS.ti's quotation ID, Taguette's highlight id), where rows sharing an id are one
quote coded several times. `id` (or `coding_id`) names an id of each coding: it is read and never
makes two codings of the same words two quotes, since a coding id differs on every row.
`memo` names a comment column: it becomes the segment's memo, never an attribute.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from graph.errors import BadInput
from loaders.tabular_layouts import Layout

__all__ = ["read_mapping", "layout_of_mapping"]

_ROLES = {"expert", "text", "code", "theme", "subtheme", "profession", "source", "coder", "at", "language", "id",
          "coding_id", "quote_id", "memo", "translation"}
_ROLE_OF = {"quote_id": "ref", "coding_id": "id"}  # mapping key -> layout role
_OPTIONS = {"code_separator", "codes_per_cell", "attributes"}


def read_mapping(path: Path) -> dict[str, Any]:
    """The mapping file's content; raises BadInput naming the file when it is not a mapping."""
    try:
        text = path.read_text("utf-8-sig")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        raise BadInput(f"cannot read the mapping ({type(exc).__name__}: {str(exc).splitlines()[0]})",
                       str(path)) from exc
    if not isinstance(data, dict):
        raise BadInput("a mapping file holds 'role: column name' pairs (expert, text, code...)", str(path))
    return data


def layout_of_mapping(data: dict[str, Any], where: str) -> Layout:
    """The layout a mapping describes; raises BadInput for unknown keys or missing roles."""
    unknown = sorted(set(data) - _ROLES - _OPTIONS)
    if unknown:
        raise BadInput(f"unknown key(s) {', '.join(map(repr, unknown))}; known: {', '.join(sorted(_ROLES | _OPTIONS))}",
                       where)
    columns: dict[str, tuple[str, ...]] = {}
    for role in _ROLES & set(data):
        if not isinstance(data[role], str) or not data[role].strip():
            raise BadInput(f"{role!r} must name one column", where)
        if _ROLE_OF.get(role, role) in columns:
            raise BadInput("'id' and 'coding_id' both name the coding's id; keep one", where)
        columns[_ROLE_OF.get(role, role)] = (data[role].strip(),)
    if "expert" not in columns:
        raise BadInput("the mapping must name the 'expert' column", where)
    attributes = data.get("attributes")
    if attributes is not None and not (isinstance(attributes, list) and all(isinstance(a, str) for a in attributes)):
        raise BadInput("'attributes' must be a list of column names", where)
    if "text" not in columns:
        if set(columns) - {"expert", "profession"}:
            raise BadInput("the mapping names code columns but no 'text' column", where)
        return Layout(name="attributes", columns=columns, required=("expert",),
                      attributes="listed" if attributes is not None else "rest",
                      listed_attributes=tuple(attributes or ()))
    if "code" not in columns and "theme" not in columns and "subtheme" not in columns:
        raise BadInput("the mapping must name a 'code' column, or 'theme' and 'subtheme'", where)
    separator = data.get("code_separator")
    per_cell = data.get("codes_per_cell")
    return Layout(
        name="mapping", columns=columns, required=("expert", "text"),
        code_separators=(separator,) if isinstance(separator, str) and separator else (),
        codes_per_cell=per_cell if isinstance(per_cell, str) and per_cell else None,
        attributes="listed" if attributes is not None else "rest",
        listed_attributes=tuple(attributes or ()),
    )
