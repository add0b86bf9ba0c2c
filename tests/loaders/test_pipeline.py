"""Loading files into a study: report, dry run, expert consistency, several files at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import BadInput
from graph.stores.memory import MemoryStore
from loaders.pipeline import LoadOptions, load_paths
from tests.factories import GAP, small_rows, write_csv


def test_report_counts_and_codebook_mode(memory_store: MemoryStore, tmp_path: Path) -> None:
    (report,) = load_paths(memory_store, [write_csv(tmp_path / "a.csv", small_rows())],
                           LoadOptions(codebook="reference"))
    assert report.study == "default"
    assert (report.rows, report.experts, report.quotes, report.codings) == (5, 4, 4, 5)
    assert report.codebook == "reference" and report.written


def test_dry_run_writes_nothing(memory_store: MemoryStore, tmp_path: Path) -> None:
    (report,) = load_paths(memory_store, [write_csv(tmp_path / "a.csv", small_rows())], LoadOptions(dry_run=True))
    assert report.quotes == 4 and not report.written
    assert memory_store.stats().quotes == 0


def test_an_expert_with_two_professions_is_refused(memory_store: MemoryStore, tmp_path: Path) -> None:
    rows = small_rows()
    rows[1][1] = "nurse"
    path = write_csv(tmp_path / "p.csv", rows)
    with pytest.raises(BadInput, match=rf"p\.csv:3: expert 'A1' has other values than on {path}:2 in column 'profession'"):
        load_paths(memory_store, [path], LoadOptions())


def test_a_bad_second_file_stops_the_first_too(memory_store: MemoryStore, tmp_path: Path) -> None:
    good = write_csv(tmp_path / "good.csv", small_rows())
    bad = write_csv(tmp_path / "bad.csv", [["Z1", "nurse", "Hunan", GAP, "", ""]])
    with pytest.raises(BadInput, match=r"bad\.csv:2: empty 'text'"):
        load_paths(memory_store, [good, bad], LoadOptions(codebook="reference"))
    assert memory_store.stats().quotes == 0


def test_errors_report_how_many_more(memory_store: MemoryStore, tmp_path: Path) -> None:
    rows = small_rows()
    for r in rows:
        r[4] = "Nonexistent"
    with pytest.raises(BadInput, match=r":2: .*\(and 4 more problems in this file\)"):
        load_paths(memory_store, [write_csv(tmp_path / "x.csv", rows)], LoadOptions(codebook="reference"))


def test_bad_study_id_and_unknown_suffix(memory_store: MemoryStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", small_rows())
    with pytest.raises(BadInput, match="--study: study id 'a b'"):
        load_paths(memory_store, [path], LoadOptions(study="a b"))
    odd = tmp_path / "a.parquet"
    odd.write_text("x")
    with pytest.raises(BadInput, match=r"a\.parquet: cannot tell the format"):
        load_paths(memory_store, [odd], LoadOptions())


def test_a_new_study_is_planned_without_asking_the_store_for_its_quotes(memory_store: MemoryStore,
                                                                         tmp_path: Path) -> None:
    """A study the store lacks cannot hold the file's quotes and codings: a large first load
    asks the store for none of them; a reload asks for them all and finds them unchanged."""
    asked: list = []
    real = memory_store.stored

    def stored(ids: list) -> dict:
        asked.extend(ids)
        return real(ids)

    memory_store.stored = stored  # type: ignore[method-assign]
    path = write_csv(tmp_path / "a.csv", small_rows())

    def quotes_and_codings() -> list:
        return [i for i in asked if isinstance(i, tuple) or i.startswith("Quote|")]

    (first,) = load_paths(memory_store, [path], LoadOptions(study="fresh"))
    assert first.created["quotes"] == 4 and quotes_and_codings() == []
    asked.clear()
    (again,) = load_paths(memory_store, [path], LoadOptions(study="fresh"))
    assert len({i for i in quotes_and_codings() if isinstance(i, str)}) == 4
    assert again.unchanged["quotes"] == 4 and not again.created
