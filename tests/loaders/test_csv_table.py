"""The generic CSV reader: every malformed input names FILE:LINE and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import BadInput
from loaders.csv_table import read_csv_segments
from tests.factories import GAP, HEADER, small_rows, write_csv


def read(path: Path) -> list:
    return list(read_csv_segments(path))


def test_reads_rows_with_attributes_and_line_numbers(tmp_path: Path) -> None:
    rows = read(write_csv(tmp_path / "ok.csv", small_rows()))
    assert len(rows) == 5
    assert rows[0].where == f"{tmp_path / 'ok.csv'}:2"
    assert rows[0].attributes == (("province", "Hunan"),)
    assert (rows[0].expert, rows[0].profession, rows[0].subtheme) == ("A1", "psychiatrist", "Misleading information")


def test_missing_column_is_named_on_line_1(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "m.csv", [["A1", "x", "t", "s"]], header=["expert", "profession", "theme", "text"])
    with pytest.raises(BadInput) as err:
        read(path)
    assert str(err.value) == f"{path}:1: missing column 'subtheme' (found: expert, profession, theme, text)"


def test_empty_text_names_its_line(tmp_path: Path) -> None:
    rows = small_rows()
    rows[2][5] = "   "
    path = write_csv(tmp_path / "e.csv", rows)
    with pytest.raises(BadInput, match=r"e\.csv:4: empty 'text'"):
        read(path)


def test_line_numbers_count_physical_lines_of_multiline_fields(tmp_path: Path) -> None:
    rows = small_rows()
    rows[0][5] = "first line\nsecond line\nthird"
    rows[2][5] = ""
    path = write_csv(tmp_path / "ml.csv", rows)
    with pytest.raises(BadInput, match=r"ml\.csv:6: empty 'text'"):
        read(path)


def test_header_names_are_matched_loosely(tmp_path: Path) -> None:
    header = ["Participant", "Occupation", "Province", "Theme", "Sub-theme", "Quote"]
    rows = read(write_csv(tmp_path / "h.csv", small_rows(), header=header))
    assert rows[1].subtheme == "User risk" and rows[1].expert == "A1"


def test_bom_and_semicolons_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "semi.csv"
    body = ";".join(HEADER) + "\r\n" + ";".join(["A1", "nurse", "Hunan", GAP, "User risk", "Ja, sehr."]) + "\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    (row,) = read(path)
    assert row.expert == "A1" and row.text == "Ja, sehr."


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes((",".join(HEADER) + "\nA1,nurse,Hunan,T,S,ok\nA2,nurse,Hunan,T,S,caf").encode() + b"\xe9\n")
    with pytest.raises(BadInput, match=r"latin\.csv:3: not valid UTF-8 \(byte 0xe9\)"):
        read(path)


def test_too_many_fields(tmp_path: Path) -> None:
    rows = small_rows()
    rows[1].append("stray")
    with pytest.raises(BadInput, match=r"t\.csv:3: the row has 7 fields, the header 6"):
        read(write_csv(tmp_path / "t.csv", rows))


def test_empty_file_and_unterminated_quote(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(BadInput, match=r"empty\.csv:1: the file is empty"):
        read(empty)
    broken = tmp_path / "broken.csv"
    broken.write_text(",".join(HEADER) + '\nA1,nurse,Hunan,T,S,"never closed\n')
    with pytest.raises(BadInput, match=r"broken\.csv:2: malformed CSV"):
        read(broken)
