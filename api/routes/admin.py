"""Writes that remove data: delete a study, empty the store. Both need the X-API-Key header."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response

from api.deps import StoreDep, WriteAccess
from graph.errors import BadInput
from graph.model import STUDY_ID_PATTERN

router = APIRouter(prefix="/v1", tags=["admin"])

_STUDY_UID = f"^{STUDY_ID_PATTERN}$"


@router.delete(
    "/studies/{uid}", status_code=204, response_class=Response,
    summary="Delete a study with its experts, sources, quotes and codes (needs the X-API-Key header)",
    responses={404: {"description": "No study has that uid"}},
)
def delete_study(
    store: StoreDep,
    _: WriteAccess,
    uid: Annotated[str, Path(description="Study uid, as GET /v1/studies lists it.", pattern=_STUDY_UID,
                             examples=["llm-mental-health-2024"])],
) -> Response:
    store.delete_study(uid)
    return Response(status_code=204)


@router.post(
    "/reset", status_code=204, response_class=Response,
    summary="Delete everything in the store (needs the X-API-Key header and confirm=everything)",
    responses={400: {"description": "confirm is not 'everything', or another query parameter is sent"}},
)
def reset(
    request: Request,
    store: StoreDep,
    _: WriteAccess,
    confirm: Annotated[Literal["everything"] | None, Query(
        description="Must be 'everything': this deletes every study, expert, quote and code.")] = None,
) -> Response:
    if confirm != "everything":
        raise BadInput("reset deletes every study in the store; send confirm=everything to do it", "confirm")
    others = sorted(set(request.query_params) - {"confirm"})
    if others:  # a destructive call runs only as written, not with a parameter it would ignore
        raise BadInput(f"reset takes only confirm=everything; remove {', '.join(map(repr, others[:3]))}", "query")
    store.clear()
    return Response(status_code=204)
