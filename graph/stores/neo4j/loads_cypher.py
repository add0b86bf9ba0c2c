"""Cypher of staged loads and batched deletes: their (:Load) records, leases and visibility.

Only `graph.stores.neo4j.loads`, `graph.stores.neo4j.writes` and `graph.stores.neo4j.visibility` import this module.

A (:Load) node stands for an operation that spans transactions on one study: a staged load
(`kind` 'load': a file too large for one transaction, written one per chunk) or a batched
delete (`kind` 'delete'). Its `state` says what readers see:

    staging    the load is writing; what it wrote is hidden (graph.stores.neo4j.visibility)
    undoing    it failed or its process died; hidden while it is deleted in batches
    committed  flipped visible in one small transaction; its marks are being removed
    deleting   the study is hidden while it is deleted in batches

One operation per study at a time: `Load.study` is unique, and a one-transaction write takes
the same key for the length of its transaction (GUARD_STUDY), so neither can start while the
other runs. The operation's `owner` renews `beat` every few seconds; once `beat` is older than
`lease_ms`, any other process may claim it (CLAIM_LOAD) and undo, finish or resume it.
Times are the server's (`datetime.realtime()`), so the processes' clocks do not matter.
"""

from __future__ import annotations

LOAD_SCHEMA = [
    "CREATE CONSTRAINT load_study IF NOT EXISTS FOR (l:Load) REQUIRE l.study IS UNIQUE",
]

# What a read needs to know besides the graph's token: every operation under way. Load nodes
# written before leases existed (no state, kind or lease) read as staged loads of 5 minutes.
_LOAD_FIELDS = """
l {.id, .study, kind: coalesce(l.kind, 'load'), new_study: coalesce(l.new_study, false),
   state: coalesce(l.state, CASE WHEN l.finishing THEN 'committed' ELSE 'staging' END),
   beat: toString(l.beat),
   stale: l.beat < datetime.realtime() - duration({milliseconds: coalesce(l.lease_ms, 300000)})}
"""

READ_STATE = f"""
OPTIONAL MATCH (g:Generation {{graph: 'themegraph'}})
RETURN g.token AS token, COLLECT {{ MATCH (l:Load) RETURN {_LOAD_FIELDS} }} AS loads
"""

LOADS = f"MATCH (l:Load) RETURN {_LOAD_FIELDS} AS load"

START_LOAD = """
OPTIONAL MATCH (s:Study {uid: $study})
WITH count(s) = 0 AS new_study
CREATE (l:Load {id: $load, study: $study, kind: $kind, state: $state, new_study: new_study, owner: $owner,
                lease_ms: $lease_ms, started: datetime.realtime(), beat: datetime.realtime()})
RETURN new_study
"""

# A one-transaction write takes its study's key for as long as it runs (and leaves nothing):
# it waits for a staged operation starting on the study, and sees one under way.
GUARD_STUDY = """
MERGE (l:Load {study: $study})
ON CREATE SET l.id = $token, l.state = 'writing'
RETURN l.id = $token AS free
"""
RELEASE_STUDY = "MATCH (l:Load {study: $study, id: $token}) DELETE l"

# Setting a property takes the node's write lock: what follows the WITH reads the Load as the
# last transaction holding that lock (a chunk, a claim, a heartbeat) committed it.
_LOCKED = """
MATCH (l:Load {id: $load})
SET l.locked = true
REMOVE l.locked
WITH l
"""

# First statement of every transaction of a staged load (a chunk, the flip): the load must
# still be this process's and in `$state`, and nobody may claim it until the transaction ends.
HOLD_LOAD = _LOCKED + "WHERE l.owner = $owner AND l.state = $state RETURN count(l) AS held"

BEAT = """
MATCH (l:Load {id: $load}) WHERE l.owner = $owner
SET l.beat = datetime.realtime()
RETURN count(l) AS held
"""

FLIP = """
MATCH (l:Load {id: $load}) WHERE l.owner = $owner
SET l.state = 'committed', l.beat = datetime.realtime()
"""

# Claim an operation whose lease lapsed: the claimer becomes its owner, with its own lease; a
# staged load becomes 'undoing' (a committed one is finished, a delete resumed).
CLAIM_LOAD = _LOCKED + """
WHERE l.beat < datetime.realtime() - duration({milliseconds: coalesce(l.lease_ms, 300000)})
SET l.owner = $owner, l.lease_ms = $lease_ms, l.beat = datetime.realtime(),
    l.state = CASE coalesce(l.state, CASE WHEN l.finishing THEN 'committed' ELSE 'staging' END)
              WHEN 'staging' THEN 'undoing' ELSE coalesce(l.state, 'committed') END
RETURN """ + _LOAD_FIELDS + " AS load"

END_LOAD = "MATCH (l:Load {id: $load}) DELETE l"

# ---- undoing and finishing a staged load, deleting a study: in batches of $batch rows ------
# A load into a new study marks only the study and the professions and concepts it creates
# (the study's own nodes are hidden by their `study`); into an existing study, what it creates
# carries `_load` too. Relationships go first: DETACH DELETE of a code with 100k codings would
# hold them all in one batch's transaction.

DELETE_STUDY_BATCHED = [
    """MATCH (q:Quote {study: $study})
CALL (q) { MATCH (q)-[r]-() DELETE r } IN TRANSACTIONS OF $batch ROWS""",
    """MATCH (n:Expert|Source|Quote|Theme|SubTheme|Coder|Memo|Summary {study: $study})
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF $batch ROWS""",
    "MATCH (s:Study {uid: $study}) DETACH DELETE s",
]

UNDO_IN_STUDY = [
    """MATCH (:Quote {study: $study})-[k:CODED_AS|MENTIONS]->() WHERE k._load = $load
CALL (k) { DELETE k } IN TRANSACTIONS OF $batch ROWS""",
    """MATCH (n:Expert|Source|Quote|Theme|SubTheme|Coder|Memo {study: $study}) WHERE n._load = $load
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF $batch ROWS""",
]

UNMARK_IN_STUDY = [
    """MATCH (:Quote {study: $study})-[k:CODED_AS|MENTIONS]->() WHERE k._load = $load
CALL (k) { REMOVE k._load } IN TRANSACTIONS OF $batch ROWS""",
    """MATCH (n:Expert|Source|Quote|Theme|SubTheme|Coder|Memo {study: $study}) WHERE n._load = $load
CALL (n) { REMOVE n._load } IN TRANSACTIONS OF $batch ROWS""",
]

# Professions and concepts are shared by studies: what an operation marked is removed only when
# nothing uses it any more, and unmarked otherwise.
UNDO_SHARED = [
    "MATCH (p:Profession) WHERE p._load = $load AND NOT (p)<-[:HAS_PROFESSION]-() DELETE p",
    "MATCH (c:Concept) WHERE c._load = $load AND NOT (c)<-[:MENTIONS]-() DELETE c",
]
UNMARK_STUDY = "MATCH (s:Study {uid: $study}) WHERE s._load = $load REMOVE s._load"
UNMARK_SHARED = [
    "MATCH (p:Profession) WHERE p._load = $load REMOVE p._load",
    "MATCH (c:Concept) WHERE c._load = $load REMOVE c._load",
]

# A delete hides, from its first transaction, the professions and concepts only its study uses.
MARK_DELETED_SHARED = [
    """MATCH (p:Profession) WHERE EXISTS { (p)<-[:HAS_PROFESSION]-(:Expert {study: $study}) }
  AND NOT EXISTS { (p)<-[:HAS_PROFESSION]-(e:Expert) WHERE e.study <> $study }
SET p._load = $load""",
    """MATCH (c:Concept) WHERE EXISTS { (c)<-[:MENTIONS]-(:Quote {study: $study}) }
  AND NOT EXISTS { (c)<-[:MENTIONS]-(q:Quote) WHERE q.study <> $study }
SET c._load = $load""",
]

DELETE_ORPHANS = [
    "MATCH (p:Profession) WHERE NOT (p)<-[:HAS_PROFESSION]-() DELETE p",
    "MATCH (c:Concept) WHERE NOT (c)<-[:MENTIONS]-() DELETE c",
]
