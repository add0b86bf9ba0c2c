"""One contract, every store: each test runs on the embedded store and on a real Neo4j."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import BadInput, CodebookConflict, NotFound
from graph.results import MatrixQuery
from graph.store import GraphStore
from loaders.pipeline import LoadOptions, load_paths
from tests.factories import GAP, SAMPLE, STUDY, oracle_experts, sample_rows, small_rows, write_csv

RISKS = MatrixQuery(rows="profession", cols="subtheme", category="gap", measure="experts", study=STUDY)


def load_sample(store: GraphStore) -> None:
    load_paths(store, [SAMPLE], LoadOptions(study=STUDY, codebook="reference"))


def test_sample_loads_with_the_expected_counts(store: GraphStore) -> None:
    load_sample(store)
    rows = sample_rows()
    stats = store.stats()
    assert stats.studies == 1
    assert stats.experts == len({r["expert"] for r in rows}) == 21
    assert stats.quotes == len({(r["expert"], r["text"]) for r in rows})
    assert stats.codings == len({(r["expert"], r["text"], r["subtheme"]) for r in rows})
    assert (stats.themes, stats.subthemes, stats.sources) == (4, 11, 21)


def test_risks_matrix_matches_counts_made_by_hand(store: GraphStore) -> None:
    load_sample(store)
    m = store.matrix(RISKS)
    expected = oracle_experts(sample_rows(), GAP)
    assert m.cols == ["Misleading information", "Lack of professional nuance and depth", "User risk"]
    assert m.rows == ["psychiatrist", "mental health nurse", "researcher in medical AI"]
    assert m.row_sizes == [12, 7, 2]
    assert m.n_experts == 21
    for i, row in enumerate(m.rows):
        for j, col in enumerate(m.cols):
            assert m.cells[i][j] == expected.get((row, col), 0), (row, col)
    gap_rows = [r for r in sample_rows() if r["theme"] == GAP]
    assert m.col_totals == [len({r["expert"] for r in gap_rows if r["subtheme"] == c}) for c in m.cols]
    assert m.row_totals == [len({r["expert"] for r in gap_rows if r["profession"] == p}) for p in m.rows]
    assert m.n_quotes == len({(r["expert"], r["text"]) for r in gap_rows})


def test_matrix_by_quotes_themes_and_attributes(store: GraphStore) -> None:
    load_sample(store)
    rows = sample_rows()
    by_quotes = store.matrix(RISKS.model_copy(update={"measure": "quotes"}))
    psych_misleading = {r["text"] for r in rows
                        if r["profession"] == "psychiatrist" and r["subtheme"] == "Misleading information"}
    assert by_quotes.cells[0][0] == len(psych_misleading)

    themes = store.matrix(MatrixQuery(cols="theme", study=STUDY))
    assert len(themes.cols) == 4 and themes.cols[1] == GAP
    assert themes.col_totals[1] == len({r["expert"] for r in rows if r["theme"] == GAP})

    provinces = store.matrix(MatrixQuery(rows="province", category="gap", study=STUDY))
    assert sorted(provinces.rows) == sorted({r["province"] for r in rows})
    assert sum(provinces.row_sizes) == 21


def test_matrix_refuses_unknown_attribute_and_study(store: GraphStore) -> None:
    load_sample(store)
    with pytest.raises(BadInput, match="unknown attribute 'shoe_size'.*province"):
        store.matrix(MatrixQuery(rows="shoe_size", study=STUDY))
    with pytest.raises(NotFound, match="no study 'nope'"):
        store.matrix(MatrixQuery(study="nope"))


def test_theme_tree_counts(store: GraphStore) -> None:
    load_sample(store)
    rows = sample_rows()
    tree = store.themes(STUDY)
    assert [t.category for t in tree] == ["benefit", "gap", "prerequisite", "expectation"]
    gap = tree[1]
    assert gap.name == GAP and len(gap.children) == 3
    assert gap.experts == len({r["expert"] for r in rows if r["theme"] == GAP})
    assert gap.quotes == len({(r["expert"], r["text"]) for r in rows if r["theme"] == GAP})
    user_risk = next(c for c in gap.children if c.name == "User risk")
    assert user_risk.experts == len({r["expert"] for r in rows if r["subtheme"] == "User risk"})


def test_loading_twice_changes_nothing(store: GraphStore) -> None:
    load_sample(store)
    once = store.dump()
    load_sample(store)
    assert store.dump() == once
    assert store.stats().quotes == 158


def test_bad_row_writes_nothing(store: GraphStore, tmp_path: Path) -> None:
    load_sample(store)
    before = store.dump()
    rows = small_rows()
    rows[3][3:5] = [GAP, "User risks"]  # a typo of a sub-theme, on file line 5
    bad = write_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(CodebookConflict) as err:
        load_paths(store, [bad], LoadOptions(study=STUDY))
    assert str(err.value).startswith(f"{bad}:5: sub-theme 'User risks' is not in study")
    assert "did you mean 'User risk'?" in str(err.value)
    assert store.dump() == before


def test_codebook_names_match_whatever_the_spelling(store: GraphStore, tmp_path: Path) -> None:
    rows = [["C1", "Psychiatrist", "Hunan", "technological – Mental  health gap", "USER risk", "Text one."],
            ["C2", "psychiatrist ", "Hunan", "Technological—mental health gap", "misleading information", "Two."]]
    load_paths(store, [write_csv(tmp_path / "v.csv", rows)], LoadOptions(study="s1", codebook="reference"))
    m = store.matrix(MatrixQuery(category="gap", study="s1"))
    assert m.rows == ["Psychiatrist"] and m.row_sizes == [2]
    assert m.cells == [[1, 0, 1]]
    assert store.stats().subthemes == 11


def test_first_file_defines_the_codebook_then_new_codes_need_extend(store: GraphStore, tmp_path: Path) -> None:
    first = write_csv(tmp_path / "a.csv", [["X1", "nurse", "Hunan", "Risks", "Privacy", "Where does it go?"]])
    load_paths(store, [first], LoadOptions(study="s2"))
    assert [t.category for t in store.themes("s2")] == ["other"]
    second = write_csv(tmp_path / "b.csv", [["X2", "nurse", "Hunan", "Risks", "Bias", "It favours cities."]])
    with pytest.raises(CodebookConflict, match="b.csv:2: sub-theme 'Bias' is not in study 's2'"):
        load_paths(store, [second], LoadOptions(study="s2"))
    report = load_paths(store, [second], LoadOptions(study="s2", extend_codebook=True))[0]
    assert report.new_subthemes == ["Bias"] and report.codebook == "extended"
    contradicting = write_csv(tmp_path / "c.csv", [["X3", "nurse", "Hunan", "Other", "Privacy", "Hmm."]])
    with pytest.raises(CodebookConflict, match="'Privacy' belongs to theme 'Risks'"):
        load_paths(store, [contradicting], LoadOptions(study="s2", extend_codebook=True))
    assert store.stats().subthemes == 2


def test_delete_study_and_clear(store: GraphStore, tmp_path: Path) -> None:
    load_sample(store)
    load_paths(store, [write_csv(tmp_path / "s.csv", small_rows())], LoadOptions(study="other", codebook="reference"))
    assert {s.uid for s in store.studies()} == {STUDY, "other"}
    store.delete_study("other")
    assert [s.uid for s in store.studies()] == [STUDY]
    assert store.stats().experts == 21
    with pytest.raises(NotFound):
        store.delete_study("other")
    store.clear()
    assert store.stats().model_dump() == dict.fromkeys(store.stats().model_dump(), 0)


def test_matrix_across_studies_merges_columns_by_name(store: GraphStore, tmp_path: Path) -> None:
    load_sample(store)
    load_paths(store, [write_csv(tmp_path / "s.csv", small_rows())], LoadOptions(study="other", codebook="reference"))
    both = store.matrix(MatrixQuery(category="gap"))
    alone = store.matrix(RISKS)
    assert both.cols == alone.cols
    assert both.n_experts == 25
    assert both.cells[0][0] == alone.cells[0][0] + 2  # A1 and A2, psychiatrists on misleading information
    assert len(both.col_info[0].uids) == 2


def test_expert_updates_keep_what_they_do_not_name(store: GraphStore, tmp_path: Path) -> None:
    header = ["expert", "profession", "gender", "theme", "subtheme", "text"]
    first = write_csv(tmp_path / "a.csv", [["E1", "nurse", "female", GAP, "User risk", "One."]], header)
    load_paths(store, [first], LoadOptions(study="s3", codebook="reference"))
    header2 = ["expert", "profession", "province", "theme", "subtheme", "text"]
    second = write_csv(tmp_path / "b.csv", [["E1", "", "Hunan", GAP, "User risk", "Two."]], header2)
    load_paths(store, [second], LoadOptions(study="s3"))
    (expert,) = [n for n in store.dump().nodes if n[0] == "Expert|s3:E1"]
    assert expert[1]["profession"] == "nurse"
    assert (expert[1]["attr:gender"], expert[1]["attr:province"]) == ("female", "Hunan")
    third = write_csv(tmp_path / "c.csv", [["E1", "psychiatrist", "Hunan", GAP, "User risk", "Two."]], header2)
    load_paths(store, [third], LoadOptions(study="s3"))
    assert store.matrix(MatrixQuery(study="s3")).rows == ["psychiatrist"]
    professions = [e for e in store.dump().edges if e[1] == "HAS_PROFESSION"]
    assert professions == [("Expert|s3:E1", "HAS_PROFESSION", "Profession|psychiatrist", {})]
