"""Cypher of a new study's first load: `CREATE` where nothing can be there yet.

Only `graph.stores.neo4j.writes` imports this module. A study the database does not hold has
no experts, sources, codes or quotes (their uids carry the study's id), and a file names each
expert, source and code in one chunk only (loaders.segments), so they are created without the
lookup and lock a `MERGE` takes. A quote named again in a later chunk, and its codings, go
through the `MERGE` statements of `cypher.py` (the writer remembers which quotes it created).
Professions and concepts are shared by studies: always merged. The properties are set by the
same rules as the `MERGE` statements (`cypher.assignments`), which on a new node give what a
`MERGE` would have written, so both paths build the same graph.
"""

from __future__ import annotations

from graph.stores import write_rules as rules
from graph.stores.neo4j.cypher import assignments

__all__ = ["NEW_STUDY", "CREATE_EXPERTS", "CREATE_SOURCES", "CREATE_THEMES", "CREATE_SUBTHEMES",
           "create_parent_links", "CREATE_QUOTES", "create_codings", "CREATE_MENTIONS"]

# In a one-transaction write, after the study's key is taken (loads_cypher.GUARD_STUDY).
NEW_STUDY = "OPTIONAL MATCH (s:Study {uid: $study}) RETURN s IS NULL AS new"

CREATE_EXPERTS = f"""
MATCH (s:Study {{uid: $study}})
UNWIND $rows AS r
CREATE (e:Expert {{uid: r.uid}})
SET e += r.attrs,
    e._sort = r.sort,
    {assignments(rules.EXPERT, "e", key="uid")}
CREATE (e)-[:IN_STUDY]->(s)
WITH e, r WHERE r.profession IS NOT NULL
MATCH (p:Profession {{name: r.profession}})
CREATE (e)-[:HAS_PROFESSION]->(p)
"""

CREATE_SOURCES = f"""
UNWIND $rows AS r
CREATE (x:Source {{uid: r.uid}})
SET x._sort = r.sort,
    {assignments(rules.SOURCE, "x", key="uid")}
"""

CREATE_THEMES = f"""
MATCH (s:Study {{uid: $study}})
UNWIND $rows AS r
CREATE (t:Theme {{uid: r.uid}})
SET t.key = r.key,
    {assignments(rules.THEME, "t", key="uid")}
CREATE (t)-[:IN_STUDY]->(s)
"""

CREATE_SUBTHEMES = f"""
UNWIND $rows AS r
CREATE (x:SubTheme {{uid: r.uid}})
SET x.key = r.key,
    {assignments(rules.SUBTHEME, "x", key="uid")}
"""


def create_parent_links(parent_label: str) -> str:
    return f"""
UNWIND $rows AS r
MATCH (x:SubTheme {{uid: r.uid}})
MATCH (p:{parent_label} {{uid: r.parent}})
CREATE (x)-[:PART_OF]->(p)
"""


# Rows are groups of quotes by (expert, source): one lookup of each per group, not per quote.
CREATE_QUOTES = f"""
UNWIND $rows AS g
MATCH (e:Expert {{uid: g.expert}})
MATCH (src:Source {{uid: g.source}})
UNWIND g.quotes AS r
CREATE (q:Quote {{uid: r.uid}})
SET {assignments(rules.QUOTE, "q", key="uid")}
CREATE (e)-[:SAID]->(q)
CREATE (q)-[:FROM_SOURCE]->(src)
"""


def create_codings(code_label: str) -> str:
    """Codings of quotes created in this load, grouped by code: one code lookup per group."""
    return f"""
UNWIND $rows AS g
MATCH (c:{code_label} {{uid: g.code}})
UNWIND g.codings AS r
MATCH (q:Quote {{uid: r.quote}})
CREATE (q)-[k:CODED_AS]->(c)
SET {assignments(rules.CODING, "k")}
"""


CREATE_MENTIONS = """
UNWIND $rows AS r
MATCH (q:Quote {uid: r.quote})
MATCH (c:Concept {name: r.concept})
CREATE (q)-[:MENTIONS]->(c)
"""
