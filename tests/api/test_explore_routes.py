"""The exploring endpoints over both stores, on the hand-worked dataset; errors as problem+json."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.store import GraphStore
from tests.factories import GAP, KNOWN_HEADER, KNOWN_STUDY, known_rows, load_known, write_csv

KEY = "k" * 32


@pytest.fixture
def client(store: GraphStore, tmp_path: Path) -> TestClient:
    load_known(store, tmp_path)
    with TestClient(create_app(Settings(store="memory", api_key=KEY), store=store)) as c:
        yield c


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["detail"]
    return body


def test_headline_question_then_the_quotes_behind_a_cell(client: TestClient) -> None:
    m = client.get("/v1/matrix", params={"category": "gap", "study": KNOWN_STUDY}).json()
    assert m["rows"][1] == "psychiatrist" and m["cells"][1][0] == 2
    behind = client.get(m["cell_quotes"][1][0]).json()
    assert behind["total"] == 2 and {q["pseudonym"] for q in behind["items"]} == {"K1", "K2"}


def test_quotes_filters_search_and_paging(client: TestClient) -> None:
    page = client.get("/v1/quotes", params={"limit": 4}).json()
    assert page["total"] == 9 and len(page["items"]) == 4 and page["next_cursor"]
    rest = client.get("/v1/quotes", params={"limit": 4, "cursor": page["next_cursor"]}).json()
    assert not {q["uid"] for q in rest["items"]} & {q["uid"] for q in page["items"]}
    found = client.get("/v1/quotes", params=[("attr", "province:Hunan"), ("attr", "years_experience:0..9")]).json()
    assert {q["pseudonym"] for q in found["items"]} == {"K3"}
    assert client.get("/v1/quotes", params={"q": "细微"}).json()["total"] == 1
    assert client.get("/v1/quotes", params={"subtheme": "USER  risk"}).json()["total"] == 2


def test_experts_profile_themes_cooccurrence_saturation_neighbourhood(client: TestClient) -> None:
    assert [e["pseudonym"] for e in client.get("/v1/experts", params={"study": KNOWN_STUDY}).json()] == [
        "K1", "K2", "K3", "K4", "K5"]
    profile = client.get(f"/v1/experts/{KNOWN_STUDY}:K1").json()
    assert [s["name"] for s in profile["subthemes"]][1:] == ["Misleading information", "User risk"]
    themes = client.get("/v1/themes", params={"study": KNOWN_STUDY, "by": "profession"}).json()
    assert next(t for t in themes if t["name"] == GAP)["breakdown"][0] == {
        "value": "psychiatrist", "experts": 2, "quotes": 3}
    co = client.get("/v1/cooccurrence", params={"category": "gap", "study": KNOWN_STUDY}).json()
    assert co["counts"] == [[2, 1, 1], [1, 2, 0], [1, 0, 2]]
    sat = client.get("/v1/saturation", params={"study": KNOWN_STUDY}).json()
    assert sat["curve"] == [3, 4, 5, 6, 6] and sat["saturated_after"] == "Interview K5"
    hood = client.get(f"/v1/graph/neighborhood/{KNOWN_STUDY}:K1", params={"depth": 1}).json()
    assert len(hood["nodes"]) == 5 and hood["center"] == f"Expert|{KNOWN_STUDY}:K1"


def test_wrong_parameters_are_4xx_problems_never_500(client: TestClient) -> None:
    assert "cursor" in problem(client.get("/v1/quotes", params={"cursor": "garbage!"}), 400)["detail"]
    problem(client.get("/v1/quotes", params={"limit": 501}), 422)
    problem(client.get("/v1/quotes", params={"attr": "nocolon"}), 400)
    problem(client.get("/v1/quotes", params={"attr": "years_experience:a..b"}), 400)
    assert "no expert" in problem(client.get("/v1/experts/known:K99"), 404)["detail"]
    assert "unknown attribute 'hat'" in problem(client.get("/v1/matrix", params={"rows": "hat"}), 400)["detail"]
    problem(client.get("/v1/themes", params={"by": "hat"}), 400)
    problem(client.get("/v1/graph/neighborhood/nobody"), 404)
    problem(client.get("/v1/graph/neighborhood/known:K1", params={"depth": 4}), 422)
    problem(client.get("/v1/cooccurrence", params={"unit": "word"}), 422)
    problem(client.get("/v1/saturation", params={"study": "nope"}), 404)
    problem(client.get("/v1/matrix", params={"bin": 0}), 422)


def test_imports_need_the_key_and_return_the_report(client: TestClient, tmp_path: Path, store: GraphStore) -> None:
    path = write_csv(tmp_path / "more.csv", [["K6", "nurse", "Hunan", "4", "2024-04-01", GAP, "User risk", "New one."]],
                     KNOWN_HEADER)
    files = {"files": ("more.csv", path.read_bytes(), "text/csv")}
    problem(client.post("/v1/imports", files=files, data={"study": KNOWN_STUDY}), 401)
    problem(client.post("/v1/imports", files=files, data={"study": KNOWN_STUDY}, headers={"X-API-Key": "x" * 32}), 403)
    before = store.stats()
    ok = client.post("/v1/imports", files=files, data={"study": KNOWN_STUDY}, headers={"X-API-Key": KEY})
    assert ok.status_code == 200, ok.text
    (report,) = ok.json()
    assert report["file"] == "more.csv" and report["quotes"] == 1 and report["written"]
    assert store.stats().quotes == before.quotes + 1
    bad = write_csv(tmp_path / "bad.csv", [["K7", "nurse", "Hunan", "4", "2024-04-01", GAP, "User risks", "x"]],
                    KNOWN_HEADER)
    refused = client.post("/v1/imports", files={"files": ("bad.csv", bad.read_bytes(), "text/csv")},
                          data={"study": KNOWN_STUDY}, headers={"X-API-Key": KEY})
    assert problem(refused, 400)["detail"].startswith("bad.csv:2: sub-theme 'User risks'")
    assert store.stats().quotes == before.quotes + 1


def test_imports_are_off_without_a_configured_key(store: GraphStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "k.csv", known_rows(), KNOWN_HEADER)
    with TestClient(create_app(Settings(store="memory"), store=store)) as c:
        answer = c.post("/v1/imports", files={"files": ("k.csv", path.read_bytes())}, headers={"X-API-Key": KEY})
    assert "THEMEGRAPH_API_KEY" in problem(answer, 403)["detail"]
    assert store.stats().quotes == 0


def test_uploads_past_the_limit_are_refused(store: GraphStore, tmp_path: Path) -> None:
    big = b"expert,profession,text,theme,subtheme\n" + b"x" * (1024 * 1024 + 10)
    with TestClient(create_app(Settings(store="memory", api_key=KEY, max_upload_mb=1), store=store)) as c:
        answer = c.post("/v1/imports", files={"files": ("big.csv", big)}, headers={"X-API-Key": KEY})
    assert "larger than the server accepts" in problem(answer, 413)["detail"]


def test_openapi_documents_every_parameter(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    missing = [(path, p["name"]) for path, ops in spec["paths"].items() for op in ops.values()
               for p in op.get("parameters", []) if not p.get("description")]
    assert missing == []
    assert {"/v1/quotes", "/v1/experts/{uid}", "/v1/cooccurrence", "/v1/saturation",
            "/v1/graph/neighborhood/{uid}", "/v1/imports"} <= set(spec["paths"])
