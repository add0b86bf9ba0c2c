"""Large tables are streamed: reading one never holds the file, and a bad byte far down is
still reported on its own line."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from graph.errors import BadInput
from loaders.csv_table import read_csv_segments
from loaders.text_stream import text_lines
from tests.factories import HEADER

ROW = "E{n},nurse,Hunan,Technological-mental health gap,User risk,{text}\n"
FILLER = "Patients in crisis may lean on it without telling anyone. " * 8


def big_csv(path: Path, rows: int) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(",".join(HEADER) + "\n")
        for n in range(rows):
            fh.write(ROW.format(n=n % 500, text=f"{n} {FILLER}"))
    return path


def test_reading_a_large_csv_holds_a_row_at_a_time(tmp_path: Path) -> None:
    path = big_csv(tmp_path / "big.csv", 40_000)
    size = path.stat().st_size
    assert size > 18_000_000
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_csv_segments(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 40_000
    assert peak < size / 20, f"peak {peak} bytes while reading {size}"


def test_a_bad_byte_deep_in_the_file_names_its_line(tmp_path: Path) -> None:
    path = big_csv(tmp_path / "big.csv", 3000)
    with open(path, "ab") as fh:
        fh.write(b"E1,nurse,Hunan,T,S,caf\xe9\n")
    with pytest.raises(BadInput, match=r"big\.csv:3002: not valid UTF-8 \(byte 0xe9\)"):
        sum(1 for _ in read_csv_segments(path))


def test_line_endings_and_utf16(tmp_path: Path) -> None:
    mac = tmp_path / "mac.txt"
    mac.write_bytes(b"a\rb\r\nc\n")
    assert list(text_lines(mac)) == ["a\r", "b\r\n", "c\n"]
    wide = tmp_path / "wide.txt"
    wide.write_bytes(("x\r\n" * 40_000 + "last").encode("utf-16"))
    lines = list(text_lines(wide))
    assert len(lines) == 40_001 and lines[0] == "x\r\n" and lines[-1] == "last"


@pytest.mark.parametrize("ending", [b"\n", b"\r\n", b"\r", b"\r\r\n", b"\r\r\r\n"])
def test_lines_end_where_they_end_whatever_the_read_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        ending: bytes) -> None:
    """A file read in chunks of every size from 1 to 9 bytes: a line end split between two reads
    (a CRLF, or CRs before one) ends the same lines as the whole file read at once."""
    path = tmp_path / "ends.txt"
    path.write_bytes(ending.join([b"one", "\u4e2d\u6587".encode(), b"", b"two words", b"x"]) + ending + b"tail")
    expected = text_lines(path)
    whole = list(expected)
    assert "".join(whole) == path.read_bytes().decode() and whole[-1] == "tail"
    for size in range(1, 10):
        monkeypatch.setattr("loaders.text_stream._CHUNK", size)
        assert list(text_lines(path)) == whole, size


def test_progress_is_reported_while_a_file_is_read(tmp_path: Path) -> None:
    from graph.stores.memory import MemoryStore
    from loaders.pipeline import LoadOptions, load_paths

    path = big_csv(tmp_path / "big.csv", 5000)
    seen: list[tuple[str, int, int | None]] = []
    load_paths(MemoryStore(tmp_path / "store"), [path],
               LoadOptions(codebook="reference", dry_run=True, progress=lambda *a: seen.append(a)))
    assert len(seen) >= 2 and all(f == str(path) and total == path.stat().st_size for f, _, total in seen)
    done = [d for _, d, _ in seen]
    assert done == sorted(done) and 0 < done[-1] <= path.stat().st_size
