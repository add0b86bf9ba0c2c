"""Studies and their theme trees."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import StoreDep
from api.tables import TABLE_FORMS, table_form, table_response
from graph.exports.tables import theme_table
from graph.results import StudySummary, ThemeNode
from graph.studies import resolve_study

router = APIRouter(prefix="/v1", tags=["studies"])


@router.get("/studies", response_model=list[StudySummary], summary="The studies loaded, with counts")
def studies(store: StoreDep) -> list[StudySummary]:
    return store.studies()


@router.get("/themes", response_model=list[ThemeNode],
            summary="The theme tree with distinct experts and quotes at every node",
            responses={200: TABLE_FORMS,
                       400: {"description": "Unknown attribute, or several studies loaded and none named"},
                       404: {"description": "Unknown study, or no study loaded"}})
def themes(request: Request, store: StoreDep,
           study: Annotated[str | None, Query(description="Study uid; may be left out when one study is "
                                                          "loaded.")] = None,
           by: Annotated[str | None, Query(description="Split every node's counts by 'profession' or an attribute.")] = None,
           format: Annotated[Literal["json", "csv", "xlsx"] | None, Query(
               description="csv or xlsx (one row a code) also by the Accept header.")] = None,
           ) -> list[ThemeNode] | Response:
    tree = store.themes(resolve_study(store, study), by)
    form = table_form(request, format)
    return table_response(form, "Themes", *theme_table(tree, by)) if form else tree
