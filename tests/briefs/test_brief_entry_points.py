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
