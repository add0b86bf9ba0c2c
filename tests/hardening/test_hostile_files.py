"""Hostile files beyond tests/loaders/test_hostile_input.py: a 100 MB CSV on one line (refused
with bounded memory, measured on a real `themegraph load` process), invalid UTF-8 in every
text-carrying format, and spreadsheet formula injection in every CSV ThemeGraph writes."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from api.cli.main import main
from graph.checksum import store_checksum
from graph.errors import BadInput
from graph.store import GraphStore
from graph.stores.memory import MemoryStore
from graph.tabular import FORMULA_START
from loaders.enrich.uncoded import write_accepted
from loaders.jsonl import jsonl_lines
from loaders.pipeline import LoadOptions, load_paths
from loaders.text_stream import MAX_LINE
from tests.factories import small_rows, write_csv
from tests.loaders.refi_builder import Code, Coding, Project, Selection, Source
from tests.loaders.test_load_command import CODEBOOK_QDC

THEMEGRAPH = Path(sys.executable).with_name("themegraph")
BIG = 100 * 1024**2
RSS_BOUND_KB = 500 * 1024


# ---- a 100 MB CSV on one line ---------------------------------------------------------------

def _single_line_csv(path: Path, header_first: bool) -> Path:
    """~100 MB with no line break after the prefix, written in 1 MB pieces (never held whole)."""
    piece = b"x" * (1 << 20)
    with open(path, "wb") as fh:
        if header_first:
            fh.write(b"expert,profession,text,theme,subtheme\r\n")
        fh.write(b"A1,nurse,")
        for _ in range(BIG // len(piece)):
            fh.write(piece)
    return path


def _measured_load(path: Path, data: Path) -> tuple[int, str, float, int]:
    """(exit status, stderr, seconds, peak RSS in KiB) of `themegraph load` in its own process."""
    start = time.monotonic()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", str(THEMEGRAPH), "--store", "memory", "--data-dir",
                           str(data), "load", str(path)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    seconds = time.monotonic() - start
    *message, peak = [line for line in done.stderr.strip().splitlines() if not line.startswith("Command exited")]
    return done.returncode, "\n".join(message), seconds, int(peak)


@pytest.mark.skipif(not Path("/usr/bin/time").exists(), reason="needs GNU time for the peak RSS")
@pytest.mark.parametrize("header_first", [False, True], ids=["as the header", "as a row"])
def test_a_100_mb_single_line_csv_is_refused_with_bounded_memory(tmp_path: Path, header_first: bool) -> None:
    path = _single_line_csv(tmp_path / "one-line.csv", header_first)
    assert path.stat().st_size > BIG
    status, err, seconds, peak_kb = _measured_load(path, tmp_path / "data")
    print(f"\n100 MB single-line CSV ({'row' if header_first else 'header'}): exit {status} in {seconds:.1f} s, "
          f"peak RSS {peak_kb / 1024:.0f} MiB: {err}")
    assert status == 2, err
    line = 2 if header_first else 1
    assert re.fullmatch(rf"themegraph: {re.escape(str(path))}:{line}: a line longer than 16 MiB.*", err), err
    assert peak_kb < RSS_BOUND_KB
    assert not (tmp_path / "data" / "graph.json").exists()


def test_a_long_line_below_the_limit_still_loads(tmp_path: Path) -> None:
    """The cap is on a line, not on a field: a 900 kB quote on one line loads."""
    rows = small_rows()
    rows[0][-1] = "long " * 180_000
    store = MemoryStore(tmp_path / "s")
    [report] = load_paths(store, [write_csv(tmp_path / "long.csv", rows)], LoadOptions(codebook="reference"))
    assert report.quotes == 5 and MAX_LINE > 900_000


# ---- invalid UTF-8 in every text-carrying format --------------------------------------------

BAD = b"\xff\xfe\xc3("


def _bad_csv(tmp: Path) -> Path:
    path = write_csv(tmp / "bad.csv", small_rows())
    lines = path.read_bytes().split(b"\r\n")
    lines[3] = lines[3].replace(b"Sichuan", b"Sich" + BAD + b"uan")
    path.write_bytes(b"\r\n".join(lines))
    return path


def _bad_jsonl(tmp: Path) -> Path:
    scratch = MemoryStore(tmp / "scratch")
    load_paths(scratch, [write_csv(tmp / "seed.csv", small_rows())], LoadOptions(study="js", codebook="reference"))
    lines = [line.encode("utf-8") for line in jsonl_lines(scratch.dump())]
    n = next(i for i, line in enumerate(lines) if b'"type": "segment"' in line)
    lines[n] = lines[n].replace(b'"text": "', b'"text": "' + BAD)
    path = tmp / "bad.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _project() -> Project:
    code = Code("Theme")
    return Project([code], [Source("a.txt", "Line one.\nSome text here.", [Selection(10, 14, [Coding(code.guid)])])])


def _bad_source_text(tmp: Path) -> Path:
    path = _project().write_qdpx(tmp / "good.qdpx")
    with zipfile.ZipFile(path) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    name = next(n for n in members if n.endswith(".txt"))
    members[name] = members[name].replace(b"Some", b"So" + BAD + b"me")
    out = tmp / "bad.qdpx"
    with zipfile.ZipFile(out, "w") as z:
        for member, data in members.items():
            z.writestr(member, data)
    return out


def _bad_qde(tmp: Path) -> Path:
    path = tmp / "bad.qde"
    path.write_bytes(_project().xml().replace(b'name="Theme"', b'name="The' + BAD + b'me"'))
    return path


def _bad_qdc(tmp: Path) -> Path:
    path = tmp / "bad.qdc"
    path.write_bytes(CODEBOOK_QDC.encode("utf-8").replace(b"Privacy", b"Priv" + BAD + b"acy"))
    return path


def _bad_xlsx(tmp: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    for row in [["expert", "profession", "province", "theme", "subtheme", "text"], *small_rows()]:
        book.active.append(row)
    book.save(tmp / "good.xlsx")
    with zipfile.ZipFile(tmp / "good.xlsx") as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    assert b"Sichuan" in members[sheet]
    members[sheet] = members[sheet].replace(b"Sichuan", b"Sich" + BAD + b"uan")
    out = tmp / "bad.xlsx"
    with zipfile.ZipFile(out, "w") as z:
        for member, data in members.items():
            z.writestr(member, data)
    return out


INVALID_UTF8 = {
    "csv": (_bad_csv, r"bad\.csv:4: not valid UTF-8 \(byte 0xff\)"),
    "jsonl": (_bad_jsonl, r"bad\.jsonl:\d+: not valid UTF-8 \(byte 0xff\)"),
    "REFI source text": (_bad_source_text, r"bad\.qdpx:sources/[0-9a-f-]+\.txt: line 2: not valid UTF-8 \(byte 0xff\)"),
    ".qde XML": (_bad_qde, r"bad\.qde: malformed XML at line \d+, column \d+"),
    ".qdc XML": (_bad_qdc, r"bad\.qdc: malformed XML at line \d+, column \d+"),
    "xlsx sheet XML": (_bad_xlsx, r"bad\.xlsx(:\d+)?: not a readable XLSX workbook"),
}


@pytest.mark.parametrize("case", list(INVALID_UTF8))
def test_invalid_utf8_is_refused_naming_the_place(store: GraphStore, tmp_path: Path, case: str) -> None:
    load_paths(store, [write_csv(tmp_path / "ok.csv", small_rows())], LoadOptions(codebook="reference"))
    before = store_checksum(store)
    make, message = INVALID_UTF8[case]
    with pytest.raises(BadInput, match=message):
        load_paths(store, [make(tmp_path)], LoadOptions(study="other", local_files=True))
    assert store_checksum(store) == before


@pytest.mark.parametrize("case", list(INVALID_UTF8))
def test_invalid_utf8_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    make, message = INVALID_UTF8[case]
    assert main(["--store", "memory", "--data-dir", str(tmp_path / "data"), "load", str(make(tmp_path)),
                 "--study", "other"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and re.search(message, err), err


# ---- formula injection in every CSV ThemeGraph writes ---------------------------------------

HOSTILE = ["=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1,1)"]


def _hostile_csv(tmp: Path) -> Path:
    header = ["expert", "profession", "=site", "theme", "subtheme", "text"]
    rows = []
    for i, evil in enumerate(HOSTILE):
        for j in range(2):
            rows.append([f"{evil}{i}{j}", f"{evil} nurse", f"{evil}{i}", f"{evil} theme", f"{evil} sub {j}",
                         f"{evil} said {i} {j}: crisis medication trust."])
    return write_csv(tmp / "hostile.csv", rows, header)


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _defused(text: str, what: str) -> int:
    cells = _cells(text)
    live = [c for c in cells if c.startswith(FORMULA_START) and not _is_number(c)]
    assert not live, f"{what}: cells a spreadsheet would run: {live[:5]}"
    return sum(1 for c in cells if c.startswith("'") and c[1:2] in FORMULA_START)


def test_every_csv_export_defuses_formulas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--store", "memory", "--data-dir", str(tmp_path / "data")]
    assert main([*data, "load", str(_hostile_csv(tmp_path)), "--study", "evil"]) == 0
    stored = MemoryStore(tmp_path / "data")
    assert any(p.get("pseudonym", "").startswith("=") for _, p in stored.dump().nodes)  # loaded as given
    capsys.readouterr()
    commands = {
        "quotes": ["quotes", "--study", "evil", "--format", "csv", "--limit", "500"],
        "themes": ["themes", "--study", "evil", "--format", "csv"],
        "themes by =site": ["themes", "--study", "evil", "--by", "=site", "--format", "csv"],
        "cooccurrence": ["cooccurrence", "--study", "evil", "--format", "csv"],
        "saturation": ["saturation", "--study", "evil", "--format", "csv"],
        "concepts": ["concepts", "--study", "evil", "--format", "csv"],
        "concepts by profession": ["concepts", "--study", "evil", "--by", "profession", "--format", "csv"],
        "matrix": ["matrix", "--study", "evil", "--rows", "profession", "--format", "csv"],
        "matrix by =site": ["matrix", "--study", "evil", "--rows", "=site", "--format", "csv"],
        "expert": ["expert", "evil:" + HOSTILE[0] + "00", "--format", "csv"],
    }
    defused = {}
    for what, args in commands.items():
        status = main([*data, *args])
        out, err = capsys.readouterr()
        assert status == 0, f"{what}: {err}"
        defused[what] = _defused(out, what)
    assert defused["quotes"] >= 8 and defused["matrix"] >= 4, defused
    print("\ndefused cells per export:", json.dumps(defused))


def test_the_suggestions_csv_defuses_formulas_and_loads_back_as_given(tmp_path: Path) -> None:
    header = ["expert", "profession", "=site", "theme", "subtheme", "text", "coder"]
    rows = [[f"{e}1", f"{e} nurse", e, "@risks", "-data", f"{e} it leaks", "themegraph-suggest"] for e in HOSTILE]
    path = write_accepted(tmp_path / "accepted.csv", header, rows)
    assert _defused(path.read_text("utf-8"), "suggest --out") == 6 * len(HOSTILE) + 1  # six cells a row and the header
    store = MemoryStore(tmp_path / "s")
    load_paths(store, [path], LoadOptions(study="evil"))
    pseudonyms = {p.get("pseudonym") for _, p in store.dump().nodes if p.get("pseudonym")}
    assert pseudonyms == {f"{e}1" for e in HOSTILE}
    texts = {p.get("text") for _, p in store.dump().nodes if p.get("text")}
    assert texts == {f"{e} it leaks" for e in HOSTILE}


def test_doubled_quotes_inside_fields_load_as_written(tmp_path: Path) -> None:
    """Found here: the delimiter sniffer guessed doublequote=False from a header without quotes,
    so `"He said ""no"" twice"` loaded as `He said "no"" twice"` (or split at a comma)."""
    rows = small_rows()
    rows[0][-1] = rows[1][-1] = 'He said "no" twice, then "maybe".'
    store = MemoryStore(tmp_path / "s")
    load_paths(store, [write_csv(tmp_path / "quoted.csv", rows)], LoadOptions(codebook="reference"))
    assert 'He said "no" twice, then "maybe".' in {p.get("text") for _, p in store.dump().nodes}


@pytest.mark.parametrize("column", [1, 3, 4], ids=["profession", "theme", "subtheme"])
def test_a_huge_name_is_refused_on_both_stores(store: GraphStore, tmp_path: Path, column: int) -> None:
    """Found by the fuzzer on Neo4j: a 70 kB profession failed inside the write (DatabaseError,
    the value is too large for the unique index); names that become keys are now bounded."""
    load_paths(store, [write_csv(tmp_path / "ok.csv", small_rows())], LoadOptions(codebook="reference"))
    before = store_checksum(store)
    rows = small_rows()
    rows[2][column] = "z" * 70_000
    with pytest.raises(BadInput, match=r"huge\.csv:4: the \w+ is 70000 characters long"):
        load_paths(store, [write_csv(tmp_path / "huge.csv", rows)], LoadOptions(study="other"))
    assert store_checksum(store) == before
