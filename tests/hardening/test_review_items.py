"""Items of the security review (issue #16) that the API answers, each reproduced on both stores."""

from __future__ import annotations

import base64
import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.checksum import store_checksum
from graph.store import GraphStore
from tests.factories import GAP, write_csv

KEY = "r" * 32
STUDY = "review"


@pytest.fixture
def client(store: GraphStore) -> TestClient:
    with TestClient(create_app(Settings(store="memory", api_key=KEY), store=store)) as c:
        yield c


def _csv(rows: list[list[str]], tmp_path: Path, name: str = "rows.csv") -> bytes:
    return write_csv(tmp_path / name, rows).read_bytes()


def test_two_uploads_with_one_name_both_load(client: TestClient, store: GraphStore, tmp_path: Path) -> None:
    """Reproduced: two parts named batch.csv answered 200 with two reports, the second file loaded twice."""
    first = _csv([["A1", "nurse", "Hunan", GAP, "User risk", "First file's quote."]], tmp_path, "1.csv")
    second = _csv([["B1", "nurse", "Hunan", GAP, "User risk", "Second file's quote."]], tmp_path, "2.csv")
    for names in (("batch.csv", "batch.csv"), ("a b.csv", "a_b.csv")):
        store.clear()
        answer = client.post("/v1/imports", files=[("files", (names[0], first)), ("files", (names[1], second))],
                             data={"study": STUDY, "codebook": "reference"}, headers={"X-API-Key": KEY})
        assert answer.status_code == 200, answer.text
        assert [r["file"] for r in answer.json()] == [n.replace(" ", "_") for n in names]
        texts = {q["text"] for q in client.get("/v1/quotes", params={"study": STUDY}).json()["items"]}
        assert texts == {"First file's quote.", "Second file's quote."}


def test_a_pseudonym_with_a_slash_is_reachable(client: TestClient, tmp_path: Path) -> None:
    body = _csv([["site/P01", "nurse", "Hunan", GAP, "User risk", "A quote."]], tmp_path)
    assert client.post("/v1/imports", files={"files": ("s.csv", body)}, data={"study": STUDY, "codebook": "reference"},
                       headers={"X-API-Key": KEY}).status_code == 200
    profile = client.get(f"/v1/experts/{STUDY}:site/P01")
    assert profile.status_code == 200 and profile.json()["expert"]["pseudonym"] == "site/P01"
    around = client.get(f"/v1/graph/neighborhood/{STUDY}:site/P01")
    assert around.status_code == 200 and around.json()["center"] == f"Expert|{STUDY}:site/P01"


def test_a_cursor_with_a_huge_number_and_a_search_of_many_words_are_400(client: TestClient, tmp_path: Path) -> None:
    """Reproduced: Neo4j answered 500 (OverflowError; Lucene's too-many-clauses) where the embedded store said 200."""
    client.post("/v1/imports", files={"files": ("s.csv", _csv([["A1", "nurse", "Hunan", GAP, "User risk", "A quote."]],
                                                                  tmp_path))},
                data={"study": STUDY, "codebook": "reference"}, headers={"X-API-Key": KEY})
    huge = base64.urlsafe_b64encode(json.dumps([STUDY, "A1", "s", 10**30, "q"]).encode()).decode().rstrip("=")
    for params, name in (({"cursor": huge}, "cursor"),
                         ({"q": " ".join(f"word{i}" for i in range(1100))}, "at most 64")):
        answer = client.get("/v1/quotes", params={"study": STUDY, **params})
        assert answer.status_code == 400, answer.text
        assert answer.headers["content-type"] == "application/problem+json" and name in answer.json()["detail"]
    assert client.get("/v1/quotes", params={"study": STUDY, "q": "quote " * 200}).json()["total"] == 1


def test_errors_do_not_echo_quote_text_and_every_answer_says_nosniff(
        client: TestClient, store: GraphStore, tmp_path: Path) -> None:
    """Reproduced: a CSV without its header row showed 24 characters of the first quote in the 400 detail."""
    quote = "My patient told the chatbot about her overdose plan last winter."
    headless = "\n".join(",".join(row) for row in [["P01", "nurse", "Hunan", GAP, "User risk", f'"{quote}"']])
    before = store_checksum(store)
    answer = client.post("/v1/imports", files={"files": ("noheader.csv", headless.encode())},
                         data={"study": STUDY}, headers={"X-API-Key": KEY})
    assert answer.status_code == 400 and "missing column" in answer.json()["detail"]
    assert "My patient" not in answer.text and "characters, not shown" in answer.text
    assert store_checksum(store) == before
    for response in (answer, client.get("/health"), client.get("/v1/studies"), client.get("/nothing"),
                     client.get("/docs"), client.get("/openapi.json"), client.post("/v1/reset")):
        assert response.headers["x-content-type-options"] == "nosniff", response.url


def test_a_header_missing_a_column_is_still_named_in_full(client: TestClient, tmp_path: Path) -> None:
    body = write_csv(tmp_path / "h.csv", [["P01", "A quote.", ""]], ["Expert", "Text", "Other codes assigned to segment"])
    answer = client.post("/v1/imports", files={"files": ("h.csv", body.read_bytes())}, data={"study": STUDY},
                         headers={"X-API-Key": KEY})
    assert answer.status_code == 400
    assert "(found: Expert, Text, Other codes assigned to segment)" in answer.json()["detail"]


def test_a_matrix_past_its_size_is_refused_with_advice(client: TestClient, tmp_path: Path) -> None:
    """Reproduced: an attribute with 4,986 values gave a 33 MB matrix; eight at once all timed out."""
    from graph.matrix import MAX_ROWS

    rows = [[f"E{i}", "nurse", f"id-{i}", GAP, "User risk", f"Quote {i}."] for i in range(MAX_ROWS + 1)]
    body = write_csv(tmp_path / "wide.csv", rows, ["expert", "profession", "badge", "theme", "subtheme", "text"])
    assert client.post("/v1/imports", files={"files": ("w.csv", body.read_bytes())},
                       data={"study": STUDY, "codebook": "reference"}, headers={"X-API-Key": KEY}).status_code == 200
    answer = client.get("/v1/matrix", params={"study": STUDY, "rows": "badge"})
    assert answer.status_code == 400 and "--bin" in answer.json()["detail"], answer.text
    by_profession = client.get("/v1/matrix", params={"study": STUDY, "rows": "profession", "category": "gap"})
    assert by_profession.json()["cells"] == [[0, 0, MAX_ROWS + 1]]


@pytest.mark.parametrize("header", [
    ["expert", "profession", "province", "province", "theme", "subtheme", "text"],
    ["expert", "profession", "Gender", "gender ", "theme", "subtheme", "text"],
    ["expert", "profession", "text", "theme", "subtheme", "text", "x"],
])
def test_a_header_naming_a_column_twice_is_refused(cli, tmp_path: Path, header: list[str]) -> None:
    """Reproduced: one of the two values was kept, with no warning."""
    row = {"expert": "P1", "profession": "nurse", "theme": GAP, "subtheme": "User risk", "text": "A quote."}
    path = write_csv(tmp_path / "twice.csv", [[row.get(h.strip().lower(), "v") for h in header]], header)
    status, _, err = cli("load", str(path), "--codebook", "reference")
    keys = [h.strip().lower() for h in header]
    twice = [i for i, k in enumerate(keys) if keys.count(k) > 1]
    assert status == 2 and err.count("\n") == 1 and f"{path}:1: the header names one column twice" in err, err
    assert all(f"{header[i].strip()!r} (column {i + 1})" in err for i in twice), err
    assert cli("stats", "--format", "json")[1].count('"quotes": 0') == 1


def test_maxqda_repeats_its_document_name_and_both_must_agree(cli, tmp_path: Path) -> None:
    header = ["Dokumentgruppe", "Dokumentname", "Code", "Segment", "Dokumentname", "Beruf"]
    good = write_csv(tmp_path / "m.csv", [["G", "Int 1", "Risiken\\Fehler", "Ein Zitat.", "Int 1", "Pflege"]], header)
    assert cli("load", str(good), "--study", "mx")[0] == 0
    bad = write_csv(tmp_path / "b.csv", [["G", "Int 2", "Risiken\\Fehler", "Zwei.", "Int 3", "Pflege"]], header)
    status, _, err = cli("load", str(bad), "--study", "mx")
    assert status == 2 and f"{bad}:2: the columns 2 and 5 are both 'Dokumentname' but differ" in err, err


def _nested_codebook(depth: int) -> str:
    opening = "".join(f'<Code guid="00000000-0000-0000-0000-{i:012d}" name="level {i}" isCodable="true">'
                      for i in range(depth))
    return ('<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
            + opening + "</Code>" * depth + "</Codes></CodeBook>")


def test_a_code_tree_thousands_deep_is_refused_cleanly(cli, client: TestClient, tmp_path: Path) -> None:
    """Reproduced: 2,000 nested <Code> elements raised RecursionError (CLI traceback, API 500)."""
    from loaders.refi_codebook import MAX_DEPTH

    deep = tmp_path / "deep.qdc"
    deep.write_text(_nested_codebook(2000))
    status, _, err = cli("load", str(deep))
    assert status == 2 and err.count("\n") == 1 and f"more than {MAX_DEPTH} levels deep" in err, err
    answer = client.post("/v1/imports", files={"files": ("deep.qdc", deep.read_bytes())}, headers={"X-API-Key": KEY})
    assert answer.status_code == 400 and "levels deep" in answer.json()["detail"]
    fine = tmp_path / "fine.qdc"
    fine.write_text(_nested_codebook(MAX_DEPTH))
    status, out, err = cli("load", str(fine), "--study", "deep", "--report", "json")
    assert status == 0, err
    assert json.loads(out)[0]["new_subthemes"] == [f"level {i}" for i in range(1, MAX_DEPTH)]


def _themegraph(data: Path, *args: str, file_size_limit: int | None = None) -> subprocess.CompletedProcess:
    def limit() -> None:  # a real write failure: the kernel refuses to grow a file past the limit
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    exe = Path(sys.executable).parent / "themegraph"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "THEMEGRAPH_"))}
    return subprocess.run([str(exe), "--store", "memory", "--data-dir", str(data), *args], capture_output=True,
                          text=True, timeout=120, env=env, preexec_fn=limit if file_size_limit else None)


def test_a_full_disk_or_unwritable_folder_is_one_line_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    """Reproduced: a traceback on the command line, 500 over HTTP, and a .graph.json.<pid>.tmp left behind."""
    data = tmp_path / "store"
    first = write_csv(tmp_path / "a.csv", [["P1", "nurse", "Hunan", GAP, "User risk", "A first quote."]])
    assert _themegraph(data, "load", str(first), "--codebook", "reference").returncode == 0
    saved = (data / "graph.json").read_bytes()
    big = write_csv(tmp_path / "b.csv", [[f"P{i}", "nurse", "Hunan", GAP, "User risk", f"Quote {i} " * 40]
                                         for i in range(400)])
    full = _themegraph(data, "load", str(big), file_size_limit=len(saved) + 4096)
    assert full.returncode == 1 and "Traceback" not in full.stderr, full.stderr
    assert full.stderr.count("\n") == 1 and "cannot write the embedded store" in full.stderr, full.stderr
    assert (data / "graph.json").read_bytes() == saved
    assert [p.name for p in data.iterdir() if p.name.endswith(".tmp")] == []
    for unwritable in (Path("/sys/themegraph-store"), first):  # a read-only file system; a file, not a folder
        refused = _themegraph(unwritable, "load", str(first))
        assert refused.returncode == 1 and refused.stderr.count("\n") == 1, refused.stderr
        assert "the embedded store in" in refused.stderr and "--data-dir" in refused.stderr


def test_a_save_killed_midway_leaves_a_temporary_file_that_the_next_open_removes(tmp_path: Path) -> None:
    from graph.stores.memory import MemoryStore

    data = tmp_path / "store"
    data.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left = data / f".graph.json.{dead.pid}.tmp"
    left.write_text('{"format": "themegraph-memory-store", "nodes": [{"id": "Quote|q", "text": "secret"}]')
    mine = data / f".graph.json.{os.getpid()}.tmp"  # a live writer's file is not touched
    mine.write_text("{}")
    MemoryStore(data)
    assert not left.exists() and mine.exists()
