"""Spreadsheet formula injection is neutralised in every CSV ThemeGraph writes."""

from __future__ import annotations

from graph.matrix import matrix_csv
from graph.results import Matrix, MatrixColumn
from graph.tabular import safe_cell, to_csv


def test_formula_cells_get_an_apostrophe() -> None:
    assert [safe_cell(v) for v in ("=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "plain", 5, -3, None)] == [
        "'=1+1", "'+cmd", "'-2", "'@SUM(A1)", "'\tx", "plain", "5", "-3", ""]
    assert to_csv(["a"], [["=HYPERLINK(\"x\")"]]).splitlines()[1] == "\"'=HYPERLINK(\"\"x\"\")\""


def test_matrix_csv_defuses_labels_but_not_numbers() -> None:
    m = Matrix(rows=["=cmd|' /C calc'!A0"], cols=["@risk"], measure="experts", cells=[[-1]], row_totals=[1],
               col_totals=[1], n_experts=1, n_quotes=1, row_sizes=[1],
               col_info=[MatrixColumn(name="@risk", category="gap", uids=["x"])], row_filters=[None])
    lines = matrix_csv(m).splitlines()
    assert lines[0] == "experts,'@risk,total,of"
    assert lines[1] == "'=cmd|' /C calc'!A0,-1,1,1"
