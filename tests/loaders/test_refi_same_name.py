"""Two REFI projects of one name (NVivo's and ATLAS.ti's default 'Untitled') loaded without
--study: the second is not silently taken for the first. All-new sources get a warning naming
--study; a codebook that does not fit says --study as well as --extend-codebook."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import CodebookConflict
from graph.store import GraphStore
from loaders.pipeline import LoadOptions, load_paths
from tests.factories import deep_project, flat_project


def test_a_second_project_of_the_same_name_is_flagged(store: GraphStore, tmp_path: Path) -> None:
    first = flat_project().write_qdpx(tmp_path / "first.qdpx")
    [report] = load_paths(store, [first], LoadOptions(concepts=False))
    assert report.study == "Untitled" and not report.warnings
    [again] = load_paths(store, [first], LoadOptions(concepts=False))  # the same project again: nothing to say
    assert not again.warnings and again.created == {}

    other = flat_project()  # the same codes, other interviews
    for source in other.sources:
        source.name = source.name.replace("Interview", "Talk")
    [report] = load_paths(store, [other.write_qdpx(tmp_path / "other.qdpx")], LoadOptions(concepts=False))
    [warning] = report.warnings
    assert "study 'Untitled' was already loaded" in warning and "all 5 of its sources are new" in warning
    assert "--study NEW-ID" in warning
    [named] = load_paths(store, [other.write_qdpx(tmp_path / "named.qdpx")],
                         LoadOptions(study="talks", concepts=False))
    assert not named.warnings  # a study named on purpose is not second-guessed

    before = store.stats()
    with pytest.raises(CodebookConflict, match=r"--extend-codebook .*; or, if this is another project that shares "
                                                r"the name of study 'Untitled', load it as its own study with --study"):
        load_paths(store, [deep_project().write_qdpx(tmp_path / "deep.qdpx")], LoadOptions(concepts=False))
    assert store.stats() == before
