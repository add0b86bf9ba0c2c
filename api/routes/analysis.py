"""Analyses across codes and interviews: co-occurrence and saturation."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import StoreDep
from api.tables import TABLE_FORMS, table_form, table_response
from graph.concepts import ConceptCount
from graph.cooccurrence import Cooccurrence, CooccurrenceQuery
from graph.exports.tables import cooccurrence_table
from graph.model import Category
from graph.saturation import Saturation
from graph.studies import resolve_study

router = APIRouter(prefix="/v1", tags=["analysis"])


@router.get("/cooccurrence", response_model=Cooccurrence,
            summary="Which codes travel together: counts of experts (or quotes) holding both, and Jaccard",
            responses={200: TABLE_FORMS, 400: {"description": "Several studies loaded and none named"},
                       404: {"description": "Unknown study, or no study loaded"}})
def cooccurrence(
    request: Request,
    store: StoreDep,
    level: Annotated[Literal["subtheme", "theme"], Query(description="Code level.")] = "subtheme",
    unit: Annotated[Literal["expert", "quote"], Query(description="Count experts or quotes holding both codes.")] = "expert",
    study: Annotated[str | None, Query(description="Study uid; may be left out when one study is loaded.")] = None,
    category: Annotated[Category | None, Query(description="Only codes of this category.")] = None,
    format: Annotated[Literal["json", "csv", "xlsx"] | None, Query(
        description="csv or xlsx (the pairs) also by the Accept header.")] = None,
) -> Cooccurrence | Response:
    co = store.cooccurrence(CooccurrenceQuery(level=level, unit=unit, study=resolve_study(store, study),
                                              category=category))
    form = table_form(request, format)
    return table_response(form, "Cooccurrence", *cooccurrence_table(co)) if form else co


@router.get("/saturation", response_model=Saturation,
            summary="New codes per successive interview, the curve, and where nothing new appeared",
            responses={400: {"description": "Several studies loaded and none named"},
                       404: {"description": "Unknown study, or no study loaded"}})
def saturation(
    store: StoreDep,
    study: Annotated[str | None, Query(description="Study uid; may be left out when one study is loaded.")] = None,
    level: Annotated[Literal["subtheme", "theme"], Query(description="Code level.")] = "subtheme",
) -> Saturation:
    return store.saturation(resolve_study(store, study), level)


@router.get("/concepts", response_model=list[ConceptCount],
            summary="Concepts the experts mention, most widely first, by profession or by sub-theme on request",
            responses={400: {"description": "Unknown attribute, or several studies loaded and none named"},
                       404: {"description": "Unknown study, or no study loaded"}})
def concepts(
    store: StoreDep,
    study: Annotated[str | None, Query(description="Study uid; may be left out when one study is loaded.")] = None,
    by: Annotated[str | None, Query(description="Split by 'profession', an attribute, 'subtheme' or 'theme'.")] = None,
) -> list[ConceptCount]:
    return store.concepts(resolve_study(store, study), by)
