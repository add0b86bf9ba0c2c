"""The one place where settings become a store."""

from __future__ import annotations

from api.settings import Settings
from graph.store import GraphStore
from graph.stores.memory import MemoryStore

__all__ = ["open_store"]


def open_store(settings: Settings, serving: bool = False) -> GraphStore:
    """The store the settings name: Neo4j when NEO4J_URI is set (or --store neo4j), else embedded.
    `serving`: for the API, whose Neo4j store warms every stored study's first reads at start."""
    if settings.store_kind == "neo4j":
        from graph.stores.neo4j import Neo4jStore

        auth = None
        if settings.neo4j_username and settings.neo4j_password is not None:
            auth = (settings.neo4j_username, settings.neo4j_password.get_secret_value())
        assert settings.neo4j_uri is not None  # Settings refuses the neo4j store without it
        store = Neo4jStore(settings.neo4j_uri, auth=auth, database=settings.neo4j_database,
                           read_timeout=settings.read_timeout, tx_quotes=settings.neo4j_tx_quotes,
                           stale_load_after=settings.neo4j_load_lease, warm=settings.neo4j_warm)
        if serving:
            store.warm_stored()
        return store
    return MemoryStore(settings.data_dir)
