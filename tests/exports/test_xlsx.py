"""Excel: one sheet a table, the header frozen, numbers as numbers, formulas defused; from the
command line (matrix, quotes, themes, cooccurrence, agreement) and over HTTP (matrix, agreement)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.app import create_app
from api.settings import Settings
from api.tables import XLSX_MEDIA_TYPE
from graph.exports.xlsx import xlsx_bytes
from graph.store import GraphStore
from loaders.pipeline import LoadOptions, load_paths
from tests.contract.test_agreement import double_coded
from tests.factories import SAMPLE, STUDY


def test_cells_keep_numbers_and_defuse_formulas() -> None:
    book = load_workbook(io.BytesIO(xlsx_bytes([("Quotes", ["text", "n", "share"], [
        ["=HYPERLINK(\"http://x\")", 3, 0.25], ["+1", 0, None], ["@cmd", -2, 1.5], ["\tx", 1, 2], ["plain", 7, 0.0]])])))
    (sheet,) = book.worksheets
    assert sheet.title == "Quotes" and sheet.freeze_panes == "A2"
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["text", "n", "share"]
    assert [r[0] for r in values[1:]] == ["'=HYPERLINK(\"http://x\")", "'+1", "'@cmd", "'\tx", "plain"]
    assert [r[1] for r in values[1:]] == [3, 0, -2, 1, 7] and all(isinstance(r[1], int) for r in values[1:])
    assert values[1][2] == 0.25 and values[2][2] is None


@pytest.mark.parametrize("command", [
    ["matrix", "--study", STUDY, "--category", "gap"],
    ["quotes", "--study", STUDY, "--limit", "5"],
    ["themes", "--study", STUDY],
    ["cooccurrence", "--study", STUDY],
])
def test_cli_tables_as_workbooks(cli, tmp_path: Path, command: list[str]) -> None:
    assert cli("load", str(SAMPLE), "--study", STUDY, "--codebook", "reference")[0] == 0
    path = tmp_path / "out.xlsx"
    status, _, err = cli(*command, "--format", "xlsx", "--out", str(path))
    assert status == 0, err
    (sheet,) = load_workbook(path).worksheets
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert sheet.freeze_panes == "A2" and len(rows) > 1
    if command[0] != "quotes":  # a quote's row holds no number
        assert any(isinstance(v, int | float) for r in rows[1:] for v in r), "counts are written as numbers"
    else:
        assert rows[0][-2:] == ["text", "memos"] and len(rows) == 6
    status, _, err = cli(*command, "--format", "xlsx")
    assert status == 2 and "--out" in err


def test_cli_agreement_workbook_and_unsupported_commands(cli, tmp_path: Path) -> None:
    path, _ = double_coded(tmp_path)
    assert cli("load", str(path), "--study", "dc")[0] == 0
    out = tmp_path / "agreement.xlsx"
    assert cli("agreement", "--study", "dc", "--coders", "Alice,Bob", "--format", "xlsx", "--out", str(out))[0] == 0
    rows = [[c.value for c in row] for row in load_workbook(out).worksheets[0].iter_rows()]
    assert rows[0][:5] == ["code", "uid", "percent_agreement", "kappa", "alpha"]
    assert rows[-1][0] == "all codes" and isinstance(rows[-1][3], float)
    status, _, err = cli("saturation", "--study", "dc", "--format", "xlsx")
    assert status == 2 and "offered by matrix" in err


def test_http_matrix_quotes_themes_cooccurrence_and_agreement_as_xlsx(store: GraphStore, tmp_path: Path) -> None:
    load_paths(store, [SAMPLE], LoadOptions(study=STUDY, codebook="reference", concepts=False))
    path, _ = double_coded(tmp_path)
    load_paths(store, [path], LoadOptions(study="dc", concepts=False))
    with TestClient(create_app(Settings(store="memory"), store=store)) as client:
        r = client.get("/v1/matrix", params={"study": STUDY, "category": "gap"}, headers={"Accept": XLSX_MEDIA_TYPE})
        assert r.status_code == 200 and r.headers["content-type"] == XLSX_MEDIA_TYPE
        rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(r.content)).worksheets[0].iter_rows()]
        assert rows[0][0] == "experts" and rows[-1][0] == "total"
        json_cells = client.get("/v1/matrix", params={"study": STUDY, "category": "gap"}).json()["cells"]
        assert [r[1:1 + len(json_cells[0])] for r in rows[1:-1]] == json_cells
        r = client.get("/v1/agreement", params={"study": "dc", "coders": "Alice,Bob", "format": "xlsx"})
        assert r.status_code == 200 and r.headers["content-type"] == XLSX_MEDIA_TYPE
        assert load_workbook(io.BytesIO(r.content)).worksheets[0].title == "Agreement"
        for path, params, sheet in [("/v1/quotes", {"study": STUDY, "limit": 7}, "Quotes"),
                                    ("/v1/themes", {"study": STUDY}, "Themes"),
                                    ("/v1/cooccurrence", {"study": STUDY}, "Cooccurrence")]:
            r = client.get(path, params={**params, "format": "xlsx"})
            assert r.status_code == 200 and r.headers["content-type"] == XLSX_MEDIA_TYPE, path
            book = load_workbook(io.BytesIO(r.content))
            assert book.worksheets[0].title == sheet and book.worksheets[0].freeze_panes == "A2"
            body = client.get(path, params=params).json()
            rows = list(book.worksheets[0].iter_rows(values_only=True))[1:]
            expected = {"Quotes": len(body.get("items", [])) if isinstance(body, dict) else 0,
                        "Cooccurrence": len(body["pairs"]) if isinstance(body, dict) and "pairs" in body else 0}
            if sheet in expected:
                assert len(rows) == expected[sheet] > 0, path
            else:
                assert rows and all(isinstance(r[2], int) for r in rows)  # experts per code, as numbers
            csv_text = client.get(path, params=params, headers={"Accept": "text/csv"}).text
            assert len(csv_text.strip().splitlines()) == len(rows) + 1, path
