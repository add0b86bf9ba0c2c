"""The native JSONL format: what the reader refuses, naming FILE:LINE, and what it keeps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.errors import BadInput
from graph.stores.memory import MemoryStore
from loaders.jsonl import jsonl_lines
from loaders.pipeline import LoadOptions, load_paths
from tests.factories import small_rows, write_csv


@pytest.fixture
def exported(memory_store: MemoryStore, tmp_path: Path) -> list[dict]:
    load_paths(memory_store, [write_csv(tmp_path / "a.csv", small_rows())], LoadOptions(study="s", codebook="reference", concepts=False))
    return [json.loads(line) for line in jsonl_lines(memory_store.dump())]


def write(path: Path, lines: list[dict | str]) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), "utf-8")
    return path


def test_one_segment_a_line_with_its_codings(exported: list[dict]) -> None:
    kinds = [x.get("type") for x in exported[1:]]
    assert kinds[0] == "study" and kinds.count("theme") == 4 and kinds.count("subtheme") == 11
    segments = [x for x in exported if x.get("type") == "segment"]
    assert len(segments) == 4
    double = next(s for s in segments if len(s["codings"]) == 2)
    assert {c["code"].rsplit(".", 1)[1] for c in double["codings"]} == {"misleading-information", "user-risk"}


@pytest.mark.parametrize(("edit", "message"), [
    (lambda lines: lines.__setitem__(3, "{not json"), r"bad\.jsonl:4: not a JSON object"),
    (lambda lines: lines.__setitem__(3, {"type": "bookmark"}), r"bad\.jsonl:4: unknown line type 'bookmark'"),
    (lambda lines: lines.__setitem__(3, {"type": "memo", "target_label": "Concept", "target": "x", "text": "t"}),
     r"bad\.jsonl:4: 'target_label' must be one of Theme, SubTheme, Expert, Source, Study, not 'Concept'"),
    (lambda lines: lines.__setitem__(0, {"themegraph": "jsonl", "version": 9}), r"bad\.jsonl:1: JSONL version 9"),
    (lambda lines: lines.pop(1), r"bad\.jsonl:2: a 'study' line must come before"),
    (lambda lines: [x.__setitem__("expert", "s:Nobody") for x in lines if isinstance(x, dict)
                    and x.get("type") == "segment"], r"the segment names expert 's:Nobody'"),
])
def test_refusals_name_the_line(memory_store: MemoryStore, tmp_path: Path, exported: list[dict], edit, message) -> None:
    edit(exported)
    before = memory_store.dump()
    with pytest.raises(BadInput, match=message):
        load_paths(memory_store, [write(tmp_path / "bad.jsonl", exported)], LoadOptions())
    assert memory_store.dump() == before


def test_jsonl_keeps_its_study_ids(memory_store: MemoryStore, tmp_path: Path, exported: list[dict]) -> None:
    path = write(tmp_path / "x.jsonl", exported)
    with pytest.raises(BadInput, match="the file holds study 's'; JSONL keeps its study ids"):
        load_paths(memory_store, [path], LoadOptions(study="other"))
    (report,) = load_paths(memory_store, [path], LoadOptions(study="s"))
    assert report.unchanged["quotes"] == 4 and not report.created
