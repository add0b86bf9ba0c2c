"""The HTTP API over each store: shapes, CSV, problem+json."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.store import GraphStore
from loaders.pipeline import LoadOptions, load_paths
from tests.factories import SAMPLE, STUDY


@pytest.fixture
def client(store: GraphStore) -> TestClient:
    load_paths(store, [SAMPLE], LoadOptions(study=STUDY, codebook="reference"))
    with TestClient(create_app(Settings(store="memory"), store=store)) as c:
        yield c


def test_health_and_ready(client: TestClient, store: GraphStore) -> None:
    assert client.get("/health").json() == {"status": "ok", "store": store.name}
    assert client.get("/ready").json() == {"status": "ready", "store": store.name}


def test_studies_and_themes(client: TestClient) -> None:
    (study,) = client.get("/v1/studies").json()
    assert study["uid"] == STUDY and study["experts"] == 21 and study["year"] == 2024
    themes = client.get("/v1/themes", params={"study": STUDY}).json()
    assert [t["category"] for t in themes] == ["benefit", "gap", "prerequisite", "expectation"]
    assert sum(len(t["children"]) for t in themes) == 11


def test_matrix_json_shape(client: TestClient) -> None:
    m = client.get("/v1/matrix", params={"rows": "profession", "cols": "subtheme", "category": "gap",
                                         "measure": "experts", "study": STUDY}).json()
    assert m["rows"] == ["psychiatrist", "mental health nurse", "researcher in medical AI"]
    assert len(m["cols"]) == 3 and m["n_experts"] == 21 and m["measure"] == "experts"
    assert [sum(row) >= t for row, t in zip(m["cells"], m["row_totals"])] == [True] * 3


def test_matrix_csv_by_accept_header_and_by_format(client: TestClient) -> None:
    by_accept = client.get("/v1/matrix?category=gap", headers={"Accept": "text/csv"})
    assert by_accept.headers["content-type"].startswith("text/csv")
    assert by_accept.text.splitlines()[0] == "experts,Misleading information,Lack of professional nuance and depth,User risk,total,of"
    assert client.get("/v1/matrix?category=gap&format=csv").text == by_accept.text


def test_errors_are_problem_json(client: TestClient) -> None:
    missing = client.get("/v1/matrix", params={"study": "nope"})
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert missing.json()["detail"].startswith("no study 'nope'")
    bad_attr = client.get("/v1/matrix", params={"rows": "shoe_size"})
    assert bad_attr.status_code == 400 and "province" in bad_attr.json()["detail"]
    invalid = client.get("/v1/matrix", params={"measure": "words"})
    assert invalid.status_code == 422 and invalid.json()["errors"][0]["loc"] == ["query", "measure"]
    assert client.get("/v1/nothing").status_code == 404
    assert client.get("/v1/nothing").headers["content-type"] == "application/problem+json"


def test_openapi_lists_the_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/health", "/ready", "/v1/studies", "/v1/themes", "/v1/matrix"} <= set(paths)
