"""After a load into Neo4j, the store runs the study's first reads in the background
(graph.stores.neo4j.warm), so that the explorer's first pages find their statements planned: every
statement those pages make a fresh store run was run by the warming first. Neo4j's own query
statistics (db.stats) say which statements the server saw."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver, GraphDatabase

from api.app import create_app
from api.demo import DEMO_STUDY
from api.links import ExplorerLinks
from api.settings import Settings
from graph.stores.neo4j.warm import warm
from tests.conftest import neo4j_auth, open_neo4j
from tests.explorer.conftest import hrefs, load_demo

pytestmark = pytest.mark.neo4j

DEMO = ExplorerLinks(DEMO_STUDY)


@pytest.fixture
def driver(neo4j_uri: str) -> Iterator[Driver]:
    with GraphDatabase.driver(neo4j_uri, auth=neo4j_auth()) as d:
        yield d
        d.execute_query("CALL db.stats.stop('QUERIES')")


def _statements(driver: Driver) -> set[str]:
    """The statements the server ran since its query statistics were last cleared."""
    records, _, _ = driver.execute_query("CALL db.stats.retrieve('QUERIES') YIELD data RETURN data.query AS query")
    return {r["query"] for r in records if not r["query"].lstrip().startswith("CALL db.stats")}


def _restart_statistics(driver: Driver) -> None:
    driver.execute_query("CALL db.stats.stop('QUERIES')")
    driver.execute_query("CALL db.stats.clear('QUERIES')")
    driver.execute_query("CALL db.stats.collect('QUERIES', {durationSeconds: 600})")


def test_the_explorers_first_pages_after_a_load_run_only_statements_the_warming_ran(
        neo4j_uri: str, driver: Driver) -> None:
    _restart_statistics(driver)
    writer = open_neo4j(neo4j_uri, warm=True)
    writer.clear()
    try:
        load_demo(writer)
        warmed = writer.warmed(120)
        assert [w.study for w in warmed] == [DEMO_STUDY]
        assert not warmed[0].failed and {"themes", "matrix subtheme experts", "quotes profession subtheme theme",
                                         "quotes search", "expert", "neighbourhood code"} <= set(warmed[0].reads)
        planned = _statements(driver)
        asked = _first_pages_statements(neo4j_uri, driver)
    finally:
        writer.clear()
        writer.close()
    assert asked and not asked - planned, sorted(asked - planned)


def test_the_api_warms_every_stored_study_when_it_starts(neo4j_uri: str, driver: Driver) -> None:
    """As after Neo4j restarts: the data is there, no statement is planned. The API's store
    plans the first reads of every study it finds, in the background, when the API starts."""
    writer = open_neo4j(neo4j_uri)  # no warming of its own
    writer.clear()
    try:
        load_demo(writer)
        driver.execute_query("CALL db.clearQueryCaches()")
        _restart_statistics(driver)
        with TestClient(create_app(Settings(store="neo4j", neo4j_uri=neo4j_uri))) as client:
            warmed = client.app.state.store.warmed(120)
        assert [w.study for w in warmed] == [DEMO_STUDY] and not warmed[0].failed
        assert {"themes", "matrix subtheme experts", "quotes search", "expert"} <= set(warmed[0].reads)
        planned = _statements(driver)
        asked = _first_pages_statements(neo4j_uri, driver)
    finally:
        writer.clear()
        writer.close()
    assert asked and not asked - planned, sorted(asked - planned)


def _first_pages_statements(neo4j_uri: str, driver: Driver) -> set[str]:
    """The statements the explorer's first pages (study, matrix, three of its links, a code, an
    expert, the quote list) make a store run that has kept no answer: another process's."""
    _restart_statistics(driver)
    reader = open_neo4j(neo4j_uri)
    try:
        with TestClient(create_app(Settings(store="memory"), store=reader)) as client:
            study = client.get(DEMO.base).text
            matrix = client.get(DEMO.page("matrix")).text
            urls = [hrefs(study, DEMO.base + "/codes/")[0], hrefs(study, DEMO.base + "/experts/")[0],
                    *hrefs(matrix, re.escape(DEMO.page("quotes") + "?"))[:3], DEMO.page("quotes")]
            assert len(urls) == 6
            for url in urls:
                assert client.get(url).status_code == 200, url
    finally:
        reader.close()
    return _statements(driver)


def test_warming_a_study_that_is_gone_says_so_and_raises_nothing(neo4j_uri: str) -> None:
    store = open_neo4j(neo4j_uri)
    store.clear()
    try:
        gone = warm(store, "no-such-study")
        assert gone.reads == [] and gone.failed == ["the study: NotFound"]
        assert store.warmed() == []  # a store made without warming has nothing to wait for
    finally:
        store.close()
