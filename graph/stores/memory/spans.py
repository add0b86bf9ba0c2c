"""The embedded store's read for intercoder agreement: a study's codings with positions and coders."""

from __future__ import annotations

import networkx as nx

from graph.agreement.spans import CodedSpan, SourceLength, StudySpans
from graph.stores.memory.queries import nodes, out, require_study

__all__ = ["coded_spans"]


def coded_spans(g: nx.MultiDiGraph, study: str) -> StudySpans:
    """See GraphStore.coded_spans."""
    require_study(g, study)
    spans = []
    for q, a in nodes(g, "Quote", study):
        source = g.nodes[out(g, q, "FROM_SOURCE")[0]]["uid"]
        for _, code, k in g.out_edges(q, keys=True):
            if k == "CODED_AS":
                edge = g.edges[q, code, k]
                spans.append(CodedSpan(quote=a["uid"], source=source, start=a.get("start"), end=a.get("end"),
                                       code=g.nodes[code]["uid"], coders=list(edge.get("coders") or [])))
    spans.sort(key=lambda s: (s.source, s.start if s.start is not None else -1, s.quote, s.code))
    return StudySpans(
        study=study,
        sources=sorted((SourceLength(uid=a["uid"], name=a["name"], length=a.get("length"))
                        for _, a in nodes(g, "Source", study)), key=lambda s: s.uid),
        coders=sorted(a["name"] for _, a in nodes(g, "Coder", study)),
        spans=spans,
    )
