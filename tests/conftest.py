"""Stores for the tests: every contract test runs on the embedded store and on a real Neo4j.

The Neo4j half runs whenever NEO4J_URI is set. Without it, it is skipped with a message
saying how to run it, unless THEMEGRAPH_REQUIRE_NEO4J=1 (as in CI), where that fails.
The tests wipe the Neo4j database they are given; they refuse one that holds data they
did not write.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from graph.store import GraphStore
from graph.stores.memory import MemoryStore
from graph.stores.neo4j import Neo4jStore

MARKER = "ThemeGraphTestScratch"
HOW_TO = ("start one with `scripts/neo4j-dev.sh start` and export the NEO4J_URI it prints "
          "(or run `bash .ci/run`)")
_skipped_neo4j: list[str] = []


def _require_neo4j() -> bool:
    return os.environ.get("THEMEGRAPH_REQUIRE_NEO4J") == "1"


def neo4j_auth() -> tuple[str, str] | None:
    user = os.environ.get("NEO4J_USERNAME")
    return (user, os.environ.get("NEO4J_PASSWORD", "")) if user else None


@pytest.fixture(scope="session")
def neo4j_uri() -> str:
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        if _require_neo4j():
            pytest.fail(f"THEMEGRAPH_REQUIRE_NEO4J=1 but NEO4J_URI is not set; {HOW_TO}")
        _skipped_neo4j.append("NEO4J_URI not set")
        pytest.skip(f"Neo4j half skipped: NEO4J_URI is not set; {HOW_TO}")
    with neo4j.GraphDatabase.driver(uri, auth=neo4j_auth()) as driver:
        try:
            driver.verify_connectivity()
        except Exception as exc:  # any failure to reach the server means the same here
            message = f"NEO4J_URI={uri} does not answer ({type(exc).__name__}: {exc}); {HOW_TO}"
            if _require_neo4j():
                pytest.fail(message)
            _skipped_neo4j.append(message)
            pytest.skip(f"Neo4j half skipped: {message}")
        records, _, _ = driver.execute_query(
            f"RETURN COUNT {{ MATCH (n) }} AS n, COUNT {{ MATCH (m:{MARKER}) }} AS marked",
            database_=os.environ.get("NEO4J_DATABASE"),
        )
        if records[0]["n"] and not records[0]["marked"]:
            pytest.fail(f"NEO4J_URI={uri} holds data these tests did not write, and they wipe the "
                        "database; point NEO4J_URI/NEO4J_DATABASE at a scratch database")
    return uri


def _mark_scratch(uri: str) -> None:
    with neo4j.GraphDatabase.driver(uri, auth=neo4j_auth()) as driver:
        driver.execute_query(f"MERGE (:{MARKER})", database_=os.environ.get("NEO4J_DATABASE"))


def open_neo4j(uri: str, **options) -> Neo4jStore:
    """A store on the test server, with its credentials and database; `options` go to Neo4jStore."""
    return Neo4jStore(uri, auth=neo4j_auth(), database=os.environ.get("NEO4J_DATABASE"), **options)


@pytest.fixture(params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store of each kind; the Neo4j one is wiped before and after."""
    if request.param == "memory":
        yield MemoryStore(tmp_path / "store")
        return
    uri = request.getfixturevalue("neo4j_uri")
    s = open_neo4j(uri)
    s.clear()
    try:
        yield s
    finally:
        s.clear()
        s.close()
        _mark_scratch(uri)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """Run the command line on an embedded store in tmp_path; return (status, stdout, stderr)."""
    from api.cli.main import main

    def run(*args: str) -> tuple[int, str, str]:
        status = main(["--store", "memory", "--data-dir", str(tmp_path / "data"), *args])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


def cli_on(store: GraphStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """The command line on `store` (either kind, as the `store` fixture opened it); each call
    returns (status, stdout, stderr)."""
    from api.cli.main import main

    chosen = ["--store", store.name] + (["--data-dir", str(tmp_path / "store")] if store.name == "memory" else [])

    def run(*args: str) -> tuple[int, str, str]:
        status = main([*chosen, *args])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


@pytest.fixture
def memory_store(tmp_path: Path) -> MemoryStore:
    return MemoryStore(tmp_path / "store")


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ARG001
    if _skipped_neo4j:
        terminalreporter.write_line(
            f"NOTE: the Neo4j half of the suite was SKIPPED ({_skipped_neo4j[0]}); {HOW_TO}.",
            yellow=True, bold=True,
        )


# One headless Chromium for the whole session: Playwright's sync API cannot start a second
# one while the first runs (views and briefs both need one).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium; skips (or fails under CI) when /usr/bin/chromium is missing."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (see .ci/apt-packages.txt) to run the browser tests"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()
