"""Cypher of the reads for research rigour: codings with positions and coders (graph.agreement),
and the memos on a node.

Only `graph.stores.neo4j.store` and `graph.stores.neo4j.reads` import this module.
"""

from __future__ import annotations

SPAN_SOURCES = """
MATCH (x:Source {study: $study})⟦WHERE x⟧
RETURN x.uid AS uid, x.name AS name, x.length AS length
ORDER BY uid
"""

SPAN_CODERS = """
MATCH (k:Coder {study: $study})⟦WHERE k⟧
RETURN k.name AS name
ORDER BY name
"""

SPANS = """
MATCH (q:Quote {study: $study})-[k:CODED_AS]->(c)⟦WHERE q, [k], c⟧
MATCH (q)-[:FROM_SOURCE]->(x:Source)
RETURN q.uid AS quote, x.uid AS source, q.start AS start, q.end AS end, c.uid AS code,
       coalesce(k.coders, []) AS coders
ORDER BY source, coalesce(start, -1), quote, code
"""

# The memos on an expert (a quote's come with QUOTE_ITEMS).
EXPERT_MEMOS = """
MATCH (:Expert {uid: $uid})<-[:ANNOTATES]-(m:Memo)⟦WHERE m⟧
RETURN m.uid AS uid, m.text AS text, m.author AS author, m.created AS created
"""

# Memos on the sources an expert's quotes come from.
EXPERT_SOURCE_MEMOS = """
MATCH (:Expert {uid: $uid})-[:SAID]->(q:Quote)-[:FROM_SOURCE]->(s:Source)⟦WHERE q, s⟧
WITH DISTINCT s
MATCH (s)<-[:ANNOTATES]-(m:Memo)⟦WHERE m⟧
RETURN s.name AS source, m.uid AS uid, m.text AS text, m.author AS author, m.created AS created
"""
