"""THEMEGRAPH_READ_TIMEOUT bounds the reads a person waits for, on a real Neo4j."""

from __future__ import annotations

import pytest

from graph.errors import StoreUnavailable
from tests.conftest import open_neo4j

pytestmark = pytest.mark.neo4j

SLOW = "UNWIND range(1, 2000000000) AS x RETURN count(x) AS n"  # minutes of work for the server


def test_a_read_past_the_read_timeout_is_stopped_with_a_hint(neo4j_uri: str) -> None:
    store = open_neo4j(neo4j_uri, read_timeout=0.5)
    try:
        with pytest.raises(StoreUnavailable, match="THEMEGRAPH_READ_TIMEOUT"):
            store._rows(SLOW)
        assert store._rows("RETURN 1 AS n") == [{"n": 1}]  # the store serves on
    finally:
        store.close()
