"""--category-map files: YAML, JSON or CSV, names matched loosely, categories checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import BadInput
from loaders.category_map import read_category_map


@pytest.mark.parametrize(("name", "content"), [
    ("map.yaml", "User  Risks: gap\nGains – and more: Benefit\n"),
    ("map.json", '{"user risks": "gap", "gains - and more": "benefit"}'),
    ("map.csv", "theme,category\nUSER RISKS,gap\nGains—and more,benefit\n"),
])
def test_formats(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, "utf-8")
    assert read_category_map(path) == {"user risks": "gap", "gains-and more": "benefit"}


def test_an_unknown_category_names_its_entry(tmp_path: Path) -> None:
    path = tmp_path / "map.csv"
    path.write_text("theme,category\nRisks,gap\nGains,good\n", "utf-8")
    with pytest.raises(BadInput, match=r"map\.csv:3: category 'good' is not one of benefit, gap"):
        read_category_map(path)
