"""GET /v1/briefs on both stores, the `themegraph brief` command and the demo's brief."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli.main import main
from api.settings import Settings
from graph.briefs import Brief, build_brief, render_brief
from graph.store import GraphStore
from loaders.pipeline import LoadOptions, load_paths
from loaders.sample import ILLUSTRATIVE as SAMPLE_NOTICE
from tests.factories import KNOWN_STUDY, SAMPLE, STUDY


@pytest.fixture
def client(known: GraphStore) -> TestClient:
    with TestClient(create_app(Settings(store="memory"), store=known)) as c:
        yield c


def test_briefs_route_serves_every_form_with_its_media_type(client: TestClient, known: GraphStore) -> None:
    expected = build_brief(known, KNOWN_STUDY)
    md = client.get("/v1/briefs", params={"study": KNOWN_STUDY, "format": "md"})
    assert md.status_code == 200 and md.headers["content-type"] == "text/markdown; charset=utf-8"
    assert md.content == render_brief(expected, "md")
    html = client.get("/v1/briefs", params={"study": KNOWN_STUDY, "format": "html"})
    assert html.headers["content-type"] == "text/html; charset=utf-8" and html.text.startswith("<!DOCTYPE html>")
    as_json = client.get("/v1/briefs", params={"study": KNOWN_STUDY, "format": "json"})
    assert as_json.headers["content-type"] == "application/json"
    assert Brief.model_validate(as_json.json()) == expected
    assert as_json.json()["notice"] is None and "Illustrative data" not in html.text  # not the bundled sample
    docx = client.get("/v1/briefs", params={"study": KNOWN_STUDY, "format": "docx"})
    assert docx.headers["content-type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert docx.content.startswith(b"PK") and "brief-known.docx" in docx.headers["content-disposition"]
    gap_only = client.get("/v1/briefs", params={"category": "gap", "format": "json"}).json()
    assert [s["category"] for s in gap_only["sections"]] == ["gap"] and gap_only["study"] == KNOWN_STUDY


def test_briefs_route_errors_are_problem_json(client: TestClient, known: GraphStore) -> None:
    missing = client.get("/v1/briefs", params={"study": "nope"})
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
    assert missing.json()["detail"].startswith("no study 'nope'")
    for bad in ({"format": "pdf"}, {"category": "risks"}):
        invalid = client.get("/v1/briefs", params=bad)
        assert invalid.status_code == 422 and invalid.headers["content-type"] == "application/problem+json"
    load_paths(known, [SAMPLE], LoadOptions(study=STUDY, codebook="reference"))
    several = client.get("/v1/briefs")
    assert several.status_code == 400 and "name one with --study" in several.json()["detail"]
    assert client.get("/v1/briefs", params={"study": STUDY}).status_code == 200


def test_brief_command_and_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def run(*args: str) -> int:
        return main(["--store", "memory", "--data-dir", str(tmp_path / "data"), *args])

    assert run("brief", "--out", str(tmp_path / "none.md")) == 1  # nothing loaded yet
    assert "no study is loaded yet" in capsys.readouterr().err
    assert run("demo", "--no-serve", "--out", str(tmp_path / "demo")) == 0
    demo_md = (tmp_path / "demo" / "brief.md").read_text("utf-8")
    assert SAMPLE_NOTICE in demo_md and "10 of 12 psychiatrists" in demo_md
    assert (tmp_path / "demo" / "brief.html").read_text("utf-8").count("data:image/png;base64,") == 1

    assert run("brief", "--out", str(tmp_path / "b.md")) == 0  # the one study; format from the extension
    assert (tmp_path / "b.md").read_text("utf-8") == demo_md
    assert run("brief", "--study", STUDY, "--category", "gap", "--format", "json", "--out", str(tmp_path / "g")) == 0
    brief = json.loads((tmp_path / "g").read_text("utf-8"))
    assert [s["category"] for s in brief["sections"]] == ["gap"] and brief["notice"] == SAMPLE_NOTICE
    assert run("brief", "--out", str(tmp_path / "b.docx")) == 0
    assert (tmp_path / "b.docx").read_bytes().startswith(b"PK")
    capsys.readouterr()
    assert run("brief", "--study", "nope", "--out", str(tmp_path / "x.md")) == 1
    assert run("brief", "--category", "risks", "--out", str(tmp_path / "x.md")) == 2
    assert run("brief", "--format", "pdf", "--out", str(tmp_path / "x.md")) == 2
    assert "--format: unknown format 'pdf'" in capsys.readouterr().err


def test_brief_command_takes_assessments_and_translations_files(cli, tmp_path: Path) -> None:
    from tests.factories import KNOWN_HEADER, known_rows, write_csv

    data = write_csv(tmp_path / "known.csv", known_rows(), KNOWN_HEADER)
    assert cli("load", str(data), "--study", KNOWN_STUDY, "--codebook", "reference")[0] == 0
    status, _, _ = cli("brief", "--format", "json", "--out", str(tmp_path / "plain.json"))
    plain = Brief.model_validate_json((tmp_path / "plain.json").read_text("utf-8"))
    chinese = next(q for s in plain.sections for f in s.findings for q in f.quotes if q.language == "zh")
    (tmp_path / "cerqual.yaml").write_text("assessed_by: R. One\nassessed_on: 2026-12-01\nfindings:\n"
                                           "  User risk:\n    overall_confidence: low\n", "utf-8")
    (tmp_path / "t.csv").write_text(f"uid,translation\n{chinese.uid},Translated by us.\n", "utf-8")
    status, out, err = cli("brief", "--assessments", str(tmp_path / "cerqual.yaml"), "--translations",
                           str(tmp_path / "t.csv"), "--out", str(tmp_path / "b.md"))
    assert status == 0, err
    markdown = (tmp_path / "b.md").read_text("utf-8")
    assert "CERQual judgements by R. One, 2026-12-01 (from cerqual.yaml)." in markdown
    assert "Translated by us." in markdown

    (tmp_path / "bad.yaml").write_text("findings:\n  User risk:\n    adequacy: so-so\n", "utf-8")
    status, out, err = cli("brief", "--assessments", str(tmp_path / "bad.yaml"), "--out", str(tmp_path / "x.md"))
    assert status == 2 and err.count("\n") == 1 and not (tmp_path / "x.md").exists()
    assert err.startswith("themegraph: bad.yaml: finding 'User risk', adequacy: 'so-so' is not a CERQual judgement")
    status, out, err = cli("brief", "--translations", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "x.md"))
    assert status == 2 and "missing.csv: cannot read the translations file" in err


def test_briefs_route_compares_studies_given_more_than_once(client: TestClient, known: GraphStore,
                                                              tmp_path: Path) -> None:
    from tests.briefs.test_brief_compare import OTHER, OTHER_ROWS
    from tests.factories import write_csv

    path = write_csv(tmp_path / "other.csv", OTHER_ROWS, ["expert", "profession", "theme", "subtheme", "text"])
    load_paths(known, [path], LoadOptions(study=OTHER))
    both = client.get("/v1/briefs", params=[("study", KNOWN_STUDY), ("study", OTHER), ("format", "json")])
    assert both.status_code == 200 and both.json()["kind"] == "comparison"
    assert [s["study"] for s in both.json()["studies"]] == [KNOWN_STUDY, OTHER]
    md = client.get("/v1/briefs", params=[("study", KNOWN_STUDY), ("study", OTHER)])
    assert "| Misleading information | 2/5 (2 q.) | 2/3 (2 q.) | 4/8 (4 q.) |" in md.text
    refused = client.get("/v1/briefs", params=[("study", KNOWN_STUDY), ("study", OTHER), ("category", "gap")])
    assert refused.status_code == 400 and refused.headers["content-type"] == "application/problem+json"
    assert client.get("/v1/briefs", params={"study": KNOWN_STUDY}).status_code == 200  # one study as before


def test_the_briefs_tables_as_a_workbook_equal_the_brief(client: TestClient, known: GraphStore, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    expected = build_brief(known, KNOWN_STUDY)
    got = client.get("/v1/briefs", params={"study": KNOWN_STUDY, "format": "xlsx"})
    assert got.status_code == 200 and "brief-known.xlsx" in got.headers["content-disposition"]
    (tmp_path / "b.xlsx").write_bytes(got.content)
    book = load_workbook(tmp_path / "b.xlsx")
    heat = book["Heatmap"]
    assert heat.freeze_panes == "A2"
    table = [[c.value for c in row] for row in heat.iter_rows(min_row=2)]
    assert [r[0] for r in table[:-1]] == expected.heatmap.rows
    assert [r[2:-1] for r in table[:-1]] == [[c.n for c in cells] for cells in expected.heatmap.cells]
    assert all(isinstance(n, int) for r in table[:-1] for n in r[1:])  # numbers stay numbers
    assert expected.profile is not None
    profile = [[c.value for c in row] for row in book["Evidence profile"].iter_rows(min_row=2)]
    assert [(r[0], r[3], r[7]) for r in profile] == [(p.finding, p.experts.n, p.n_quotes)
                                                     for p in expected.profile.rows]
