"""Issue #15's "done when": an NVivo, an ATLAS.ti, a MAXQDA and a QualCoder project, each exactly
as the tool exports it and with no mapping file, loaded with `themegraph load`; then `matrix`,
`themes`, `quotes`, `saturation`, `view` and `brief` each answer with non-empty output whose
counts agree with what was loaded."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from tests.factories import deep_project, flat_project
from tests.loaders.test_tool_exports import (
    ATLAS_QUOTATIONS,
    CODE_MANAGER,
    MAXQDA_HEADERS,
    QUALCODER_3,
    maxqda_rows,
    write_csv,
    write_xls,
    write_xlsx,
)


def _nvivo(tmp_path: Path) -> tuple[list[str], int]:
    return [str(deep_project().write_qdpx(tmp_path / "nvivo.qdpx"))], 9


def _atlasti_refi(tmp_path: Path) -> tuple[list[str], int]:
    return [str(flat_project().write_qdpx(tmp_path / "atlas.qdpx"))], 8


def _atlasti_tables(tmp_path: Path) -> tuple[list[str], int]:
    quotations = write_csv(tmp_path / "quotations.csv", ATLAS_QUOTATIONS)
    codes = write_xlsx(tmp_path / "codes.xlsx", CODE_MANAGER)
    return [str(quotations), "--codebook", str(codes)], 3


def _maxqda(tmp_path: Path) -> tuple[list[str], int]:
    return [str(write_xls(tmp_path / "segments.xls", maxqda_rows(MAXQDA_HEADERS["de"])))], 2


def _qualcoder(tmp_path: Path) -> tuple[list[str], int]:
    return [str(write_csv(tmp_path / "coded_text.csv", QUALCODER_3, quoting=csv.QUOTE_ALL))], 3


TOOLS = {"nvivo-refi": _nvivo, "atlasti-refi": _atlasti_refi, "atlasti-23-tables": _atlasti_tables,
         "maxqda-de-xls": _maxqda, "qualcoder-3": _qualcoder}
REAL = Path(os.environ.get("THEMEGRAPH_REAL_QDA_DIR", "/nonexistent")) / "nvivo12-windows-oltas.qdpx"
if REAL.is_file():
    TOOLS["nvivo-12-real"] = lambda tmp_path: ([str(REAL)], 20)


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_each_tools_export_answers_every_read(cli, tmp_path: Path, tool: str) -> None:
    args, quotes = TOOLS[tool](tmp_path)
    status, out, err = cli("load", *args, "--study", "s")
    assert status == 0, err
    status, out, err = cli("matrix", "--format", "json")
    matrix = json.loads(out)
    assert status == 0 and matrix["n_quotes"] > 0 and matrix["cols"] and any(any(row) for row in matrix["cells"])
    status, out, _ = cli("themes", "--format", "json")
    assert status == 0 and json.loads(out)
    status, out, _ = cli("quotes", "--limit", "500", "--format", "json")
    assert status == 0 and json.loads(out)["total"] == quotes
    status, out, _ = cli("saturation", "--format", "json")
    saturation = json.loads(out)
    assert status == 0 and saturation["total_codes"] > 0 and saturation["steps"]
    status, _, err = cli("view", "overview", "--out", str(tmp_path / "overview.html"))
    assert status == 0 and "vis-network" in (tmp_path / "overview.html").read_text("utf-8"), err
    status, _, err = cli("brief", "--format", "json", "--out", str(tmp_path / "brief.json"))
    brief = json.loads((tmp_path / "brief.json").read_text("utf-8"))
    assert status == 0, err
    assert brief["method"]["n_quotes"] == quotes and brief["sections"]
    assert any(f for s in brief["sections"] for f in s["findings"])
