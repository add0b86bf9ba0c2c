"""Neighbourhoods of any node, for exploring the graph step by step."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.deps import StoreDep
from graph.neighborhood import MAX_NODES, Subgraph

router = APIRouter(prefix="/v1/graph", tags=["graph"])


@router.get("/neighborhood/{uid:path}", response_model=Subgraph,
            summary="Nodes and relationships within 1-3 steps of a node, breadth first, up to a limit",
            responses={400: {"description": "A profession or concept, several studies loaded and none named"},
                       404: {"description": "No node has that uid or name"}})
def neighborhood(
    store: StoreDep,
    uid: Annotated[str, Path(description="Any node's uid (a profession or concept: its name).",
                             examples=["llm-mental-health-2024:P07"])],
    depth: Annotated[int, Query(ge=1, le=3, description="Steps from the node.")] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_NODES, description=f"Most nodes returned, at most {MAX_NODES}.")] = 200,
    study: Annotated[str | None, Query(description=(
        "The study to keep to, for a node studies share (a profession, a concept); may be left out when one "
        "study is loaded. Any other node keeps to its own study."))] = None,
) -> Subgraph:
    return store.neighborhood(uid, depth, limit, study)
