"""The illustrative-sample notice is a property of the study, set once at load, on both stores."""

from __future__ import annotations

import shutil
from pathlib import Path

from graph.briefs import build_brief
from graph.store import GraphStore
from loaders.jsonl import jsonl_lines
from loaders.pipeline import LoadOptions, load_paths
from loaders.sample import ILLUSTRATIVE
from tests.factories import SAMPLE, small_rows, write_csv


def test_a_study_loaded_from_the_sample_carries_the_notice_and_keeps_it(store: GraphStore, tmp_path: Path) -> None:
    renamed = shutil.copy(SAMPLE, tmp_path / "interviews.csv")  # recognised by its bytes, not its name
    load_paths(store, [Path(renamed)], LoadOptions(study="copy", codebook="reference"))
    load_paths(store, [write_csv(tmp_path / "own.csv", small_rows())], LoadOptions(study="own", codebook="reference"))
    notices = {s.uid: s.notice for s in store.studies()}
    assert notices == {"copy": ILLUSTRATIVE, "own": None}
    assert build_brief(store, "copy").notice == ILLUSTRATIVE and build_brief(store, "own").notice is None
    load_paths(store, [write_csv(tmp_path / "more.csv", small_rows())], LoadOptions(study="copy"))
    assert {s.uid: s.notice for s in store.studies()}["copy"] == ILLUSTRATIVE  # a later file does not erase it
    load_paths(store, [write_csv(tmp_path / "noted.csv", small_rows())],
               LoadOptions(study="own", notice="Pilot interviews; not for citation."))
    assert {s.uid: s.notice for s in store.studies()}["own"] == "Pilot interviews; not for citation."


def test_the_notice_travels_through_the_jsonl_export(store: GraphStore, tmp_path: Path) -> None:
    load_paths(store, [SAMPLE], LoadOptions(study="s", codebook="reference"))
    exported = tmp_path / "graph.jsonl"
    exported.write_text("\n".join(jsonl_lines(store.dump())) + "\n", "utf-8")
    store.clear()
    load_paths(store, [exported], LoadOptions())
    assert [s.notice for s in store.studies()] == [ILLUSTRATIVE]
