"""Names whose uids would be one are refused together, naming both, before anything is written
(issue 16, item 2): experts P01 / p01 and P-02 / P 02 (one interview source, one quote),
codes 'Trust & safety' / 'Trust / safety' (one code); also against what the study holds.
A file without such names loads twice to the identical graph."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.checksum import store_checksum
from graph.errors import BadInput
from graph.store import GraphStore
from loaders.pipeline import LoadOptions, load_paths
from tests.factories import write_csv

HEADER = ["expert", "profession", "text", "theme", "subtheme"]
MAXQDA_HEADER = ["Document name", "Code", "Beginning", "End", "Segment", "Profession"]


def _rows(*experts_and_codes: tuple[str, str]) -> list[list[str]]:
    """One row per (expert, sub-theme): the same text for every expert, as in the issue."""
    return [[expert, "nurse", "The same words.", "Gap", sub] for expert, sub in experts_and_codes]


REFUSED = {
    "P01 and p01": (_rows(("P01", "User risk"), ("P02", "User risk"), ("p01", "User risk")),
                    "c.csv:4: experts 'p01' (line 4) and 'P01' (line 2) would share one interview source "
                    "'interview-p01'; give them distinct ids, or the same spelling if they are one person"),
    "P-02 and P 02": (_rows(("P-02", "User risk"), ("P 02", "User risk")),
                      "c.csv:3: experts 'P 02' (line 3) and 'P-02' (line 2) would share one interview source "
                      "'interview-p-02'; give them distinct ids, or the same spelling if they are one person"),
    "sub-themes": (_rows(("P01", "Trust & safety"), ("P02", "User risk"), ("P03", "Trust / safety")),
                   "c.csv:4: sub-themes 'Trust / safety' (line 4) and 'Trust & safety' (line 2) under 'Gap' would "
                   "share one code 'trust-safety'; give them distinct names, or the same spelling if they are one code"),
    "themes": ([["P01", "nurse", "Words.", "Trust & safety", "A"], ["P02", "nurse", "Words.", "Trust/safety", "A"]],
               "c.csv:3: themes 'Trust/safety' (line 3) and 'Trust & safety' (line 2) would share one code "
               "'trust-safety'; give them distinct names, or the same spelling if they are one code"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_names_that_would_share_a_uid_are_refused_together(store: GraphStore, tmp_path: Path, case: str) -> None:
    load_paths(store, [write_csv(tmp_path / "base.csv", _rows(("P01", "User risk")), HEADER)],
               LoadOptions(study="other"))
    before = store_checksum(store)
    rows, message = REFUSED[case]
    path = write_csv(tmp_path / "c.csv", rows, HEADER)
    with pytest.raises(BadInput) as refused:
        load_paths(store, [path], LoadOptions(study="s"))
    assert str(refused.value) == f"{tmp_path}/{message}"
    assert store_checksum(store) == before
    with pytest.raises(BadInput):  # a dry run says the same
        load_paths(store, [path], LoadOptions(study="s", dry_run=True))


def test_codes_that_collide_at_any_depth(store: GraphStore, tmp_path: Path) -> None:
    rows = [["N01", "Risks > Data > Trust & safety", "0", "5", "Records may leak.", "nurse"],
            ["N02", "Risks > Data > Leaks", "0", "5", "Records may leak.", "nurse"],
            ["N03", "Risks > Data > TRUST / SAFETY", "0", "5", "Records may leak.", "nurse"]]
    path = write_csv(tmp_path / "m.csv", rows, MAXQDA_HEADER)
    before = store_checksum(store)
    with pytest.raises(BadInput, match=re.escape(
            "m.csv:4: sub-themes 'TRUST / SAFETY' (line 4) and 'Trust & safety' (line 2) under 'Data' would share "
            "one code 'trust-safety'")):
        load_paths(store, [path], LoadOptions(study="s", format="maxqda"))
    assert store_checksum(store) == before


def test_names_that_collide_with_the_study_are_refused(store: GraphStore, tmp_path: Path) -> None:
    first = write_csv(tmp_path / "first.csv", _rows(("P01", "Trust & safety"), ("P-02", "User risk")), HEADER)
    load_paths(store, [first], LoadOptions(study="s"))
    before = store_checksum(store)
    expert = write_csv(tmp_path / "expert.csv", _rows(("P 02", "User risk")), HEADER)
    with pytest.raises(BadInput, match=re.escape(
            "expert.csv:2: expert 'P 02' (line 2) and source 'Interview P-02' (in study 's') would share one "
            "source 'interview-p-02'; give them distinct ids, or the same spelling if they are one person")):
        load_paths(store, [expert], LoadOptions(study="s"))
    code = write_csv(tmp_path / "code.csv", _rows(("P01", "Trust / safety")), HEADER)
    with pytest.raises(BadInput, match=re.escape(
            "code.csv:2: sub-themes 'Trust / safety' (line 2) and 'Trust & safety' (in study 's''s codebook) under "
            "'Gap' would share one code 'trust-safety'")):
        load_paths(store, [code], LoadOptions(study="s", extend_codebook=True))
    assert store_checksum(store) == before
    # the same holds between two files of one load, though neither is written yet
    other = [write_csv(tmp_path / "a.csv", _rows(("P01", "User risk")), HEADER),
             write_csv(tmp_path / "b.csv", _rows(("p01", "User risk")), HEADER)]
    with pytest.raises(BadInput, match=re.escape("b.csv:2: expert 'p01' (line 2) and source 'Interview P01' (in "
                                                 "study 't') would share one source 'interview-p01'")):
        load_paths(store, other, LoadOptions(study="t"))
    assert store_checksum(store) == before


def test_sources_named_alike_are_refused_and_one_spelling_is_one_source(store: GraphStore, tmp_path: Path) -> None:
    header = [*HEADER, "source"]
    rows = [["P01", "nurse", "One.", "Gap", "User risk", "Focus group A"],
            ["P02", "nurse", "Two.", "Gap", "User risk", "focus group a"]]
    with pytest.raises(BadInput, match=re.escape(
            "s.csv:3: source 'focus group a' (line 3) and source 'Focus group A' (line 2) would share one source "
            "'focus-group-a'; give them distinct names, or the same spelling if they are one document")):
        load_paths(store, [write_csv(tmp_path / "s.csv", rows, header)], LoadOptions(study="s"))
    rows[1][-1] = "Focus group A"
    (report,) = load_paths(store, [write_csv(tmp_path / "s.csv", rows, header)], LoadOptions(study="s"))
    assert (report.sources, report.experts, report.quotes) == (1, 2, 2)


def test_a_file_without_collisions_loads_twice_to_the_same_graph(store: GraphStore, tmp_path: Path) -> None:
    rows = [["P01", "Nurse", "The same words.", "Gap", "Trust & safety"],
            ["P02", "nurse", "The same words.", "Gap", "trust &  Safety"],  # one code, spelt otherwise
            ["P-03", "psychiatrist", "Other words.", "Gap", "User risk"],
            ["P03", "psychiatrist", "Other words.", "GAP", "user  RISK"],  # another person: 'interview-p03'
            ["P01", "Nurse", "Third words.", "Benefit", "Gains"]]
    path = write_csv(tmp_path / "ok.csv", rows, HEADER)
    (first,) = load_paths(store, [path], LoadOptions(study="s"))
    assert (first.experts, first.sources, first.quotes) == (4, 4, 5)
    assert store.stats().subthemes == 3 and first.created["professions"] == 2
    once = store_checksum(store)
    (again,) = load_paths(store, [path], LoadOptions(study="s"))
    assert store_checksum(store) == once
    assert not again.created and not again.updated and again.new_subthemes == []


def test_the_command_exits_2_with_one_line(cli, tmp_path: Path) -> None:
    rows, message = REFUSED["P01 and p01"]
    path = write_csv(tmp_path / "c.csv", rows, HEADER)
    status, out, err = cli("load", str(path), "--study", "s")
    assert status == 2 and err.strip().splitlines() == [f"themegraph: {tmp_path}/{message}"]
    status, out, err = cli("stats", "--format", "json")
    assert '"quotes": 0' in out
