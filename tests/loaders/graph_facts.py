"""What a loaded graph holds, read from any store's canonical dump: for loader tests on both stores."""

from __future__ import annotations

from dataclasses import dataclass

from graph.store import GraphStore


@dataclass(frozen=True)
class QuoteFact:
    text: str
    expert: str  # pseudonym
    source: str  # source name
    start: int | None
    end: int | None
    codes: dict[str, tuple[str, ...]]  # code name -> coders
    selections: tuple[str, ...]


def quotes(store: GraphStore) -> list[QuoteFact]:
    dump = store.dump()
    nodes = dict(dump.nodes)
    said = {b: a for a, t, b, _ in dump.edges if t == "SAID"}
    source = {a: b for a, t, b, _ in dump.edges if t == "FROM_SOURCE"}
    codes: dict[str, dict[str, tuple[str, ...]]] = {}
    for a, t, b, p in dump.edges:
        if t == "CODED_AS":
            codes.setdefault(a, {})[nodes[b]["name"]] = tuple(p.get("coders", ()))
    found = []
    for node_id, p in dump.nodes:
        if node_id.startswith("Quote|"):
            found.append(QuoteFact(p["text"], nodes[said[node_id]]["pseudonym"], nodes[source[node_id]]["name"],
                                   p.get("start"), p.get("end"), codes.get(node_id, {}),
                                   tuple(p.get("selections", ()))))
    return sorted(found, key=lambda q: (q.source, q.start or 0, q.text))


def experts(store: GraphStore) -> dict[str, dict]:
    """pseudonym -> {'profession': ..., attribute: value...}"""
    return {p["pseudonym"]: {"profession": p.get("profession"),
                             **{k[5:]: v for k, v in p.items() if k.startswith("attr:")}}
            for n, p in store.dump().nodes if n.startswith("Expert|")}


def parents(store: GraphStore) -> dict[str, str]:
    """code name -> parent code name"""
    dump = store.dump()
    nodes = dict(dump.nodes)
    return {nodes[a]["name"]: nodes[b]["name"] for a, t, b, _ in dump.edges if t == "PART_OF"}
