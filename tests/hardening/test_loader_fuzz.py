"""Loader fuzzing: valid files of every input format, mutated into malformed, truncated and
oversized ones, must load or be refused with `BadInput` naming the file and a place, and a
refused load must leave the whole graph as it was (same `graph_checksum`), on both stores.

Formats: the generic CSV, each table preset's header (QualCoder, Taguette, MAXQDA, ATLAS.ti,
NVivo, an attributes table), XLSX, a REFI .qde with its texts beside it, a .qdpx, a .qdc
codebook and ThemeGraph's JSONL export. Mutations, one to three per input, on the bytes
(truncate, flip, delete or duplicate a range, insert invalid UTF-8, insert a 2 MB field) or on
the structure (CSV columns and rows, XML elements and attributes, JSONL lines and fields, zip
members). Any exception other than BadInput is a bug in loaders/.

Size: THEMEGRAPH_LOADER_FUZZ_EXAMPLES per format on the embedded store (default 200), a quarter
of that on Neo4j and an eighth through the command line; derandomized, so every run tries the same inputs. Run with -s for counts.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.cli.main import main
from graph.checksum import store_checksum
from graph.errors import BadInput
from graph.store import GraphStore
from graph.stores.memory import MemoryStore
from loaders.jsonl import jsonl_lines
from loaders.pipeline import LoadOptions, load_paths
from tests.factories import small_rows, write_csv
from tests.loaders.refi_builder import Code, Project
from tests.loaders.test_load_command import CODEBOOK_QDC
from tests.loaders.test_refi_project import study_project
from tests.loaders.test_tabular_presets import ATLASTI, MAXQDA, NVIVO, QUALCODER, TAGUETTE

EXAMPLES = int(os.environ.get("THEMEGRAPH_LOADER_FUZZ_EXAMPLES", "200"))
NEO4J_EXAMPLES = max(3, EXAMPLES // 4)
CLI_EXAMPLES = max(3, EXAMPLES // 8)
BAD_UTF8 = [b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xe2\x82", b"\x80", b"\x00"]
HUGE = 2_000_000  # past loaders.tabular.MAX_FIELD
ODD_VALUES = [None, 0, -1, 1.5, True, [], {}, [1], {"a": 1}, "", " ", "x" * 1000, "99999999999999999999"]
ATTRIBUTES_TABLE = [["expert", "profession", "gender", "years"], ["A1", "psychiatrist", "female", "12"],
                    ["B1", "mental health nurse", "male", "7"]]
TRIED: dict[str, Counter[str]] = {}


@dataclass(frozen=True)
class Seed:
    """A valid file of one format: its bytes, the name it is written under, how it is mutated."""

    name: str
    data: bytes
    kind: str  # "csv", "jsonl", "xml", "zip"
    extra: dict[str, bytes] | None = None  # files beside it (a .qde's texts)


def _csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _xlsx_bytes(rows: list[list[str]], tmp: Path) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(tmp / "seed.xlsx")
    return (tmp / "seed.xlsx").read_bytes()


def _jsonl_bytes(tmp: Path) -> bytes:
    scratch = MemoryStore(tmp / "jsonl-seed")
    load_paths(scratch, [write_csv(tmp / "seed.csv", small_rows())], LoadOptions(study="jsrc", codebook="reference"))
    load_paths(scratch, [study_project("NVivo 12", "u16").write_qdpx(tmp / "seed.qdpx")], LoadOptions(study="jsrc2"))
    return ("\n".join(jsonl_lines(scratch.dump())) + "\n").encode("utf-8")


def seeds(tmp: Path) -> dict[str, Seed]:
    generic = [["expert", "profession", "province", "theme", "subtheme", "text"], *small_rows()]
    project = study_project("NVivo 12", "u16")
    qde_folder = tmp / "qde-seed"
    project.write_qde(qde_folder)
    texts = {f"sources/{p.name}": p.read_bytes() for p in (qde_folder / "sources").iterdir()}
    return {
        "csv:generic": Seed("generic.csv", _csv_bytes(generic), "csv"),
        "csv:qualcoder": Seed("qualcoder.csv", _csv_bytes(QUALCODER), "csv"),
        "csv:taguette": Seed("taguette.csv", _csv_bytes(TAGUETTE), "csv"),
        "csv:maxqda": Seed("maxqda.csv", _csv_bytes(MAXQDA), "csv"),
        "csv:atlasti": Seed("atlasti.csv", _csv_bytes(ATLASTI), "csv"),
        "csv:nvivo": Seed("nvivo.csv", _csv_bytes(NVIVO), "csv"),
        "csv:attributes": Seed("attributes.csv", _csv_bytes(ATTRIBUTES_TABLE), "csv"),
        "xlsx": Seed("table.xlsx", _xlsx_bytes(generic, tmp), "zip"),
        "qde": Seed("project.qde", (qde_folder / "project.qde").read_bytes(), "xml", texts),
        "qdpx": Seed("project.qdpx", project.write_qdpx(tmp / "seed-project.qdpx").read_bytes(), "zip"),
        "qdc": Seed("codes.qdc", CODEBOOK_QDC.encode("utf-8"), "xml"),
        "jsonl": Seed("export.jsonl", _jsonl_bytes(tmp), "jsonl"),
    }


# ---- mutations -------------------------------------------------------------------------------

def _offset(draw, data: bytes) -> int:
    return draw(st.integers(0, max(len(data), 0)))


def byte_mutation(draw, data: bytes) -> tuple[str, bytes]:
    op = draw(st.sampled_from(["truncate", "flip", "delete", "duplicate", "bad utf-8", "huge", "nul"]))
    at = _offset(draw, data)
    if op == "truncate":
        return op, data[:at]
    if op == "flip" and data:
        i = min(at, len(data) - 1)
        return op, data[:i] + bytes([data[i] ^ draw(st.integers(1, 255))]) + data[i + 1:]
    if op in ("delete", "duplicate"):
        end = min(len(data), at + draw(st.integers(1, 64)))
        return op, data[:at] + (data[at:end] * 2 if op == "duplicate" else b"") + data[end:]
    if op == "bad utf-8":
        return op, data[:at] + draw(st.sampled_from(BAD_UTF8)) + data[at:]
    if op == "huge":
        return op, data[:at] + b"y" * HUGE + data[at:]
    return "nul", data[:at] + b"\x00" + data[at:]


def csv_mutation(draw, data: bytes) -> tuple[str, bytes]:
    csv.field_size_limit(1 << 30)  # the fuzzer's own reading; loaders.tabular sets its limit when it reads
    rows = list(csv.reader(io.StringIO(data.decode("utf-8", "surrogateescape"), newline="")))
    if not rows:
        return byte_mutation(draw, data)
    op = draw(st.sampled_from(["drop column", "duplicate column", "drop row", "duplicate row", "swap headers",
                               "empty cell", "huge cell", "extra field", "short row"]))
    width = max(len(r) for r in rows)
    col = draw(st.integers(0, max(width - 1, 0)))
    row = draw(st.integers(0, len(rows) - 1))
    if op == "drop column":
        rows = [r[:col] + r[col + 1:] for r in rows]
    elif op == "duplicate column":
        rows = [r[:col + 1] + r[col:col + 1] + r[col + 1:] for r in rows]
    elif op == "drop row":
        del rows[row]
    elif op == "duplicate row":
        rows.insert(row, list(rows[row]))
    elif op == "swap headers" and len(rows[0]) > 1:
        other = draw(st.integers(0, len(rows[0]) - 1))
        rows[0][col % len(rows[0])], rows[0][other] = rows[0][other], rows[0][col % len(rows[0])]
    elif op == "empty cell" and col < len(rows[row]):
        rows[row][col] = ""
    elif op == "huge cell" and col < len(rows[row]):
        rows[row][col] = "z" * draw(st.sampled_from([70_000, HUGE]))
    elif op == "extra field":
        rows[row].append("surplus")
    elif op == "short row":
        rows[row] = rows[row][:col]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return op, out.getvalue().encode("utf-8", "surrogateescape")


def jsonl_mutation(draw, data: bytes) -> tuple[str, bytes]:
    lines = data.decode("utf-8", "surrogateescape").splitlines()
    if not lines:
        return byte_mutation(draw, data)
    op = draw(st.sampled_from(["drop line", "duplicate line", "swap lines", "odd value", "drop key", "not an object"]))
    i = draw(st.integers(0, len(lines) - 1))
    if op == "drop line":
        del lines[i]
    elif op == "duplicate line":
        lines.insert(i, lines[i])
    elif op == "swap lines":
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "not an object":
        lines[i] = draw(st.sampled_from(["[]", "1", '"x"', "null", "{", "{}"]))
    else:
        try:
            obj = json.loads(lines[i])
        except ValueError:
            return byte_mutation(draw, data)
        if not isinstance(obj, dict) or not obj:
            return byte_mutation(draw, data)
        key = draw(st.sampled_from(sorted(obj)))
        if op == "drop key":
            del obj[key]
        else:
            value = draw(st.sampled_from(ODD_VALUES))
            if key == "codings" and isinstance(obj[key], list) and obj[key] and draw(st.booleans()):
                inner = dict(obj[key][0])
                inner[draw(st.sampled_from(sorted(inner)))] = value
                obj[key] = [inner]
                op = "odd coding value"
            else:
                obj[key] = value
        lines[i] = json.dumps(obj, ensure_ascii=False)
    return op, ("\n".join(lines) + "\n").encode("utf-8", "surrogateescape")


def xml_mutation(draw, data: bytes) -> tuple[str, bytes]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return byte_mutation(draw, data)
    elements = list(root.iter())
    parents = {c: p for p in elements for c in p}
    op = draw(st.sampled_from(["drop element", "duplicate element", "drop attribute", "odd attribute",
                               "huge text", "wrong root"]))
    el = draw(st.sampled_from(elements))
    if op == "drop element" and el in parents:
        parents[el].remove(el)
    elif op == "duplicate element" and el in parents:
        parent = parents[el]
        parent.insert(list(parent).index(el), ET.fromstring(ET.tostring(el)))
    elif op in ("drop attribute", "odd attribute") and el.attrib:
        name = draw(st.sampled_from(sorted(el.attrib)))
        if op == "drop attribute":
            del el.attrib[name]
        else:
            el.set(name, draw(st.sampled_from(["", " ", "-1", "abc", "99999999999999999999", "1.5", "x" * HUGE])))
    elif op == "huge text":
        el.text = "w" * HUGE
    elif op == "wrong root":
        root.tag = draw(st.sampled_from(["Project", "CodeBook", "{urn:QDA-XML:project:1.0}Codes", "html"]))
    return op, ET.tostring(root, encoding="utf-8", xml_declaration=True)


def zip_mutation(draw, data: bytes) -> tuple[str, bytes]:
    if draw(st.booleans()):
        return byte_mutation(draw, data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = {i.filename: z.read(i) for i in z.infolist()}
    except Exception:  # an earlier mutation broke the archive: keep mutating its bytes
        return byte_mutation(draw, data)
    if not members:
        return byte_mutation(draw, data)
    name = draw(st.sampled_from(sorted(members)))
    op = draw(st.sampled_from(["member bytes", "member structure", "drop member"]))
    if op == "drop member":
        del members[name]
    elif op == "member structure" and name.endswith((".xml", ".qde", ".rels")):
        op, members[name] = xml_mutation(draw, members[name])
    else:
        op, members[name] = byte_mutation(draw, members[name])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for member, content in members.items():
            z.writestr(member, content)
    return f"{name}: {op}", out.getvalue()


MUTATORS: dict[str, Callable] = {"csv": csv_mutation, "jsonl": jsonl_mutation, "xml": xml_mutation,
                                 "zip": zip_mutation}


@st.composite
def mutated(draw, seed: Seed) -> tuple[list[str], bytes]:
    data, ops = seed.data, []
    for _ in range(draw(st.integers(1, 3))):
        structural = draw(st.booleans())
        op, data = (MUTATORS[seed.kind] if structural else byte_mutation)(draw, data)
        ops.append(op)
    return ops, data


# ---- the checks ------------------------------------------------------------------------------

_PLACE = re.compile(r"^(:\d+$|:[^:/]+:\d+$|:[^:]+/.+|/.+|:[^:/]+\.(qde|xml|txt)$)")
WHOLE_FILE: Counter[str] = Counter()  # reasons given for a whole file, printed with the counts


def check_refusal(exc: BadInput, path: Path) -> str:
    """The message names the file and a place; returns 'place' or 'whole file'."""
    where = exc.where or ""
    assert where.startswith(str(path)), f"the message does not name the file: {exc}"
    rest = where[len(str(path)):]
    if _PLACE.search(rest) or re.search(r"line \d+", exc.reason):
        return "place"
    assert not rest, f"the place is not a line, row or element: {exc}"
    WHOLE_FILE[re.sub(r"'[^']*'|\d+", "…", exc.reason)[:90]] += 1
    return "whole file"


def write_input(seed: Seed, data: bytes, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in (seed.extra or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    path = folder / seed.name
    path.write_bytes(data)
    return path


BASE_OPTIONS = LoadOptions(codebook="reference", study="base")


def options_for(fmt: str) -> LoadOptions:
    if fmt == "jsonl":
        return LoadOptions(local_files=True, extend_codebook=True)
    if fmt == "qdc":  # a codebook file loads as a study's code tree
        return LoadOptions(study="fuzz", local_files=True, extend_codebook=True)
    return LoadOptions(study="base" if fmt == "csv:attributes" else "fuzz", local_files=True, extend_codebook=True)


@pytest.fixture(scope="module")
def all_seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Seed]:
    return seeds(tmp_path_factory.mktemp("seeds"))


@pytest.fixture(scope="module", autouse=True)
def report_counts() -> Iterator[None]:
    yield
    for key, counts in sorted(TRIED.items()):
        print(f"\nloader fuzz {key}: {sum(counts.values())} inputs: " + ", ".join(f"{k} {v}" for k, v in
                                                                                 sorted(counts.items())))
    for reason, n in WHOLE_FILE.most_common():
        print(f"whole-file refusal ×{n}: {reason}")


def _baseline(store: GraphStore, tmp: Path) -> None:
    store.clear()
    load_paths(store, [write_csv(tmp / "base.csv", small_rows())], BASE_OPTIONS)


FORMATS = ["csv:generic", "csv:qualcoder", "csv:taguette", "csv:maxqda", "csv:atlasti", "csv:nvivo",
           "csv:attributes", "xlsx", "qde", "qdpx", "qdc", "jsonl"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_mutated_inputs_load_or_are_refused_cleanly(store: GraphStore, tmp_path: Path, all_seeds: dict[str, Seed],
                                                     fmt: str) -> None:
    seed = all_seeds[fmt]
    kind = "memory" if isinstance(store, MemoryStore) else "neo4j"
    counts = TRIED.setdefault(f"{kind} {fmt}", Counter())
    # the seed itself loads: the mutations start from a file the loader accepts
    _baseline(store, tmp_path)
    load_paths(store, [write_input(seed, seed.data, tmp_path / "seed")], options_for(fmt))
    _baseline(store, tmp_path)
    examples = iter(range(1 << 30))

    @settings(max_examples=EXAMPLES if kind == "memory" else NEO4J_EXAMPLES, deadline=None, derandomize=True,
              database=None, suppress_health_check=list(HealthCheck))
    @given(mutated(seed))
    def attempt(case: tuple[list[str], bytes]) -> None:
        ops, data = case
        path = write_input(seed, data, tmp_path / f"in{next(examples)}")
        before = store_checksum(store)
        try:
            load_paths(store, [path], options_for(fmt))
        except BadInput as exc:
            counts[f"refused ({check_refusal(exc, path)})"] += 1
            assert store_checksum(store) == before, f"a refused load changed the graph ({ops}): {exc}"
        else:
            counts["loaded"] += 1
            _baseline(store, tmp_path)  # keep the graph small and the next checksum comparable

    attempt()


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_command_exits_0_or_2_and_leaves_the_data_file(tmp_path: Path, all_seeds: dict[str, Seed],
                                                           capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    seed = all_seeds[fmt]
    data_dir = ["--store", "memory", "--data-dir", str(tmp_path / "data")]
    assert main([*data_dir, "load", str(write_csv(tmp_path / "base.csv", small_rows())), "--study", "base",
                 "--codebook", "reference"]) == 0
    graph_file = tmp_path / "data" / "graph.json"
    examples = iter(range(1 << 30))
    counts = TRIED.setdefault(f"cli {fmt}", Counter())
    args = {"jsonl": [], "csv:attributes": ["--study", "base"]}.get(fmt, ["--study", "fuzz"])

    @settings(max_examples=CLI_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(mutated(seed))
    def attempt(case: tuple[list[str], bytes]) -> None:
        _, data = case
        path = write_input(seed, data, tmp_path / f"in{next(examples)}")
        before = graph_file.read_bytes()
        capsys.readouterr()
        status = main([*data_dir, "load", str(path), *args, "--extend-codebook"])
        err = capsys.readouterr().err
        assert status in (0, 2), err
        if status == 2:
            counts["exit 2"] += 1
            assert err.startswith(f"themegraph: {path}") and err.count("\n") == 1, err
            assert graph_file.read_bytes() == before
        else:
            counts["exit 0"] += 1

    attempt()


def test_a_project_without_texts_still_names_its_elements(tmp_path: Path) -> None:
    """A small fixed case the fuzzer relies on: an element path is a place."""
    code = Code("T")
    bad = Project([code], []).xml().replace(b'guid="', b'guidx="', 1)
    path = tmp_path / "p.qde"
    path.write_bytes(bad)
    with pytest.raises(BadInput) as caught:
        load_paths(MemoryStore(tmp_path / "s"), [path], LoadOptions())
    assert check_refusal(caught.value, path) == "place"
