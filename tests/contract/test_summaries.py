"""The per-study summaries Neo4j keeps (graph.stores.neo4j.summaries) equal a full recount after
every kind of write: a load in one transaction, the same file again, a file adding codings, a
staged load into a new and into an existing study, a staged load that fails and is undone, and
a study's delete. The theme trees and matrices read from them equal the embedded store's."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from bench.generate import dataset
from graph.errors import ThemeGraphError
from graph.naming import is_theme_uid
from graph.results import MatrixQuery
from graph.stores.memory import MemoryStore
from graph.stores.neo4j import cypher as cy
from graph.stores.neo4j import summaries
from graph.stores.neo4j.visibility import plain
from loaders.pipeline import LoadOptions, load_paths
from tests.conftest import open_neo4j
from tests.factories import GAP, SAMPLE, STUDY, write_csv
from tests.loaders.staged import Failing, chunks_of, raw

pytestmark = pytest.mark.neo4j

QUICK = LoadOptions(concepts=False, language=False)


def _by_uid(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: r["uid"])


def _cells(rows: list[dict]) -> list[tuple]:
    return sorted((r["raw"] or "", r["col"] or "", r["experts"], r["quotes"]) for r in rows)


def _matrices_match(uri: str, study: str, matrices: dict[str, dict[str, list[dict]]]) -> None:
    """Each kept matrix, with every column and with each category's, equals cy.MATRIX_COUNTS."""
    kinds = list(matrices["theme"])
    assert kinds[0] == "profession" and kinds == list(matrices["subtheme"])
    for level, columns in summaries.LEVEL_COLUMNS.items():
        every = raw(uri, plain(columns), studies=[study], category=None, theme=None)
        for category in (None, *sorted({c["category"] for c in every if c["category"]})):
            uids = {c["uid"] for c in every if category in (None, c["category"])}
            for kind in kinds:
                kept = [r for r in matrices[level][kind] if (r["col"] in uids if r["col"] else r["category"] == category)]
                assert _cells(kept) == _cells(raw(uri, plain(cy.MATRIX_COUNTS), rows=kind, studies=[study],
                                                  theme_uids=[u for u in uids if is_theme_uid(u)],
                                                  subtheme_uids=[u for u in uids if not is_theme_uid(u)])), \
                    (level, category, kind)


def assert_summaries_recount(uri: str) -> dict[str, list[dict]]:
    """Each study's summary as stored equals its counts counted again from the records; the code counts."""
    kept = {r["study"]: (_by_uid(json.loads(r["codes"])), json.loads(r["matrices"])) for r in raw(
        uri, "MATCH (s:Summary) RETURN s.study AS study, s.code_counts AS codes, s.matrix_counts AS matrices")}
    studies = [r["uid"] for r in raw(uri, "MATCH (s:Study) RETURN s.uid AS uid")]
    assert sorted(kept) == sorted(studies)
    for study, (codes, matrices) in kept.items():
        assert codes == _by_uid(raw(uri, plain(cy.CODE_COUNTS), study=study))
        _matrices_match(uri, study, matrices)
    return {study: codes for study, (codes, _) in kept.items()}


def _quotes_at(summary: list[dict], name: str) -> int:
    return next(r["quotes"] for r in summary if r["name"] == name)


def test_summaries_equal_a_recount_after_every_kind_of_write(neo4j_uri: str, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_neo4j(neo4j_uri, tx_quotes=100)  # files of more than 100 quotes are staged
    store.clear()
    try:
        load_paths(store, [SAMPLE], LoadOptions(study=STUDY, codebook="reference"))
        first = assert_summaries_recount(neo4j_uri)[STUDY]
        assert sum(r["quotes"] for r in first) > 0

        load_paths(store, [SAMPLE], LoadOptions(study=STUDY, codebook="reference"))  # the same file again
        assert assert_summaries_recount(neo4j_uri)[STUDY] == first

        more = write_csv(tmp_path / "more.csv", [  # one more quote coded to "User risk"
            ["E01", "psychiatrist", "Beijing", GAP, "User risk", "A further worry about unsupervised use at night."]])
        load_paths(store, [more], LoadOptions(study=STUDY, codebook="reference"))
        assert _quotes_at(assert_summaries_recount(neo4j_uri)[STUDY], "User risk") == _quotes_at(first, "User risk") + 1

        failing = chunks_of(dataset(2_000, tmp_path / "2000").csv, tmp_path, monkeypatch)
        other = failing[0].study.uid  # the study a load of these chunks writes into
        small, large = dataset(600, tmp_path / "600").csv, dataset(1_200, tmp_path / "1200").csv
        load_paths(store, [small], replace(QUICK, study=other))  # staged, a new study
        before = assert_summaries_recount(neo4j_uri)[other]
        load_paths(store, [large], replace(QUICK, study=other))  # staged, an existing study
        grown = assert_summaries_recount(neo4j_uri)[other]
        assert sum(r["quotes"] for r in grown) > sum(r["quotes"] for r in before)

        with pytest.raises(ThemeGraphError, match="temporary file"):
            store.write_chunks(Failing(failing, after=3), sum(len(c.quotes) for c in failing))
        assert assert_summaries_recount(neo4j_uri)[other] == grown  # undone: as before

        store.delete_study(other)
        assert set(assert_summaries_recount(neo4j_uri)) == {STUDY}
    finally:
        store.clear()
        store.close()
    assert raw(neo4j_uri, "MATCH (s:Summary) RETURN count(s) AS n")[0]["n"] == 0


def test_a_load_of_several_files_into_one_study_counts_its_summary_once(neo4j_uri: str, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, str]] = []
    for name in ("save", "drop"):
        real = getattr(summaries, name)
        monkeypatch.setattr(summaries, name, lambda tx, study, real=real, name=name: (calls.append((name, study)),
                                                                                      real(tx, study))[1])
    files = [write_csv(tmp_path / f"interview-{i}.csv", [
        [f"X{i}", "psychiatrist", "Hunan", GAP, "User risk", f"Worry number {i} about unsupervised use."]])
        for i in range(3)]
    store = open_neo4j(neo4j_uri)
    store.clear()
    try:
        load_paths(store, [SAMPLE], LoadOptions(study=STUDY, codebook="reference"))
        calls.clear()
        load_paths(store, [*files, dataset(300, tmp_path).csv],
                   LoadOptions(study=STUDY, codebook="reference", extend_codebook=True))
        assert calls == [("drop", STUDY)] * 3 + [("save", STUDY)]
        assert _quotes_at(assert_summaries_recount(neo4j_uri)[STUDY], "User risk") > 3
    finally:
        store.clear()
        store.close()


def _reads(store) -> dict:
    """The reads summaries serve: theme trees (with breakdowns by profession and by an attribute), and
    matrices with every column of a level."""
    trees = {(study, by): store.themes(study, by) for study in (STUDY, "other", None)
             for by in (None, "profession", "province")}
    matrices = {(study, rows, cols, measure, bin, category): store.matrix(MatrixQuery(
                    study=study, rows=rows, cols=cols, measure=measure, bin=bin, category=category))
                for study, rows, bin in ((STUDY, "profession", None), (STUDY, "province", None),
                                         (STUDY, "years_experience", 5), ("other", "profession", None),
                                         ("other", "province", None))
                for cols in ("theme", "subtheme") for measure in ("experts", "quotes")
                for category in (None, "gap", "benefit")}
    return {"themes": trees, "matrices": matrices}


def test_reads_from_summaries_equal_the_embedded_stores_and_a_recount(neo4j_uri: str, tmp_path: Path) -> None:
    options, other = LoadOptions(study=STUDY, codebook="reference"), replace(QUICK, study="other")
    embedded = MemoryStore(tmp_path / "embedded")
    store = open_neo4j(neo4j_uri)
    store.clear()
    try:
        for target in (store, embedded):
            load_paths(target, [SAMPLE], options)
            load_paths(target, [dataset(300, tmp_path).csv], other)
        from_summaries = _reads(store)
        assert from_summaries == _reads(embedded)
        assert any(m.cells for m in from_summaries["matrices"].values())

        raw(neo4j_uri, "MATCH (s:Summary) DELETE s")  # as a database written before summaries
        counted = open_neo4j(neo4j_uri)  # nothing kept in memory
        try:
            assert _reads(counted) == from_summaries
        finally:
            counted.close()
    finally:
        store.clear()
        store.close()
