"""A checksum of a whole graph: every node and relationship with every property.

It is computed from `GraphStore.dump()`, whose form is canonical (the same graph gives the
same dump on Neo4j and on the embedded store), so equal checksums mean equal graphs on either
store, and a load that left anything half-written, duplicated or changed shows as a different
checksum. Each node and relationship becomes one line of canonical JSON (keys sorted, no
spaces); the lines are sorted and hashed with SHA-256.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from graph.results import GraphDump

__all__ = ["graph_checksum", "store_checksum", "canonical_lines"]


def _plain(value: Any) -> Any:
    """A property value as JSON can hold it; other types keep their type name so they never collide."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return {"__type__": type(value).__name__, "value": str(value)}


def _line(item: Any) -> str:
    return json.dumps(_plain(item), sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def canonical_lines(dump: GraphDump) -> list[str]:
    """One sorted line per node ("N" id props) and per relationship ("E" from type to props)."""
    lines = [_line(["N", node, props]) for node, props in dump.nodes]
    lines += [_line(["E", a, kind, b, props]) for a, kind, b, props in dump.edges]
    return sorted(lines)


def graph_checksum(dump: GraphDump) -> str:
    """The SHA-256 (hex) of the dump's canonical lines, with the node and relationship counts in front."""
    digest = hashlib.sha256()
    for line in canonical_lines(dump):
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return f"sha256:{len(dump.nodes)}n:{len(dump.edges)}e:{digest.hexdigest()}"


def store_checksum(store: Any) -> str:
    """`graph_checksum(store.dump())` for any GraphStore; raises what its dump raises."""
    return graph_checksum(store.dump())
