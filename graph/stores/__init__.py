"""The two GraphStore implementations, each in its own package, and what they share.

    memory/         MemoryStore: a networkx MultiDiGraph saved as one JSON file (the default)
    neo4j/          Neo4jStore: the official driver; Cypher lives only in this package
    write_rules.py  what a write does to a record the graph already holds, once for both stores
    planned.py      a load's records measured against the store: created, updated, unchanged

`graph.store.GraphStore` is the protocol both implement; `api.bootstrap` picks one.
"""
