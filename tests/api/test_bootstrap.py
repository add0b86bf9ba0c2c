"""Settings become a store with what they say (no server needed: the driver connects lazily)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from api.bootstrap import open_store
from api.settings import load_settings


def test_the_neo4j_load_settings_reach_the_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THEMEGRAPH_NEO4J_LOAD_LEASE", "7.5")
    monkeypatch.setenv("THEMEGRAPH_NEO4J_TX_QUOTES", "123")
    store = open_store(load_settings(neo4j_uri="bolt://127.0.0.1:1"))
    try:
        assert store.name == "neo4j"
        assert (store._loads.lease, store._writer.tx_quotes) == (7.5, 123)
    finally:
        store.close()


@pytest.mark.parametrize("lease", ["0", "0.5", "-3"])
def test_a_load_lease_under_a_second_is_refused(monkeypatch: pytest.MonkeyPatch, lease: str) -> None:
    monkeypatch.setenv("THEMEGRAPH_NEO4J_LOAD_LEASE", lease)
    with pytest.raises(ValidationError, match="neo4j_load_lease"):
        load_settings()
