"""Hostile input is refused with one clear line (exit status 2) and leaves the store as it was:
XML entity bombs and external entities, zip members escaping their folder, zip bombs, a
truncated archive, a selection past its text's end."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from api.cli.main import main
from graph.errors import BadInput
from graph.store import GraphStore
from loaders.pipeline import LoadOptions, load_paths
from tests.factories import small_rows, write_csv
from tests.loaders.refi_builder import Code, Coding, Project, Selection, Source

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&d;"/>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Description>&secret;</Description></Project>"""


def _project() -> Project:
    code = Code("Theme")
    return Project([code], [Source("a.txt", "Some text here.", [Selection(5, 9, [Coding(code.guid)])])])


def _zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return path


def entity_bomb(tmp: Path) -> Path:
    return _zip(tmp / "bomb.qdpx", {"project.qde": BOMB})


def external_entity(tmp: Path) -> Path:
    path = tmp / "external.qde"
    path.write_bytes(EXTERNAL)
    return path


def escaping_member(tmp: Path) -> Path:
    return _zip(tmp / "slip.qdpx", {"project.qde": _project().xml(), "../../evil.txt": b"x"})


def absolute_member(tmp: Path) -> Path:
    return _zip(tmp / "absolute.qdpx", {"project.qde": _project().xml(), "/etc/evil.txt": b"x"})


def zip_bomb(tmp: Path) -> Path:
    return _zip(tmp / "zipbomb.qdpx", {"project.qde": _project().xml(), "sources/big.txt": bytes(8 << 20)})


def truncated_zip(tmp: Path) -> Path:
    whole = _project().write_qdpx(tmp / "whole.qdpx").read_bytes()
    path = tmp / "truncated.qdpx"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def past_the_end(tmp: Path) -> Path:
    code = Code("Theme")
    return Project([code], [Source("a.txt", "Short.", [Selection(2, 60, [Coding(code.guid)])])]).write_qdpx(
        tmp / "past.qdpx")


def xlsx_entity_bomb(tmp: Path) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["expert", "profession", "text", "theme", "subtheme"])
    book.active.append(["A1", "nurse", "lol", "T", "S"])
    book.save(tmp / "ok.xlsx")
    members = {}
    with zipfile.ZipFile(tmp / "ok.xlsx") as z:
        for name in z.namelist():
            members[name] = z.read(name)
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = BOMB.split(b"<Project")[0] + sheet.replace(b"<t>lol</t>", b"<t>&d;</t>")
    return _zip(tmp / "bomb.xlsx", members)


CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "entity bomb": (entity_bomb, r"bomb\.qdpx:project\.qde: refused: the XML declares entities"),
    "external entity": (external_entity, r"external\.qde: refused: the XML declares entities"),
    "member escaping": (escaping_member, r"slip\.qdpx:\.\./\.\./evil\.txt: refused: the archive member has a path "
                                         r"that climbs out"),
    "absolute member": (absolute_member, r"absolute\.qdpx:/etc/evil\.txt: refused: the archive member has an "
                                         r"absolute path"),
    "zip bomb": (zip_bomb, r"zipbomb\.qdpx:sources/big\.txt: refused: the member expands \d+ times"),
    "truncated zip": (truncated_zip, r"truncated\.qdpx: not a complete zip archive"),
    "past the end": (past_the_end, r"past\.qdpx:project\.qde/Sources/TextSource\[guid=.*\]/PlainTextSelection"
                                   r"\[guid=.*\]: the selection \(2-60\) runs past the end of its text \(6 code points\)"),
    "xlsx entity bomb": (xlsx_entity_bomb, r"bomb\.xlsx(:\d+)?: refused: the workbook's XML declares entities"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_refused_and_the_store_is_unchanged(store: GraphStore, tmp_path: Path, case: str) -> None:
    load_paths(store, [write_csv(tmp_path / "ok.csv", small_rows())], LoadOptions(codebook="reference"))
    before = store.dump()
    make, message = CASES[case]
    with pytest.raises(BadInput, match=message):
        load_paths(store, [make(tmp_path)], LoadOptions(local_files=True))
    assert store.dump() == before


@pytest.mark.parametrize("case", list(CASES))
def test_the_command_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    data = ["--store", "memory", "--data-dir", str(tmp_path / "data")]
    assert main([*data, "load", str(write_csv(tmp_path / "ok.csv", small_rows())), "--codebook", "reference"]) == 0
    graph_file = tmp_path / "data" / "graph.json"
    before = graph_file.read_bytes()
    capsys.readouterr()
    make, message = CASES[case]
    assert main([*data, "load", str(make(tmp_path))]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("themegraph: ")
    assert re.search(message, err), err
    assert graph_file.read_bytes() == before  # byte for byte
