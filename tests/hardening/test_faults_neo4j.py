"""Faults on a real Neo4j, with real processes: these tests start their own Neo4j (its own home
and port, through scripts/neo4j-dev.sh) and SIGKILL its Java process.

(a) Killed in the middle of a large `themegraph load`: the loader exits 1 with one clear line;
    after a restart on the same home the graph is exactly what it was before the load, and the
    same load run again gives the graph a clean load gives (same checksum).
(b) Killed under a running `themegraph serve`: /health stays 200, /ready and reads answer 503
    problem+json within seconds, and the same process serves again once Neo4j is back.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import neo4j
import pytest

from graph.checksum import store_checksum
from graph.stores.memory import MemoryStore
from graph.stores.neo4j import Neo4jStore
from loaders.pipeline import LoadOptions, load_paths
from tests.factories import SAMPLE, STUDY, small_rows, write_csv
from tests.hardening.test_concurrency import interview_file

pytestmark = pytest.mark.neo4j

REPO = Path(__file__).resolve().parents[2]
PORT = 7790
QUICK = 3.0  # seconds: the most a request may take to say 503 while Neo4j is down
THEMEGRAPH = str(Path(sys.executable).parent / "themegraph")


class OwnNeo4j:
    """A Neo4j of the test's own, started and killed through scripts/neo4j-dev.sh."""

    def __init__(self, home: Path, port: int) -> None:
        self.home = home
        self.env = {**os.environ, "NEO4J_DEV_HOME": str(home), "NEO4J_DEV_PORT": str(port)}
        self.uri = ""
        self.kills = 0
        self.starts: list[float] = []

    def _script(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", str(REPO / "scripts" / "neo4j-dev.sh"), *args], env=self.env,
                              capture_output=True, text=True, timeout=300)

    def start(self) -> str:
        t = time.monotonic()
        done = self._script("start")
        assert done.returncode == 0, done.stderr + done.stdout
        self.uri = done.stdout.strip().splitlines()[-1].removeprefix("NEO4J_URI=")
        self.starts.append(time.monotonic() - t)
        return self.uri

    def pid(self) -> int:
        return int((self.home / "neo4j-dev.pid").read_text())

    def kill(self) -> None:
        """SIGKILL the Java process (no shutdown hook runs) and wait until it is gone."""
        pid = self.pid()
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            try:  # the script started it in the background: reap it if it is our child
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
            time.sleep(0.05)
        self.kills += 1

    def stop(self) -> None:
        self._script("stop")

    def store(self) -> Neo4jStore:
        return Neo4jStore(self.uri)


@pytest.fixture(scope="module")
def own_neo4j(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OwnNeo4j]:
    request.getfixturevalue("neo4j_uri")  # runs (or is skipped) exactly when the Neo4j half does
    server = OwnNeo4j(tmp_path_factory.mktemp("neo4j-faults"), PORT)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _cli_env(uri: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "THEMEGRAPH_"))}
    return {**env, "NEO4J_URI": uri}


def _wait_for_write(uri: str, loader: subprocess.Popen, timeout: float = 120) -> float:
    """Poll Neo4j until the loader's write transaction is running; return when it was seen."""
    deadline = time.monotonic() + timeout
    with neo4j.GraphDatabase.driver(uri, connection_timeout=2) as driver:
        while time.monotonic() < deadline:
            assert loader.poll() is None, f"the load ended before it was killed: {loader.communicate()}"
            records, _, _ = driver.execute_query(  # the loader's MERGEs, not this query itself
                "SHOW TRANSACTIONS YIELD currentQuery "
                "WHERE currentQuery CONTAINS 'MERGE (' AND NOT currentQuery CONTAINS 'SHOW TRANSACTIONS' "
                "RETURN count(*) AS n")
            if records[0]["n"]:
                return time.monotonic()
            time.sleep(0.02)
    raise AssertionError("the load never started writing")


def test_neo4j_killed_mid_load_loses_nothing_and_the_rerun_matches_a_clean_load(
        own_neo4j: OwnNeo4j, tmp_path: Path) -> None:
    big = interview_file(tmp_path, 0, experts=2000, quotes_each=10, tag="BIG")
    before_file = write_csv(tmp_path / "before.csv", small_rows())
    store = own_neo4j.store()
    try:
        store.clear()
        load_paths(store, [before_file], LoadOptions(study="before"))
        before = store_checksum(store)
    finally:
        store.close()

    command = [THEMEGRAPH, "load", str(big), "--study", "big", "--codebook", "reference"]
    loader = subprocess.Popen(command, env=_cli_env(own_neo4j.uri), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    writing = _wait_for_write(own_neo4j.uri, loader)
    own_neo4j.kill()
    killed = time.monotonic()
    out, err = loader.communicate(timeout=120)
    exited = time.monotonic()
    lines = err.strip().splitlines()
    assert loader.returncode == 1, (out, err)
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith("themegraph: Neo4j at ") and "does not answer" in lines[0], lines[0]

    own_neo4j.start()  # same home: Neo4j recovers from its transaction log
    store = own_neo4j.store()
    try:
        assert store_checksum(store) == before  # nothing half-written, nothing lost
        assert {s.uid for s in store.studies()} == {"before"}
        rerun = subprocess.run(command, env=_cli_env(own_neo4j.uri), capture_output=True, text=True, timeout=300)
        assert rerun.returncode == 0, rerun.stderr
        after_rerun = store_checksum(store)
    finally:
        store.close()
    clean = MemoryStore(tmp_path / "clean")  # the checksum is the same on both stores for the same graph
    load_paths(clean, [before_file], LoadOptions(study="before"))
    load_paths(clean, [big], LoadOptions(study="big", codebook="reference"))
    assert after_rerun == store_checksum(clean)
    print(f"\nkilled {killed - writing:.2f} s into the write; loader exited 1 after {exited - killed:.1f} s: "
          f"{lines[0]!r}; restart took {own_neo4j.starts[-1]:.1f} s; rerun checksum {after_rerun}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _timed_get(client: httpx.Client, path: str) -> tuple[httpx.Response, float]:
    t = time.monotonic()
    response = client.get(path)
    return response, time.monotonic() - t


def _wait_until(predicate, timeout: float) -> float:
    t = time.monotonic()
    while time.monotonic() - t < timeout:
        if predicate():
            return time.monotonic() - t
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout} s")


READS = ["/v1/studies", f"/v1/themes?study={STUDY}", "/v1/matrix?category=gap",
         "/v1/quotes?category=gap&limit=5", f"/v1/experts/{STUDY}:P07", "/v1/cooccurrence"]


def test_neo4j_down_while_serving_answers_503_quickly_and_recovers_by_itself(own_neo4j: OwnNeo4j) -> None:
    store = own_neo4j.store()
    try:
        store.clear()
        load_paths(store, [SAMPLE], LoadOptions(study=STUDY, codebook="reference"))
    finally:
        store.close()
    port = _free_port()
    server = subprocess.Popen([THEMEGRAPH, "serve", "--port", str(port)], env=_cli_env(own_neo4j.uri),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            def up() -> bool:
                try:
                    return client.get("/ready").status_code == 200
                except httpx.TransportError:
                    return False

            _wait_until(up, 60)
            healthy = {path: client.get(path).json() for path in READS}

            own_neo4j.kill()
            assert client.get("/health").status_code == 200
            slowest = 0.0
            for path in ["/ready", *READS]:
                response, took = _timed_get(client, path)
                slowest = max(slowest, took)
                assert response.status_code == 503, (path, response.text)
                assert response.headers["content-type"] == "application/problem+json"
                assert response.headers["retry-after"]
                problem = response.json()
                assert problem["status"] == 503 and "Neo4j" in problem["detail"], problem
                assert took < QUICK, (path, took)
            assert client.get("/health").status_code == 200

            own_neo4j.start()
            recovered = _wait_until(lambda: client.get("/ready").status_code == 200, 30)
            for path in READS:  # the same process serves the same answers again
                response = client.get(path)
                assert response.status_code == 200, (path, response.text)
                assert response.json() == healthy[path]
        assert server.poll() is None  # never restarted
        print(f"\nNeo4j down: /health 200, /ready and {len(READS)} reads 503 problem+json, slowest {slowest:.2f} s; "
              f"ready again {recovered:.1f} s after Neo4j came back (restart took {own_neo4j.starts[-1]:.1f} s)")
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=30)
