"""Theme categories from --category-map FILE: theme name -> benefit, gap, prerequisite,
expectation or other. YAML or JSON (`{theme: category}`), or CSV with the columns theme and
category. Names match whatever their case, spacing or kind of dash.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import yaml

from graph.errors import BadInput
from graph.model import CATEGORIES, Category
from graph.naming import name_key

__all__ = ["read_category_map"]


def _pairs(path: Path) -> list[tuple[str, object, str]]:
    text = path.read_text("utf-8-sig")
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        rows = list(csv.reader(text.splitlines(), delimiter="\t" if path.suffix.lower() == ".tsv" else ","))
        if rows and [name_key(c) for c in rows[0][:2]] == ["theme", "category"]:
            rows = rows[1:]
        return [(r[0], r[1] if len(r) > 1 else "", f"{path}:{n}") for n, r in enumerate(rows, start=2) if any(r)]
    data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    if not isinstance(data, dict):
        raise BadInput("a category map holds 'theme name: category' pairs", str(path))
    return [(str(k), v, f"{path}:{k}") for k, v in data.items()]


def read_category_map(path: Path) -> dict[str, Category]:
    """Theme name keys -> categories; raises BadInput naming the entry for an unknown category."""
    try:
        pairs = _pairs(path)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        raise BadInput(f"cannot read the category map ({type(exc).__name__})", str(path)) from exc
    found: dict[str, Category] = {}
    for theme, category, where in pairs:
        value = name_key(str(category or ""))
        if value not in CATEGORIES:
            raise BadInput(f"category {category!r} is not one of {', '.join(CATEGORIES)}", where)
        found[name_key(theme)] = value
    return found
