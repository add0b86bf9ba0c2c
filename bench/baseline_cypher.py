"""Cypher of the two baselines ThemeGraph's Neo4j loader is measured against.

Not ThemeGraph code: these are what a user would write instead, so they live here and not
in graph/stores/neo4j/cypher.py. Both build ThemeGraph's graph model (DESIGN.md; the same labels,
relationship types, property names and uid formats as graph.stores.neo4j.cypher writes), under
the constraints Neo4jStore creates, so ThemeGraph's own read queries answer on either.

Two differences, both forced and both documented in BENCHMARKS.md:
- Cypher has no hash function without APOC, so LOAD CSV keys a quote by
  "study:expert:text" instead of ThemeGraph's sha256-based "q-..." uid. Quotes stay one per
  (expert, text), as in ThemeGraph; only the key string differs.
- Codes' slugs are `replace(toLower(name), ' ', '-')` and their keys `toLower(name)`, which
  equal graph.naming.slug and name_key for the generator's names (ASCII words and single
  spaces), and theme categories and codebook order
  come from the generator's codebook as parameters: a user knows their codebook.
"""

from __future__ import annotations

__all__ = [
    "NAIVE_SEGMENT", "LOAD_CSV_STUDY", "LOAD_CSV_EXPERTS", "LOAD_CSV_CODEBOOK", "LOAD_CSV_SEGMENTS", "GRAPH_SHAPE",
    "RELATIONSHIP_SHAPE", "WIPE_RELATIONSHIPS", "WIPE_NODES",
]

# ---- naive: one auto-commit-sized write transaction per CSV row, uids computed in Python ----

NAIVE_SEGMENT = """
MERGE (s:Study {uid: $study}) ON CREATE SET s.title = $study
MERGE (p:Profession {name: $profession}) SET p.label = $profession_label
MERGE (e:Expert {uid: $expert_uid})
SET e.study = $study, e.pseudonym = $expert, e.profession = $profession, e.`attr:province` = $province
MERGE (e)-[:IN_STUDY]->(s)
MERGE (e)-[:HAS_PROFESSION]->(p)
MERGE (src:Source {uid: $source_uid}) SET src.study = $study, src.name = $source_name
MERGE (t:Theme {uid: $theme_uid})
SET t.study = $study, t.name = $theme, t.key = $theme_key, t.category = $category, t.order = $theme_order
MERGE (t)-[:IN_STUDY]->(s)
MERGE (x:SubTheme {uid: $subtheme_uid})
SET x.study = $study, x.name = $subtheme, x.key = $subtheme_key, x.order = $subtheme_order
MERGE (x)-[:PART_OF]->(t)
MERGE (q:Quote {uid: $quote_uid})
ON CREATE SET q.study = $study, q.text = $text, q.redacted = false, q.selections = []
MERGE (e)-[:SAID]->(q)
MERGE (q)-[:FROM_SOURCE]->(src)
MERGE (q)-[:CODED_AS]->(x)
"""

# ---- LOAD CSV: the database reads the file itself, in passes that avoid Eager plans ----

LOAD_CSV_STUDY = "MERGE (s:Study {uid: $study}) ON CREATE SET s.title = $study"

LOAD_CSV_EXPERTS = """
LOAD CSV WITH HEADERS FROM $url AS row
WITH DISTINCT row.expert AS expert, trim(row.profession) AS profession, row.province AS province
MATCH (s:Study {uid: $study})
MERGE (p:Profession {name: toLower(profession)}) ON CREATE SET p.label = profession
MERGE (e:Expert {uid: $study + ':' + expert})
SET e.study = $study, e.pseudonym = expert, e.profession = p.name, e.`attr:province` = province
MERGE (e)-[:IN_STUDY]->(s)
MERGE (e)-[:HAS_PROFESSION]->(p)
MERGE (src:Source {uid: $study + ':source:interview-' + toLower(expert)})
SET src.study = $study, src.name = 'Interview ' + expert
"""

LOAD_CSV_CODEBOOK = """
LOAD CSV WITH HEADERS FROM $url AS row
WITH DISTINCT row.theme AS theme, row.subtheme AS subtheme
MATCH (s:Study {uid: $study})
MERGE (t:Theme {uid: $study + ':theme:' + replace(toLower(theme), ' ', '-')})
SET t.study = $study, t.name = theme, t.key = toLower(theme), t.category = coalesce($categories[theme], 'other'),
    t.order = $theme_order[theme]
MERGE (t)-[:IN_STUDY]->(s)
MERGE (x:SubTheme {uid: $study + ':subtheme:' + replace(toLower(theme), ' ', '-') + '.'
                        + replace(toLower(subtheme), ' ', '-')})
SET x.study = $study, x.name = subtheme, x.key = toLower(subtheme), x.order = $subtheme_order[subtheme]
MERGE (x)-[:PART_OF]->(t)
"""

LOAD_CSV_SEGMENTS = """
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (e:Expert {uid: $study + ':' + row.expert})
  MATCH (src:Source {uid: $study + ':source:interview-' + toLower(row.expert)})
  MATCH (x:SubTheme {uid: $study + ':subtheme:' + replace(toLower(row.theme), ' ', '-') + '.'
                          + replace(toLower(row.subtheme), ' ', '-')})
  MERGE (q:Quote {uid: $study + ':' + row.expert + ':' + row.text})
  ON CREATE SET q.study = $study, q.text = row.text, q.redacted = false, q.selections = []
  MERGE (e)-[:SAID]->(q)
  MERGE (q)-[:FROM_SOURCE]->(src)
  MERGE (q)-[:CODED_AS]->(x)
} IN TRANSACTIONS OF $batch ROWS
"""

# ---- the check that every loader built the same model --------------------------------------

GRAPH_SHAPE = """
MATCH (n)
UNWIND labels(n) AS label
UNWIND CASE WHEN size(keys(n)) = 0 THEN [null] ELSE keys(n) END AS key
WITH label, key, count(*) AS n
RETURN label, key, n ORDER BY label, key
"""

RELATIONSHIP_SHAPE = """
MATCH (a)-[r]->(b)
RETURN labels(a)[0] AS from, type(r) AS type, labels(b)[0] AS to, count(*) AS n ORDER BY from, type, to
"""

# ---- emptying the database between loaders ---------------------------------------------------
# Relationships first, in batches, then the nodes: DETACH DELETE of a batch of 10,000 nodes that
# holds a sub-theme with 200,000 CODED_AS relationships does not fit a 4 GB heap at 1M segments.

WIPE_RELATIONSHIPS = "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS"
WIPE_NODES = "MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS"
