"""Every Cypher statement ThemeGraph runs, as named constants and small builders.

Only `graph.stores.neo4j.store` imports this module. Expert attributes are stored as properties
named "attr:<name>", so any attribute can become matrix rows through `e['attr:' + $rows]`.
"""

from __future__ import annotations

from graph.model import NODE_LABELS
from graph.stores import write_rules as rules
from graph.stores.write_rules import Kind

SCHEMA = [
    "CREATE CONSTRAINT study_uid IF NOT EXISTS FOR (n:Study) REQUIRE n.uid IS UNIQUE",
    "CREATE CONSTRAINT expert_uid IF NOT EXISTS FOR (n:Expert) REQUIRE n.uid IS UNIQUE",
    "CREATE CONSTRAINT profession_name IF NOT EXISTS FOR (n:Profession) REQUIRE n.name IS UNIQUE",
    "CREATE CONSTRAINT source_uid IF NOT EXISTS FOR (n:Source) REQUIRE n.uid IS UNIQUE",
    "CREATE CONSTRAINT quote_uid IF NOT EXISTS FOR (n:Quote) REQUIRE n.uid IS UNIQUE",
    "CREATE CONSTRAINT theme_uid IF NOT EXISTS FOR (n:Theme) REQUIRE n.uid IS UNIQUE",
    "CREATE CONSTRAINT subtheme_uid IF NOT EXISTS FOR (n:SubTheme) REQUIRE n.uid IS UNIQUE",
    "CREATE CONSTRAINT concept_name IF NOT EXISTS FOR (n:Concept) REQUIRE n.name IS UNIQUE",
    "CREATE CONSTRAINT coder_uid IF NOT EXISTS FOR (n:Coder) REQUIRE n.uid IS UNIQUE",
    "CREATE CONSTRAINT memo_uid IF NOT EXISTS FOR (n:Memo) REQUIRE n.uid IS UNIQUE",
    "CREATE CONSTRAINT summary_study IF NOT EXISTS FOR (n:Summary) REQUIRE n.study IS UNIQUE",
    "CREATE INDEX expert_study IF NOT EXISTS FOR (n:Expert) ON (n.study)",
    "CREATE INDEX expert_profession IF NOT EXISTS FOR (n:Expert) ON (n.profession)",
    "CREATE INDEX expert_pseudonym IF NOT EXISTS FOR (n:Expert) ON (n.pseudonym)",
    "CREATE INDEX source_study IF NOT EXISTS FOR (n:Source) ON (n.study)",
    "CREATE INDEX quote_study IF NOT EXISTS FOR (n:Quote) ON (n.study)",
    "CREATE INDEX theme_study IF NOT EXISTS FOR (n:Theme) ON (n.study)",
    "CREATE INDEX subtheme_study IF NOT EXISTS FOR (n:SubTheme) ON (n.study)",
    "CREATE INDEX theme_key IF NOT EXISTS FOR (n:Theme) ON (n.key)",
    "CREATE INDEX subtheme_key IF NOT EXISTS FOR (n:SubTheme) ON (n.key)",
    "CREATE FULLTEXT INDEX quote_text IF NOT EXISTS FOR (n:Quote) ON EACH [n.text]",
]

PING = "RETURN 1 AS ok"

# Every write transaction gives the graph a new random token; a read whose token matches the
# one an answer was computed under can reuse the answer (Neo4jStore._answer). Random, not a
# counter: a counter restarts after a reset and could meet an old answer's number again.
GENERATION = "OPTIONAL MATCH (g:Generation {graph: 'themegraph'}) RETURN g.token AS token"
NEW_GENERATION = "MERGE (g:Generation {graph: 'themegraph'}) SET g.token = randomUUID()"

# Experts and sources stored before `_sort` was written get it when a store first opens the graph;
# the (:Generation) node then says so, and later stores skip the scan.
SORT_KEYS_DONE = "OPTIONAL MATCH (g:Generation {graph: 'themegraph'}) RETURN g.sort_keys IS NOT NULL AS done"
MARK_SORT_KEYS_DONE = "MERGE (g:Generation {graph: 'themegraph'}) SET g.sort_keys = true"
MISSING_SORT_KEYS = "MATCH (n:{label}) WHERE n._sort IS NULL AND n.uid IS NOT NULL RETURN n.uid AS uid, n.{name} AS name LIMIT $batch"
SET_SORT_KEYS = "UNWIND $rows AS r MATCH (n:{label} {{uid: r.uid}}) SET n._sort = r.sort"
SORTED_LABELS = {"Expert": "pseudonym", "Source": "name"}

# ---- writes: one file is one transaction of these, each fed rows in chunks -----------------
# (or, for a large file, one transaction per chunk: see "staged loads" below). `$load` is null,
# or a staged load's id, which marks what the load creates so that a failed one can be undone.

def assignments(kind: Kind, var: str, source: str = "r.", key: str | None = None) -> str:
    """The SET items that write every property of `kind` by its rule (graph.stores.write_rules),
    reading each from `source` ('r.' for a row, '$' for a parameter); `key`, the property the
    statement merges on, is left out."""
    items = []
    for prop in kind.properties:
        if prop == key:
            continue
        stored, written = f"{var}.{prop}", f"{source}{prop}"
        value = {
            "replace": written,
            "keep": f"coalesce({written}, {stored})",
            "union": f"coalesce({stored}, []) + [x IN {written} WHERE NOT x IN coalesce({stored}, [])]",
            "union_or_none": f"CASE WHEN {stored} IS NULL AND size({written}) = 0 THEN null ELSE coalesce({stored}, [])"
                             f" + [x IN {written} WHERE NOT x IN coalesce({stored}, [])] END",
        }[kind.rule(prop)]
        items.append(f"{stored} = {value}")
    return ",\n    ".join(items)


MERGE_STUDY = f"""
MERGE (s:Study {{uid: $uid}})
ON CREATE SET s._load = $load
SET {assignments(rules.STUDY, "s", "$", key="uid")}
"""

MERGE_PROFESSIONS = f"""
UNWIND $rows AS r
MERGE (p:Profession {{name: r.name}})
ON CREATE SET p._load = $load
SET {assignments(rules.PROFESSION, "p", key="name")}
"""

# Attributes come as a map of 'attr:<name>' properties: `+=` sets those and leaves the others.
# `_sort`, the natural key of an expert's pseudonym or a source's name (graph.naming.natural_key),
# is this store's own: quote pages sort by it without building it in Cypher.
# The profession is kept when none is written, and only a written one replaces HAS_PROFESSION.
MERGE_EXPERTS = f"""
UNWIND $rows AS r
MATCH (s:Study {{uid: r.study}})
MERGE (e:Expert {{uid: r.uid}})
ON CREATE SET e._load = $load
SET e += r.attrs,
    e._sort = r.sort,
    {assignments(rules.EXPERT, "e", key="uid")}
MERGE (e)-[:IN_STUDY]->(s)
WITH e, r WHERE r.profession IS NOT NULL
FOREACH (old IN [(e)-[x:HAS_PROFESSION]->() | x] | DELETE old)
WITH e, r
MATCH (p:Profession {{name: r.profession}})
MERGE (e)-[:HAS_PROFESSION]->(p)
"""

MERGE_SOURCES = f"""
UNWIND $rows AS r
MERGE (x:Source {{uid: r.uid}})
ON CREATE SET x._load = $load
SET x._sort = r.sort,
    {assignments(rules.SOURCE, "x", key="uid")}
"""

# `key`, a code's name key, is this store's own lookup property (matrix and quote filters).
MERGE_THEMES = f"""
UNWIND $rows AS r
MATCH (s:Study {{uid: r.study}})
MERGE (t:Theme {{uid: r.uid}})
ON CREATE SET t._load = $load
SET t.key = r.key,
    {assignments(rules.THEME, "t", key="uid")}
MERGE (t)-[:IN_STUDY]->(s)
"""

MERGE_SUBTHEMES = f"""
UNWIND $rows AS r
MERGE (x:SubTheme {{uid: r.uid}})
ON CREATE SET x._load = $load
SET x.key = r.key,
    {assignments(rules.SUBTHEME, "x", key="uid")}
"""


def link_parents(parent_label: str) -> str:
    return f"""
UNWIND $rows AS r
MATCH (x:SubTheme {{uid: r.uid}})
MATCH (p:{parent_label} {{uid: r.parent}})
MERGE (x)-[:PART_OF]->(p)
"""


MERGE_QUOTES = f"""
UNWIND $rows AS r
MATCH (e:Expert {{uid: r.expert}})
MATCH (src:Source {{uid: r.source}})
MERGE (q:Quote {{uid: r.uid}})
ON CREATE SET q._load = $load
SET {assignments(rules.QUOTE, "q", key="uid")}
MERGE (e)-[:SAID]->(q)
MERGE (q)-[:FROM_SOURCE]->(src)
"""


def merge_codings(code_label: str) -> str:
    return f"""
UNWIND $rows AS r
MATCH (q:Quote {{uid: r.quote}})
MATCH (c:{code_label} {{uid: r.code}})
MERGE (q)-[k:CODED_AS]->(c)
ON CREATE SET k._load = $load
SET {assignments(rules.CODING, "k")}
"""


MERGE_CONCEPTS = f"""
UNWIND $rows AS r
MERGE (c:Concept {{name: r.name}})
ON CREATE SET c._load = $load
SET {assignments(rules.CONCEPT, "c", key="name")}
"""

MERGE_CODERS = f"""
UNWIND $rows AS r
MATCH (s:Study {{uid: r.study}})
MERGE (k:Coder {{uid: r.uid}})
ON CREATE SET k._load = $load
SET {assignments(rules.CODER, "k", key="uid")}
MERGE (k)-[:IN_STUDY]->(s)
"""

def merge_memos(target_label: str) -> str:
    return f"""
UNWIND $rows AS r
MATCH (t:{target_label} {{uid: r.target}})
MERGE (m:Memo {{uid: r.uid}})
ON CREATE SET m._load = $load
SET {assignments(rules.MEMO, "m", key="uid")}
MERGE (m)-[:ANNOTATES]->(t)
"""


MERGE_MENTIONS = """
UNWIND $rows AS r
MATCH (q:Quote {uid: r.quote})
MATCH (c:Concept {name: r.concept})
MERGE (q)-[m:MENTIONS]->(c)
ON CREATE SET m._load = $load
"""

STUDY_EXISTS = "MATCH (s:Study {uid: $study})⟦WHERE s⟧ RETURN count(s) AS n"

# Relationships first: DETACH DELETE of a node with 200k relationships would hold them all in
# one batch's transaction state (seen at 1M segments with a 4 GiB heap).
CLEAR = [
    "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS",
    "MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS",
]

# ---- reads -----------------------------------------------------------------------------

CODEBOOK_THEMES = """
MATCH (t:Theme {study: $study})⟦WHERE t⟧
RETURN t.uid AS uid, t.name AS name, t.category AS category, t.order AS order,
       t.description AS description
ORDER BY order, name
"""

CODEBOOK_SUBTHEMES = """
MATCH (x:SubTheme {study: $study})-[:PART_OF]->(p)⟦WHERE x, p⟧
RETURN x.uid AS uid, x.name AS name, p.uid AS parent, x.order AS order,
       x.description AS description
ORDER BY parent, order, name
"""

STUDIES = """
MATCH (s:Study)⟦WHERE s⟧
RETURN s.uid AS uid, s.title AS title, s.year AS year, s.country AS country, s.method AS method,
       s.notice AS notice,
       COUNT { MATCH (e:Expert {study: s.uid})⟦WHERE e⟧ } AS experts,
       COUNT { MATCH (q:Quote {study: s.uid})⟦WHERE q⟧ } AS quotes,
       COUNT { MATCH (t:Theme {study: s.uid})⟦WHERE t⟧ } AS themes,
       COUNT { MATCH (x:SubTheme {study: s.uid})⟦WHERE x⟧ } AS subthemes
ORDER BY uid
"""

CODE_COUNTS = """
MATCH (c:Theme|SubTheme) WHERE ($study IS NULL OR c.study = $study)⟦AND c⟧
OPTIONAL MATCH (e:Expert)-[:SAID]->(q:Quote)-[k:CODED_AS]->()-[:PART_OF*0..]->(c)⟦WHERE e, q, [k]⟧
WITH c, count(DISTINCT e) AS experts, count(DISTINCT q) AS quotes
MATCH (c)-[:PART_OF*0..]->(root:Theme)
OPTIONAL MATCH (c)-[:PART_OF]->(parent)
RETURN c.uid AS uid, c.study AS study, CASE WHEN c:Theme THEN 'theme' ELSE 'subtheme' END AS kind,
       c.name AS name, root.category AS category, parent.uid AS parent, c.order AS order,
       experts, quotes
"""

# Of one study ($study), or of the whole store (null).
STATS = """
RETURN COUNT { MATCH (s:Study) WHERE ($study IS NULL OR s.uid = $study)⟦AND s⟧ } AS studies,
       COUNT { MATCH (e:Expert) WHERE ($study IS NULL OR e.study = $study)⟦AND e⟧ } AS experts,
       COUNT { MATCH (x:Source) WHERE ($study IS NULL OR x.study = $study)⟦AND x⟧ } AS sources,
       COUNT { MATCH (q:Quote) WHERE ($study IS NULL OR q.study = $study)⟦AND q⟧ } AS quotes,
       COUNT { MATCH (t:Theme) WHERE ($study IS NULL OR t.study = $study)⟦AND t⟧ } AS themes,
       COUNT { MATCH (x:SubTheme) WHERE ($study IS NULL OR x.study = $study)⟦AND x⟧ } AS subthemes,
       COUNT { MATCH (q:Quote)-[k:CODED_AS]->() WHERE ($study IS NULL OR q.study = $study)⟦AND q, [k]⟧ } AS codings,
       CASE WHEN $study IS NULL THEN COUNT { MATCH (c:Concept)⟦WHERE c⟧ }
            ELSE COUNT { MATCH (q:Quote {study: $study})-[:MENTIONS]->(c:Concept)⟦WHERE q, c⟧ RETURN DISTINCT c }
       END AS concepts
"""

# ---- matrix: rows are a profession, an expert, a study or an attribute value; columns a code level

def _row_value(rows: str) -> str:
    """An expert's value for the matrix's rows (`rows`: Cypher naming 'profession', 'expert', 'study' or an attribute)."""
    return (f"CASE {rows} WHEN 'profession' THEN e.profession WHEN 'expert' THEN e.uid WHEN 'study' THEN e.study "
            f"ELSE e['attr:' + {rows}] END")


_ROW_VALUE = _row_value("$rows")

# $studies: the studies in scope (a list), or null for every study.
MATRIX_ATTRIBUTES = """
MATCH (e:Expert) WHERE ($studies IS NULL OR e.study IN $studies)⟦AND e⟧
UNWIND keys(e) AS k
WITH k WHERE k STARTS WITH 'attr:'
RETURN DISTINCT substring(k, 5) AS name
"""

# The same for one study, with how many values each attribute has (graph.stores.neo4j.summaries).
ATTRIBUTE_VALUES = """
MATCH (e:Expert {study: $study})
UNWIND keys(e) AS k
WITH k, e[k] AS value WHERE k STARTS WITH 'attr:'
RETURN substring(k, 5) AS name, count(DISTINCT value) AS n
"""

# An expert's `profession` is the name of the Profession it has: the label is looked up once
# per row value, not by expanding every expert (most are dense nodes: one hit per relationship).
MATRIX_POPULATION = f"""
MATCH (e:Expert) WHERE ($studies IS NULL OR e.study IN $studies)⟦AND e⟧
WITH {_ROW_VALUE} AS raw, CASE WHEN $rows = 'expert' THEN e.pseudonym END AS pseudonym, count(*) AS n
OPTIONAL MATCH (p:Profession {{name: raw}}) WHERE $rows = 'profession'⟦AND p⟧
RETURN raw, CASE $rows WHEN 'profession' THEN p.label WHEN 'expert' THEN pseudonym ELSE raw END AS label, n
"""

_THEMES_IN_SCOPE = """
MATCH (t:Theme)
WHERE ($studies IS NULL OR t.study IN $studies) AND ($category IS NULL OR t.category = $category)
  AND ($theme IS NULL OR t.key = $theme OR t.uid = $theme)⟦AND t⟧
"""

# The sub-theme level (graph.levels): under each theme the codes one level below it, or the
# theme itself when it has none.
MATRIX_SUBTHEME_COLUMNS = _THEMES_IN_SCOPE + """
OPTIONAL MATCH (x:SubTheme)-[:PART_OF]->(t)⟦WHERE x⟧
WITH t, collect(x) AS below
UNWIND CASE WHEN size(below) = 0 THEN [t] ELSE below END AS c
RETURN c.uid AS uid, c.name AS name, CASE WHEN c:Theme THEN null ELSE t.name END AS theme,
       t.category AS category, t.order AS theme_order, c.order AS order
"""

MATRIX_THEME_COLUMNS = _THEMES_IN_SCOPE + """
RETURN t.uid AS uid, t.name AS name, null AS theme, t.category AS category,
       t.order AS theme_order, t.order AS order
"""

# Codes in scope below the sub-theme level, which count in the sub-theme above them.
CODES_BELOW_SUBTHEMES = """
MATCH (x:SubTheme)-[:PART_OF]->(:SubTheme)
WHERE ($studies IS NULL OR x.study IN $studies)⟦AND x⟧
MATCH (x)-[:PART_OF*]->(t:Theme)
WHERE ($category IS NULL OR t.category = $category) AND ($theme IS NULL OR t.key = $theme OR t.uid = $theme)
RETURN count(DISTINCT x) AS n
"""

# Quotes coded to a theme (in scope) that has sub-themes, and to no code below it: at the
# sub-theme level they are in no column (graph.levels).
THEME_ONLY_QUOTES = """
MATCH (t:Theme)<-[k:CODED_AS]-(q:Quote)
WHERE ($studies IS NULL OR t.study IN $studies)⟦AND t, q, [k]⟧
  AND ($category IS NULL OR t.category = $category) AND ($theme IS NULL OR t.key = $theme OR t.uid = $theme)
  AND EXISTS { MATCH (s:SubTheme)-[:PART_OF]->(t)⟦WHERE s⟧ }
  AND NOT EXISTS { MATCH (q)-[j:CODED_AS]->(:SubTheme)-[:PART_OF*]->(t)⟦WHERE [j]⟧ }
RETURN count(DISTINCT q) AS n
"""

# Whether `col` is one of a level's codes (graph.levels), for reads that start from codings.
COLUMN_AT_LEVEL = {
    "subtheme": "((col:SubTheme AND EXISTS { (col)-[:PART_OF]->(:Theme) })"
                " OR (col:Theme AND NOT EXISTS { MATCH (s:SubTheme)-[:PART_OF]->(col)⟦WHERE s⟧ }))",
    "theme": "col:Theme",
}
COLUMN_PATTERN = "(code)-[:PART_OF*0..]->(col)"

# Distinct experts and quotes per (raw row value, column uid) in one traversal; a row with a
# null column counts the raw value's experts and quotes in any column (the row total).
#
# It starts from the column codes ($theme_uids, $subtheme_uids: the uniqueness constraints
# find each) and reads only the codings below them. The one grouping, by expert and column,
# is what costs (count(DISTINCT) keeps a set per group); grouping by quote first, or by
# expert before reading its properties, measured slower. Labels implied by the relationship
# types are not checked: a db hit per coding each.
_MATRIX_CODINGS = """
CALL () {
  UNWIND $theme_uids AS uid MATCH (c:Theme {uid: uid}) RETURN c, uid
  UNION ALL
  UNWIND $subtheme_uids AS uid MATCH (c:SubTheme {uid: uid}) RETURN c, uid
}
MATCH (c)<-[:PART_OF*0..]-(code)
MATCH (e)-[:SAID]->(q)-[k:CODED_AS]->(code)⟦WHERE e, q, [k], code⟧
"""
MATRIX_COUNTS = _MATRIX_CODINGS + f"""UNWIND [null, uid] AS col
WITH e, col, count(DISTINCT q) AS quotes
WHERE $studies IS NULL OR e.study IN $studies
RETURN {_ROW_VALUE} AS raw, col, count(*) AS experts, sum(quotes) AS quotes
"""
# The same for each of several row kinds ($row_kinds) at once, the grouping by expert and column
# done once; beside the row totals over every column (category null), the totals over the columns
# of each category ($categories: a column's uid -> its category).
MATRIX_COUNTS_BY_ROWS = _MATRIX_CODINGS + f"""UNWIND [[null, null], [null, $categories[uid]], [uid, null]] AS unit
WITH e, unit[0] AS col, unit[1] AS category, count(DISTINCT q) AS quotes
WHERE $studies IS NULL OR e.study IN $studies
UNWIND $row_kinds AS rows
WITH rows, {_row_value("rows")} AS raw, col, category, quotes
RETURN rows, raw, col, category, count(*) AS experts, sum(quotes) AS quotes
"""

# ---- per-study summaries (graph.stores.neo4j.summaries): counts as JSON on a (:Summary {study})

SAVE_SUMMARY = "MERGE (s:Summary {study: $study}) SET s.code_counts = $code_counts, s.matrix_counts = $matrix_counts"
DROP_SUMMARY = "MATCH (s:Summary {study: $study}) DELETE s"
SUMMARY_CODE_COUNTS = """
MATCH (s:Summary) WHERE s.study IN $studies⟦AND s⟧
RETURN s.study AS study, s.code_counts AS code_counts
"""
SUMMARY_MATRICES = "MATCH (s:Summary {study: $study})⟦WHERE s⟧ RETURN s.matrix_counts AS counts"

MODEL_LABELS = list(NODE_LABELS)

DUMP_NODES = """
MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels)⟦AND n⟧
RETURN labels(n) AS labels, properties(n) AS props
"""

DUMP_EDGES = """
MATCH (a)-[r]->(b) WHERE any(l IN labels(a) WHERE l IN $labels)⟦AND a, [r], b⟧
RETURN labels(a) AS a_labels, a {.uid, .name} AS a, type(r) AS type,
       labels(b) AS b_labels, b {.uid, .name} AS b, properties(r) AS props
"""

CODE_BREAKDOWN = f"""
MATCH (e:Expert)-[:SAID]->(q:Quote)-[k:CODED_AS]->()-[:PART_OF*0..]->(c:Theme|SubTheme)
WHERE ($study IS NULL OR e.study = $study)⟦AND e, q, [k], c⟧
OPTIONAL MATCH (e)-[:HAS_PROFESSION]->(p:Profession)
WITH c, {_ROW_VALUE} AS raw, CASE WHEN $rows = 'profession' THEN p.label ELSE {_ROW_VALUE} END AS label, e, q
RETURN c.uid AS uid, raw, label, count(DISTINCT e) AS experts, count(DISTINCT q) AS quotes
"""

_MENTIONS = """
MATCH (e:Expert)-[:SAID]->(q:Quote)-[m:MENTIONS]->(c:Concept)
WHERE ($study IS NULL OR q.study = $study)⟦AND e, q, [m], c⟧
"""

CONCEPT_TOTALS = _MENTIONS + """
RETURN c.name AS name, c.label AS label, c.language AS language,
       count(DISTINCT e) AS experts, count(DISTINCT q) AS quotes
"""

CONCEPTS_BY_ROW = _MENTIONS + f"""
OPTIONAL MATCH (e)-[:HAS_PROFESSION]->(p:Profession)
WITH c, {_ROW_VALUE} AS raw, CASE WHEN $rows = 'profession' THEN p.label ELSE {_ROW_VALUE} END AS label, e, q
RETURN c.name AS key, raw, label, count(DISTINCT e) AS experts, count(DISTINCT q) AS quotes
"""


def concepts_by_code(level: str) -> str:
    return _MENTIONS + f"""
MATCH (q)-[k:CODED_AS]->(code)⟦WHERE [k], code⟧
MATCH {COLUMN_PATTERN} WHERE {COLUMN_AT_LEVEL[level]}⟦AND col⟧
RETURN c.name AS key, col.uid AS raw, col.name AS label, count(DISTINCT e) AS experts,
       count(DISTINCT q) AS quotes
"""
