"""The embedded store: `MemoryStore` (store.py) over a per-graph index (index.py), with its
write path (writes.py), aggregate reads (queries.py), exploring reads (explore.py) and the
quote word index (text_index.py)."""

from graph.stores.memory.store import MemoryStore

__all__ = ["MemoryStore"]
