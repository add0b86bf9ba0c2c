"""The exploring commands give the API's numbers, on both stores, as JSON, CSV and tables."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from graph.store import GraphStore
from tests.conftest import cli_on
from tests.factories import GAP, KNOWN_STUDY, load_known


@pytest.fixture
def run(store: GraphStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    load_known(store, tmp_path)
    return cli_on(store, tmp_path, capsys)


def test_quotes_json_csv_and_table(run) -> None:
    status, out, _ = run("quotes", "--study", KNOWN_STUDY, "--profession", "psychiatrist", "--category", "gap",
                         "--format", "json")
    assert status == 0 and json.loads(out)["total"] == 3
    _, out, _ = run("quotes", "--attr", "years_experience:0..9", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["pseudonym"] for r in rows} == {"K3", "K4", "K5"} and len(rows) == 5
    _, out, _ = run("quotes", "--q", "细微")
    assert "它不懂精神科的细微差别。" in out and "1 of 1 quotes" in out


def test_expert_themes_cooccurrence_saturation(run) -> None:
    status, out, _ = run("expert", f"{KNOWN_STUDY}:K1", "--format", "json")
    assert status == 0 and [s["quotes"] for s in json.loads(out)["subthemes"]] == [1, 1, 1]
    _, out, _ = run("themes", "--study", KNOWN_STUDY, "--by", "profession", "--format", "json")
    gap = next(t for t in json.loads(out) if t["name"] == GAP)
    assert gap["breakdown"][0] == {"value": "psychiatrist", "experts": 2, "quotes": 3}
    _, out, _ = run("cooccurrence", "--category", "gap", "--study", KNOWN_STUDY, "--format", "csv")
    assert out.splitlines() == ["a,b,experts,jaccard",
                                "Misleading information,Lack of professional nuance and depth,1,0.3333",
                                "Misleading information,User risk,1,0.3333"]
    _, out, _ = run("saturation", "--study", KNOWN_STUDY)
    assert "nothing new after Interview K5" in out
    _, out, _ = run("saturation", "--study", KNOWN_STUDY, "--format", "json")
    assert json.loads(out)["curve"] == [3, 4, 5, 6, 6]


def test_matrix_command_with_bands(run) -> None:
    _, out, _ = run("matrix", "--rows", "years_experience", "--bin", "10", "--category", "gap", "--format", "json")
    m = json.loads(out)
    assert m["rows"] == ["0-9", "10-19", "20-29"] and m["cells"][0] == [0, 1, 1]


def test_errors_exit_2_or_1_with_one_line(run) -> None:
    status, _, err = run("quotes", "--limit", "501")
    assert status == 2 and err.startswith("themegraph: --limit:")
    status, _, err = run("quotes", "--cursor", "nope")
    assert status == 2 and "cursor" in err
    status, _, err = run("expert", "known:K42")
    assert status == 1 and "no expert 'known:K42'" in err and err.count("\n") == 1
    status, _, err = run("themes", "--by", "hat")
    assert status == 2 and "unknown attribute 'hat'" in err
