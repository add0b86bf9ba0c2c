"""Cypher of the exploring reads (quotes, experts, co-occurrence, neighbourhoods, saturation).

Only `graph.stores.neo4j.reads` imports this module; the core statements live in `graph.stores.neo4j.cypher`.
"""

from __future__ import annotations

from functools import lru_cache

from graph.model import NAME_KEYED, NODE_LABELS
from graph.stores.neo4j.cypher import COLUMN_AT_LEVEL, COLUMN_PATTERN

# Labels in the order a uid is looked up, and the property that keys each.
KEY_PROPERTY = {label: "name" if label in NAME_KEYED else "uid" for label in NODE_LABELS}

# A quote filter's condition; each statement holds only the filters a query gives, so the
# planner sees plain predicates it can use indexes for, and plans a short statement quickly.
_CODE_EXISTS = "EXISTS {{ MATCH (q)-[k:CODED_AS]->()-[:PART_OF*0..]->(t:{label}) WHERE {match}⟦AND [k]⟧ }}"
_CODE_MATCH = {
    "subtheme": ("SubTheme", "(t.key = $subtheme OR t.uid = $subtheme)"),
    "theme": ("Theme", "(t.key = $theme OR t.uid = $theme)"),
    "category": ("Theme", "t.category = $category"),
}
_CONDITIONS = {
    "study": "q.study = $study",
    "profession": "e.profession = $profession",
    "expert": "(e.uid = $expert OR e.pseudonym = $expert)",
    **{name: _CODE_EXISTS.format(label=label, match=match) for name, (label, match) in _CODE_MATCH.items()},
    "coder": "EXISTS { MATCH (q)-[k:CODED_AS]->() WHERE $coder IN k.coders⟦AND [k]⟧ }",
    "attrs": """all(f IN $attrs WHERE CASE WHEN f.value IS NOT NULL
        THEN toLower(e['attr:' + f.name]) = f.value
        ELSE toFloat(e['attr:' + f.name]) >= f.lo AND toFloat(e['attr:' + f.name]) <= f.hi END)""",
}
QUOTE_FILTERS = tuple(_CONDITIONS)
_SAID = "MATCH (e:Expert)-[:SAID]->(q:Quote)-[:FROM_SOURCE]->(src:Source)"
_SAID_Q = "MATCH (e:Expert)-[:SAID]->(q)-[:FROM_SOURCE]->(src:Source)"  # q already bound


def _quotes_match(fulltext: bool, filters: frozenset[str]) -> str:
    """The quotes that pass `filters` (names in QUOTE_FILTERS) as rows of (e, q, src), each quote once.

    Words start from the full-text index; else a code filter starts from its codes (the
    narrowest first) and walks down to the quotes coded below them; else the planner starts."""
    rest = [f for f in QUOTE_FILTERS if f in filters]
    if fulltext:
        start = f"CALL db.index.fulltext.queryNodes('quote_text', $lucene) YIELD node AS q\n{_SAID_Q}"
    elif code := next((f for f in _CODE_MATCH if f in filters), None):
        label, match = _CODE_MATCH[code]
        study = " AND t.study = $study" if "study" in filters else ""
        start = (f"MATCH (t:{label}) WHERE {match}{study}\n"
                 "MATCH (t)<-[:PART_OF*0..]-()<-[k:CODED_AS]-(q:Quote)⟦WHERE [k]⟧\n"
                 f"WITH DISTINCT q\n{_SAID_Q}")
        rest = [f for f in rest if f not in (code, "study")]
    else:
        start = _SAID
    where = "\nWHERE " + "\n  AND ".join(_CONDITIONS[f] for f in rest) + "⟦AND e, q, src⟧" if rest else "⟦WHERE e, q, src⟧"
    return start + where + "\n"


@lru_cache(maxsize=512)
def quotes_page(fulltext: bool, filters: frozenset[str]) -> str:
    """How many quotes pass, and the sort keys of one page of them in the stable order
    (graph.quotes.sort_key, from the experts' and sources' stored `_sort`) after the cursor's key."""
    return _quotes_match(fulltext, filters) + """WITH collect([q.study, e._sort, src._sort, coalesce(q.start, -1), q.uid]) AS found
RETURN size(found) AS total, COLLECT {
  UNWIND found AS key
  WITH key WHERE $after IS NULL OR key > $after
  RETURN key ORDER BY key LIMIT $limit
} AS keys
"""


@lru_cache(maxsize=512)
def quotes_total(filters: frozenset[str]) -> str:
    """How many quotes pass `filters` (no words)."""
    return _quotes_match(False, filters) + "RETURN count(*) AS total\n"


# The filters that hold for all of an expert's quotes or none, as conditions on the expert.
EXPERT_FILTERS = frozenset({"study", "profession", "expert", "attrs"})
_EXPERT_CONDITIONS = {f: _CONDITIONS[f].replace("q.study", "e.study") for f in EXPERT_FILTERS}


@lru_cache(maxsize=64)
def experts_in_order(filters: frozenset[str]) -> str:
    """Up to $window experts passing `filters` (names in EXPERT_FILTERS) in the quotes' order
    (study, then the pseudonym's natural key, stored as `_sort`), from the key $from on."""
    where = "\n  AND ".join(_EXPERT_CONDITIONS[f] for f in sorted(filters))
    return f"""MATCH (e:Expert)
{"WHERE " + where + "⟦AND e⟧" if where else "⟦WHERE e⟧"}
WITH e, [e.study, e._sort] AS key
WHERE $from IS NULL OR key >= $from
RETURN e.uid AS uid, key ORDER BY key, uid LIMIT $window
"""


@lru_cache(maxsize=512)
def experts_quotes(filters: frozenset[str]) -> str:
    """What places each quote of the experts $experts passing `filters` (names in QUOTE_FILTERS
    but not EXPERT_FILTERS) in the quotes' order (graph.quotes.sort_key)."""
    where = "\n  AND ".join(_CONDITIONS[f] for f in QUOTE_FILTERS if f in filters)
    return f"""UNWIND $experts AS uid
MATCH (e:Expert {{uid: uid}})-[:SAID]->(q:Quote)-[:FROM_SOURCE]->(src:Source)
{"WHERE " + where + "⟦AND e, q, src⟧" if where else "⟦WHERE e, q, src⟧"}
RETURN q.study AS study, e.pseudonym AS pseudonym, src.name AS source, q.start AS start, q.uid AS uid
"""


QUOTE_ITEMS = """
UNWIND $uids AS uid
MATCH (e:Expert)-[:SAID]->(q:Quote {uid: uid})-[:FROM_SOURCE]->(src:Source)⟦WHERE e, q, src⟧
OPTIONAL MATCH (e)-[:HAS_PROFESSION]->(p:Profession)
RETURN q.uid AS uid, q.study AS study, q.text AS text, e.uid AS expert, e.pseudonym AS pseudonym,
       p.label AS profession, src.name AS source, q.start AS start, q.end AS end,
       q.language AS language, q.redacted AS redacted, q.translation AS translation,
       COLLECT {
         MATCH (q)-[k:CODED_AS]->(c)-[:PART_OF*0..]->(root:Theme)⟦WHERE [k], c⟧
         RETURN {uid: c.uid, name: c.name, kind: CASE WHEN c:Theme THEN 'theme' ELSE 'subtheme' END,
                 theme: root.name, category: root.category}
       } AS codes,
       COLLECT {
         MATCH (q)<-[:ANNOTATES]-(m:Memo)⟦WHERE m⟧
         RETURN {uid: m.uid, text: m.text, author: m.author, created: m.created}
       } AS memos
"""

_EXPERT_SUMMARY = """
OPTIONAL MATCH (e)-[:HAS_PROFESSION]->(p:Profession)
RETURN e.uid AS uid, e.study AS study, e.pseudonym AS pseudonym, p.label AS profession,
       properties(e) AS props,
       COUNT { (e)-[:SAID]->(q:Quote)⟦WHERE q⟧ } AS quotes,
       size(COLLECT { MATCH (e)-[:SAID]->(q:Quote)-[k:CODED_AS]->(c)⟦WHERE q, [k]⟧ RETURN DISTINCT c.uid }) AS codes
"""

EXPERTS = """
MATCH (e:Expert)
WHERE ($study IS NULL OR e.study = $study) AND ($profession IS NULL OR e.profession = $profession)⟦AND e⟧
""" + _EXPERT_SUMMARY

EXPERT = "MATCH (e:Expert {uid: $uid})⟦WHERE e⟧" + _EXPERT_SUMMARY

EXPERT_TALLIES = """
MATCH (e:Expert {uid: $uid})-[:SAID]->(q:Quote)-[k:CODED_AS]->()-[:PART_OF*0..]->(c)⟦WHERE e, q, [k], c⟧
WITH c, count(DISTINCT q) AS quotes
MATCH path = (c)-[:PART_OF*0..]->(root:Theme)
RETURN c.uid AS uid, c.name AS name, CASE WHEN c:Theme THEN 'theme' ELSE 'subtheme' END AS kind,
       root.name AS theme, root.category AS category, quotes,
       [n IN reverse(nodes(path)) | n.order] AS order
"""


# Units (experts or quotes) holding both codes of $col_uids, for every pair a <= b (a = b: the singles).
COOCCURRENCE_PAIRS = f"""
MATCH (e:Expert)-[:SAID]->(q:Quote)-[k:CODED_AS]->(code)
WHERE ($study IS NULL OR q.study = $study)⟦AND e, q, [k]⟧
MATCH {COLUMN_PATTERN}
WHERE col.uid IN $col_uids
WITH CASE WHEN $unit = 'expert' THEN e.uid ELSE q.uid END AS unit, collect(DISTINCT col.uid) AS held
UNWIND held AS a
UNWIND held AS b
WITH a, b WHERE a <= b
RETURN a, b, count(*) AS n
"""


def saturation_interviews(level: str) -> str:
    return f"""
MATCH (src:Source) WHERE ($study IS NULL OR src.study = $study)⟦AND src⟧
OPTIONAL MATCH (src)<-[:FROM_SOURCE]-(q:Quote)<-[:SAID]-(e:Expert)⟦WHERE q, e⟧
WITH src, collect(DISTINCT e) AS speakers, collect(DISTINCT q) AS said
RETURN src.uid AS source, src.name AS name, src.date AS date,
       [e IN speakers | e.pseudonym] AS experts, [e IN speakers | properties(e)] AS props,
       COLLECT {{
         UNWIND said AS q
         MATCH (q)-[k:CODED_AS]->(code)⟦WHERE [k], code⟧
         MATCH {COLUMN_PATTERN} WHERE {COLUMN_AT_LEVEL[level]}
         RETURN DISTINCT {{uid: col.uid, name: col.name}}
       }} AS codes
"""


def find_node(label: str) -> str:
    return f"MATCH (n:{label} {{{KEY_PROPERTY[label]}: $key}})⟦WHERE n⟧ RETURN count(n) AS n"


STUDY_UIDS = "MATCH (s:Study)⟦WHERE s⟧ RETURN s.uid AS uid"


def neighbours(label: str) -> str:
    """Nodes next to those of `label` keyed $keys that belong to $study or to no study
    (graph.neighborhood.study_of), not in $exclude, the first $cap by id."""
    return f"""
MATCH (n:{label}) WHERE n.{KEY_PROPERTY[label]} IN $keys
MATCH (n)-[r]-(m)
WHERE (CASE WHEN m:Study THEN m.uid ELSE m.study END = $study
       OR (m.study IS NULL AND NOT m:Study))⟦AND [r], m⟧
WITH DISTINCT labels(m)[0] + '|' + coalesce(m.uid, m.name) AS id
WHERE NOT id IN $exclude
RETURN id ORDER BY id LIMIT $cap
"""


def describe(label: str) -> str:
    return f"""
MATCH (n:{label}) WHERE n.{KEY_PROPERTY[label]} IN $keys⟦AND n⟧
RETURN n.{KEY_PROPERTY[label]} AS key, properties(n) AS props
"""


def edges_from(label: str) -> str:
    return f"""
MATCH (a:{label})-[r]->(b) WHERE a.{KEY_PROPERTY[label]} IN $keys⟦AND [r], b⟧
WITH a, r, labels(b)[0] + '|' + coalesce(b.uid, b.name) AS target
WHERE target IN $ids
RETURN '{label}|' + a.{KEY_PROPERTY[label]} AS source, type(r) AS type, target
"""


def stored_codings(code_label: str) -> str:
    """The properties of the codings named by $pairs ({quote, code} uids) whose code has that label."""
    return f"""
UNWIND $pairs AS p
MATCH (q:Quote {{uid: p.quote}})-[k:CODED_AS]->(c:{code_label} {{uid: p.code}})⟦WHERE q, [k], c⟧
RETURN q.uid AS quote, c.uid AS code, properties(k) AS props
"""
