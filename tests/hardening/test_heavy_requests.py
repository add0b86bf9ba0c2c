"""Unbounded work without a key (issue #16, item 5): suggestions and briefs are bounded, kept per
graph version, computed a few at a time, and a served process stops on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.errors import TooMuchWork
from graph.stores.memory import MemoryStore
from loaders.enrich.suggest import Suggester, study_suggester, training_set
from loaders.pipeline import LoadOptions, load_paths
from tests.enrich.generated import HEADER, generated_rows
from tests.factories import SAMPLE, STUDY, write_csv

GEN = "gen"


@pytest.fixture
def generated(tmp_path: Path) -> MemoryStore:
    store = MemoryStore(tmp_path / "data")
    load_paths(store, [write_csv(tmp_path / "g.csv", generated_rows(120), HEADER)],
               LoadOptions(study=GEN, codebook="reference"))
    return store


def test_a_large_study_is_learnt_from_a_seeded_sample(generated: MemoryStore) -> None:
    sample = training_set(generated, GEN, most=40)
    assert len(sample.texts) == 40 and sample.coded == 120
    assert training_set(generated, GEN, most=40) == sample  # the same quotes every time
    assert training_set(generated, GEN, most=40, seed=1).texts != sample.texts
    e = Suggester(sample).evaluation()
    assert (e.quotes, e.coded_quotes) == (40, 120)


def test_training_past_its_budget_is_refused(generated: MemoryStore) -> None:
    with pytest.raises(TooMuchWork, match="took longer than the time allowed"):
        Suggester(training_set(generated, GEN), budget=0.001)
    with TestClient(create_app(Settings(store="memory", suggest_seconds=0.001), store=generated)) as client:
        answer = client.post("/v1/suggest", json={"study": GEN, "texts": ["wrong answers"]})
    assert answer.status_code == 422 and "THEMEGRAPH_SUGGEST_SECONDS" in answer.json()["detail"]


def test_a_suggester_is_kept_until_the_graph_changes(generated: MemoryStore, tmp_path: Path) -> None:
    first = study_suggester(generated, GEN)
    assert study_suggester(generated, GEN) is first
    load_paths(generated, [write_csv(tmp_path / "more.csv", generated_rows(130)[120:], HEADER)],
               LoadOptions(study=GEN))
    assert study_suggester(generated, GEN) is not first


def test_briefs_are_kept_per_graph_version_and_heavy_requests_wait_their_turn(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "data")
    load_paths(store, [SAMPLE], LoadOptions(study=STUDY, codebook="reference"))
    app = create_app(Settings(store="memory", heavy_requests=1), store=store)
    with TestClient(app) as client:
        first = client.get("/v1/briefs", params={"format": "json"})
        assert first.status_code == 200
        kept = app.state.heavy.kept(("brief", store.version(), None, None), "brief", lambda: None)
        assert kept is not None and kept.study == STUDY  # computed once, kept under the graph's version
        held = threading.Event()
        release = threading.Event()

        def hold_the_only_slot() -> None:
            with app.state.heavy.slot("test"):
                held.set()
                release.wait(30)

        holder = threading.Thread(target=hold_the_only_slot)
        holder.start()
        held.wait(10)
        try:
            busy = client.get("/v1/briefs", params={"format": "md", "category": "gap"})  # not kept yet: needs a slot
            assert busy.status_code == 503 and busy.headers["retry-after"] == "5"
            assert "THEMEGRAPH_HEAVY_REQUESTS" in busy.json()["detail"]
            assert client.get("/v1/briefs", params={"format": "md"}).status_code == 200  # kept: no slot needed
        finally:
            release.set()
            holder.join()
        assert client.get("/v1/briefs", params={"format": "md", "category": "gap"}).status_code == 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_served_process_stops_on_sigterm_while_a_suggester_trains(tmp_path: Path) -> None:
    """Reproduced: a 400 s training held a global lock, and SIGTERM did not stop the server."""
    from api.cli.serving import GRACE

    rows = generated_rows(1200)
    data = tmp_path / "store"
    load_paths(MemoryStore(data), [write_csv(tmp_path / "big.csv", rows, HEADER)],
               LoadOptions(study=GEN, codebook="reference"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "THEMEGRAPH_"))}
    port = _free_port()
    exe = str(Path(sys.executable).parent / "themegraph")
    server = subprocess.Popen([exe, "--store", "memory", "--data-dir", str(data), "serve", "--port", str(port)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        training = threading.Thread(target=lambda: httpx.post(
            f"{base}/v1/suggest", json={"study": GEN, "texts": ["wrong answers"]}, timeout=300), daemon=True)
        training.start()
        time.sleep(2)
        assert httpx.get(f"{base}/health", timeout=5).json()["status"] == "ok"  # answered while it trains
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=GRACE + 20)  # a TimeoutExpired here is the old bug
    finally:
        if server.poll() is None:
            server.kill()
        log = server.communicate()[0]
    assert "Finished server process" in log, log
