"""Studies on the command line and over HTTP, on both stores: listing, one-study reads that refuse
without --study when several are loaded (exit 2 listing them), stats and matrix per study,
`matrix --rows expert|study`, and delete-study (which refuses without --yes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.store import GraphStore
from tests.conftest import cli_on
from tests.factories import DEEP_STUDY, FLAT_CODES, FLAT_STUDY, load_shape


@pytest.fixture
def run(store: GraphStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    load_shape(store, tmp_path, FLAT_STUDY)
    load_shape(store, tmp_path, DEEP_STUDY)
    return cli_on(store, tmp_path, capsys)


def test_studies_are_listed_and_each_read_names_one(run) -> None:
    status, out, _ = run("studies", "--format", "json")
    assert status == 0
    assert [(s["uid"], s["experts"], s["quotes"], s["themes"], s["subthemes"]) for s in json.loads(out)] == [
        (DEEP_STUDY, 3, 9, 4, 9), (FLAT_STUDY, 5, 8, 5, 0)]
    for args in (["matrix"], ["saturation"], ["themes"], ["cooccurrence"], ["concepts"],
                 ["view", "overview", "--out", "x.html"], ["view", "neighborhood:nurse", "--out", "x.html"]):
        status, out, err = run(*args)
        assert status == 2, args
        assert f"2 studies are loaded ({DEEP_STUDY}, {FLAT_STUDY}); name one with --study" in err, args
        assert err.count("\n") == 1 and not out
    status, _, err = run("matrix", "--study", "nope")
    assert status == 1 and "no study 'nope'" in err


def test_reads_on_a_flat_study_say_the_level_they_used(run) -> None:
    status, out, _ = run("matrix", "--study", FLAT_STUDY)
    assert status == 0 and "columns: themes" in out and "flat codebook" in out
    assert "Workload" in out and "nurse (n=3)" in out
    _, out, _ = run("matrix", "--study", FLAT_STUDY, "--format", "json")
    m = json.loads(out)
    assert m["level"] == "theme" and m["cols"] == FLAT_CODES and m["n_quotes"] == 8
    _, out, _ = run("saturation", "--study", FLAT_STUDY)
    assert "new themes" in out and "4 themes in 5 interviews; nothing new after Interview P3" in out
    assert out.index("Interview P2") < out.index("Interview P10")
    _, out, _ = run("themes", "--study", FLAT_STUDY)
    assert "A flat codebook: 5 themes, no sub-themes" in out
    _, out, _ = run("themes", "--study", DEEP_STUDY)
    assert "4 themes and 9 sub-themes, 3 levels deep" in out
    _, out, _ = run("quotes", "--study", FLAT_STUDY, "--theme", "Privacy", "--format", "json")
    assert [q["pseudonym"] for q in json.loads(out)["items"]] == ["P3", "P10"]


def test_csv_keeps_its_rows_data_and_says_the_level_on_standard_error(run) -> None:
    status, out, err = run("matrix", "--study", DEEP_STUDY, "--format", "csv")
    assert status == 0 and out.splitlines()[0].startswith("experts,Emotional,")
    assert "3 codes below the sub-themes" not in out and "3 codes below the sub-themes" in err
    assert "1 quote coded to a theme that has sub-themes" in err
    for command in ("cooccurrence", "saturation"):
        status, out, err = run(command, "--study", DEEP_STUDY, "--format", "csv")
        assert status == 0 and "sub-themes" in err and "codes below" not in out, command
    _, _, err = run("matrix", "--study", DEEP_STUDY, "--format", "json")
    assert err == ""  # JSON carries it as level_note


def test_matrix_rows_expert_and_study(run) -> None:
    _, out, _ = run("matrix", "--study", FLAT_STUDY, "--rows", "expert", "--format", "csv")
    lines = out.splitlines()
    assert [line.split(",")[0] for line in lines[1:6]] == ["P1", "P2", "P3", "P10", "P11"]
    status, out, _ = run("matrix", "--rows", "expert", "--study", FLAT_STUDY)
    assert status == 0 and out.index("P2") < out.index("P10")
    _, out, _ = run("matrix", "--rows", "study", "--study", FLAT_STUDY, "--study", DEEP_STUDY, "--cols", "theme",
                    "--format", "json")
    m = json.loads(out)
    assert m["rows"] == [DEEP_STUDY, FLAT_STUDY] and m["row_sizes"] == [3, 5]
    assert m["cells"][1][m["cols"].index("Access")] == 3
    status, _, err = run("matrix", "--study", FLAT_STUDY, "--study", DEEP_STUDY)
    assert status == 2 and "compare studies with --rows study" in err


def test_stats_per_study_and_delete_study(run) -> None:
    _, out, _ = run("stats", "--study", FLAT_STUDY, "--format", "json")
    assert json.loads(out) | {} == {"studies": 1, "experts": 5, "sources": 5, "quotes": 8, "themes": 5,
                                    "subthemes": 0, "codings": 9, "concepts": 0}
    _, out, _ = run("stats", "--format", "json")
    assert json.loads(out)["quotes"] == 17
    status, _, err = run("delete-study", FLAT_STUDY)
    assert status == 2 and "--yes" in err and err.count("\n") == 1
    assert json.loads(run("stats", "--format", "json")[1])["studies"] == 2  # nothing deleted
    status, _, err = run("delete-study", "nope", "--yes")
    assert status == 1 and "no study 'nope'" in err
    status, out, _ = run("delete-study", FLAT_STUDY, "--yes")
    assert status == 0 and f"Deleted study {FLAT_STUDY} (5 experts, 8 quotes" in out
    _, out, _ = run("studies", "--format", "json")
    assert [s["uid"] for s in json.loads(out)] == [DEEP_STUDY]
    status, out, _ = run("matrix")  # one study left: no --study needed
    assert status == 0 and "columns: sub-themes" in out and "stands in for itself at the sub-theme level: 'Vaccine type'" in out


def test_http_applies_the_same_rule(store: GraphStore, tmp_path: Path) -> None:
    load_shape(store, tmp_path, FLAT_STUDY)
    load_shape(store, tmp_path, DEEP_STUDY)
    with TestClient(create_app(Settings(store="memory"), store=store)) as client:
        _http_checks(client)


def _http_checks(client: TestClient) -> None:
    for path in ("/v1/matrix", "/v1/saturation", "/v1/themes", "/v1/cooccurrence", "/v1/concepts",
                 "/views/overview", "/v1/graph/neighborhood/nurse"):
        r = client.get(path)
        assert r.status_code == 400, path
        assert f"2 studies are loaded ({DEEP_STUDY}, {FLAT_STUDY})" in r.text, path
    m = client.get("/v1/matrix", params={"study": FLAT_STUDY}).json()
    assert m["level"] == "theme" and m["cells"][0] == [1, 2, 2, 1, 0]
    compared = client.get("/v1/matrix", params=[("rows", "study"), ("study", FLAT_STUDY), ("study", DEEP_STUDY)])
    assert compared.status_code == 200 and compared.json()["rows"] == [DEEP_STUDY, FLAT_STUDY]
    sub = client.get("/v1/graph/neighborhood/nurse", params={"study": DEEP_STUDY}).json()
    assert sub["study"] == DEEP_STUDY
    assert {n["props"]["study"] for n in sub["nodes"] if n["label"] == "Expert"} == {DEEP_STUDY}
