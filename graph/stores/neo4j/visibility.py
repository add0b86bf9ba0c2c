"""What a Neo4j read may see: a study as before a staged load or delete, or after it, never between.

A staged load writes a transaction per chunk, a large delete one per batch (graph.stores.neo4j.loads).
Until its (:Load) node is flipped to 'committed', what a load wrote is hidden: into a new
study, by its study (every node of a study carries `study`, the Study node its `uid`), into an
existing one, by the `_load` mark on every node and relationship it created. A study being
deleted is hidden by its study from the delete's first transaction.

Read statements carry markers where nodes or (in brackets) relationships must be visible:
`⟦WHERE q, e, [k]⟧` or `⟦AND q⟧`. While no operation is under way (the common case) the markers vanish and the
statement is exactly the one written around them, so the filters cost nothing; otherwise each
becomes a predicate over the hidden loads and studies, passed as parameters.

Each read transaction reads the graph's state (its generation token and the operations under
way) before and after its statements (`read_view`): Neo4j reads are read-committed, so if a
load started, flipped or was undone in between, or any write committed, the answer may mix two
states, and `Neo4jStore` runs the read again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from neo4j import ManagedTransaction, Result

from graph.stores.neo4j import loads_cypher as lc

__all__ = ["View", "ViewTx", "read_view", "render", "plain"]

_MARK = re.compile(r"⟦(WHERE|AND) ([^⟧]+)⟧")


def _visible(var: str) -> str:
    """A node or (`[var]`) relationship that readers may see. A node that has lost its key is
    being deleted: a commit is applied step by step, and a read-committed reader can find a
    node whose properties are already gone (seen: a whole batch of 5,000 quotes)."""
    if var.startswith("["):
        rel = var.strip("[]")
        return f"({rel}._load IS NULL OR NOT {rel}._load IN $hidden_loads)"
    return (f"(({var}._load IS NULL OR NOT {var}._load IN $hidden_loads)"
            f" AND NOT coalesce({var}.study, {var}.uid, '') IN $hidden_studies"
            f" AND coalesce({var}.study, {var}.uid, {var}.name) IS NOT NULL)")


@lru_cache(maxsize=1024)
def render(query: str, hiding: bool) -> str:
    """`query` with its visibility markers removed, or (`hiding`) turned into predicates."""
    if not hiding:
        return _MARK.sub("", query)
    return _MARK.sub(lambda m: f" {m[1]} " + " AND ".join(_visible(v.strip()) for v in m[2].split(",")), query)


def plain(query: str) -> str:
    """`query` as run when nothing is hidden (writes use read statements this way)."""
    return render(query, False)


@dataclass(frozen=True)
class View:
    """The graph's state as one read transaction saw it: its token and what is hidden.

    Two views are equal when a read's answer cannot differ between them; `stale` (operations
    whose lease lapsed: their process died) is not part of that."""

    token: str | None
    hidden_loads: tuple[str, ...] = ()
    hidden_studies: tuple[str, ...] = ()
    stale: tuple[str, ...] = field(default=(), compare=False)

    @property
    def hiding(self) -> bool:
        return bool(self.hidden_loads or self.hidden_studies)

    def params(self) -> dict[str, list[str]]:
        if not self.hiding:
            return {}
        return {"hidden_loads": list(self.hidden_loads), "hidden_studies": list(self.hidden_studies)}


def read_view(tx: ManagedTransaction) -> View:
    """The state of the graph now, read in `tx` (one small query)."""
    record = tx.run(lc.READ_STATE).single(strict=True)
    loads = record["loads"]
    pending = [ld for ld in loads if ld["state"] != "committed"]
    return View(
        token=record["token"],
        hidden_loads=tuple(sorted(ld["id"] for ld in pending)),
        hidden_studies=tuple(sorted({ld["study"] for ld in pending if ld["new_study"] or ld["kind"] == "delete"})),
        stale=tuple(sorted(ld["id"] for ld in loads if ld["stale"])),
    )


class ViewTx:
    """A read transaction that runs every statement as `view` must see it."""

    def __init__(self, tx: ManagedTransaction, view: View) -> None:
        self._tx, self.view = tx, view

    def run(self, query: str, parameters: dict[str, Any] | None = None, **kwargs: Any) -> Result:
        return self._tx.run(render(query, self.view.hiding), {**(parameters or {}), **kwargs, **self.view.params()})
