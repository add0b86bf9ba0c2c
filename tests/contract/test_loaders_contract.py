"""What the loaders need from a store, demanded of both: export, reset and load gives the
identical graph; coders add up on one coding; both stores hold the same graph from the same files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.store import GraphStore
from graph.stores.memory import MemoryStore
from loaders.jsonl import jsonl_lines
from loaders.pipeline import LoadOptions, load_paths
from tests.conftest import open_neo4j
from tests.factories import SAMPLE, STUDY, small_rows, write_csv
from tests.loaders import graph_facts as facts
from tests.loaders.refi_builder import Code, Coding, Project, Selection, Source, guid
from tests.loaders.test_refi_project import study_project

REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "real-qda"


def load_everything(store: GraphStore, tmp_path: Path) -> None:
    """The sample, a small CSV, a built REFI project and the real exports (files made once per folder)."""
    small, project = tmp_path / "small.csv", tmp_path / "study.qdpx"
    if not project.exists():
        write_csv(small, small_rows())
        study_project("NVivo 14", "u16").write_qdpx(project)
    load_paths(store, [SAMPLE], LoadOptions(study=STUDY, codebook="reference"))
    load_paths(store, [small], LoadOptions(study="other"))
    load_paths(store, [project], LoadOptions(study="refi"))
    real = sorted(REAL.glob("*.qdpx")) if REAL.is_dir() else []
    if real:
        load_paths(store, real, LoadOptions())


def export(store: GraphStore, path: Path) -> Path:
    path.write_text("".join(line + "\n" for line in jsonl_lines(store.dump())), "utf-8")
    return path


def test_export_reset_load_gives_the_identical_graph(store: GraphStore, tmp_path: Path) -> None:
    load_everything(store, tmp_path)
    before = store.dump()
    exported = export(store, tmp_path / "graph.jsonl")
    store.clear()
    reports = load_paths(store, [exported], LoadOptions())
    assert {r.study for r in reports} >= {STUDY, "other", "refi"}
    assert store.dump() == before
    assert export(store, tmp_path / "again.jsonl").read_text("utf-8") == exported.read_text("utf-8")
    # professions and concepts are shared by studies: a later study finds some already there
    assert all(not r.updated and set(r.unchanged) <= {"professions", "concepts"} for r in reports)
    again = load_paths(store, [exported], LoadOptions())
    assert store.dump() == before and all(not r.created and not r.updated for r in again)


def test_concepts_and_their_mentions_survive_export(store: GraphStore, tmp_path: Path) -> None:
    load_paths(store, [write_csv(tmp_path / "small.csv", small_rows())], LoadOptions(codebook="reference", concepts=False))
    lines = [json.loads(x) for x in jsonl_lines(store.dump())]
    first = next(x for x in lines if x.get("type") == "segment")
    first["concepts"] = ["dose"]
    lines.insert(1, {"type": "concept", "name": "dose", "label": "dose", "language": "en"})
    lines.insert(1, {"type": "concept", "name": "unmentioned", "label": "Unmentioned", "language": None})
    path = tmp_path / "with-concepts.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    store.clear()
    load_paths(store, [path], LoadOptions())
    assert store.stats().concepts == 2
    reexported = [json.loads(x) for x in jsonl_lines(store.dump())]
    assert sorted(map(json.dumps, reexported)) == sorted(map(json.dumps, lines))


def test_two_coders_on_one_coding_add_up_across_files(store: GraphStore, tmp_path: Path) -> None:
    code = Code("Theme")
    text = "One two three."
    for coder in ("Alice", "Bob"):
        user = guid()
        project = Project([code], [Source("s.txt", text, [Selection(4, 7, [Coding(code.guid, user)])],
                                          guid="00000000-0000-0000-0000-0000000000aa")], users={user: coder})
        load_paths(store, [project.write_qdpx(tmp_path / f"{coder}.qdpx")], LoadOptions(study="s"))
    (quote,) = facts.quotes(store)
    assert quote.text == "two" and quote.codes == {"Theme": ("Alice", "Bob")}
    assert store.stats().codings == 1


@pytest.mark.neo4j
def test_both_stores_hold_the_same_graph_from_the_same_files(neo4j_uri: str, tmp_path: Path) -> None:
    memory = MemoryStore(tmp_path / "m")
    neo = open_neo4j(neo4j_uri)
    neo.clear()
    try:
        for s in (memory, neo):
            load_everything(s, tmp_path)
        assert neo.dump() == memory.dump()
        assert neo.stats() == memory.stats()
    finally:
        neo.clear()
        neo.close()
