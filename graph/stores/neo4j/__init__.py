"""The Neo4j store: `Neo4jStore` (store.py), its connection to the server (connection.py), its
writes (writes.py; staged loads and batched deletes in loads.py), its reads (reads.py), what a
read may see while a load runs (visibility.py), and all of its Cypher (cypher.py,
reads_cypher.py, loads_cypher.py). Nothing outside this package runs Cypher."""

from graph.stores.neo4j.store import Neo4jStore

__all__ = ["Neo4jStore"]
