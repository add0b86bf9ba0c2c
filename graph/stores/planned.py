"""A load's batches measured against the store before they are written: created, updated, unchanged.

`PlannedGraph` holds the stored entries the batches of one load name (asked of the store by
id, so a load costs what it touches, and not at all for a study the store lacks). Each planned
batch is compared with them entry by entry under the write rules (graph.stores.write_rules)
and then applied to them, so that the next file of the same load is measured against the graph
as it will be. That is what makes the load report's counts right, and what a dry run shows.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.model import GraphBatch
from graph.store import GraphStore
from graph.stores.write_rules import REPORTED, EntryId, entries, merged, node_id, outcome

__all__ = ["PlannedGraph", "Counts"]

Counts = tuple[dict[str, int], dict[str, int], dict[str, int]]  # created, updated, unchanged per kind


class PlannedGraph:
    _CHUNK = 20_000

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self._entries: dict[EntryId, dict] = {}
        self._asked: set[EntryId] = set()
        self._studies: dict[str, bool] = {}  # study -> absent from the store (its records cannot be there)

    def fetch(self, ids: Iterable[EntryId]) -> None:
        """Ask the store for those of the entries not asked for yet."""
        missing = [i for i in dict.fromkeys(ids) if i not in self._asked]
        for start in range(0, len(missing), self._CHUNK):
            chunk = missing[start:start + self._CHUNK]
            found = self._store.stored(chunk)
            self._entries.update({i: p for i, p in found.items() if i not in self._entries})
            self._asked.update(chunk)

    def settle(self) -> None:
        """Forget the quotes and codings planned so far, so that a file read in chunks is measured
        holding one chunk: a quote named again in a later chunk is counted again."""
        def is_quote_or_coding(i: EntryId) -> bool:
            return isinstance(i, tuple) or i.startswith("Quote|")

        self._entries = {i: p for i, p in self._entries.items() if not is_quote_or_coding(i)}
        self._asked = {i for i in self._asked if not is_quote_or_coding(i)}

    def known(self, ids: list[str]) -> dict[str, dict]:
        """The properties of those nodes the graph holds, or will hold once the load's earlier files are written."""
        self.fetch(ids)
        return {i: self._entries[i] for i in ids if i in self._entries}

    def get(self, node: str) -> dict | None:
        self.fetch([node])
        return self._entries.get(node)

    def has(self, node: str) -> bool:
        return self.get(node) is not None

    def apply(self, batch: GraphBatch) -> Counts:
        """Count what the batch creates, updates and leaves unchanged, then hold it as written."""
        study = batch.study.uid
        if study not in self._studies:  # asked before the first batch plans the study node
            self._studies[study] = self.get(node_id("Study", study)) is None
        written = list(entries(batch))
        if self._studies[study]:  # a study the store lacks holds nothing of its own there yet
            self.fetch(e.id for e in written if e.kind.label in ("Profession", "Concept"))
        else:
            self.fetch(e.id for e in written)
        counts: dict[str, dict[str, int]] = {"created": {}, "updated": {}, "unchanged": {}}
        for e in written:
            stored = self._entries.get(e.id)
            result = merged(e.kind, stored, e.props)
            if e.kind.report is not None:
                tally = counts[outcome(stored, result)]
                tally[e.kind.report] = tally.get(e.kind.report, 0) + 1
            self._entries[e.id] = result
        return tuple({k: c[k] for k in REPORTED if c.get(k)} for c in counts.values())  # type: ignore[return-value]
