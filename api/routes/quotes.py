"""Quotes, one request away from every count."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import StoreDep
from api.tables import TABLE_FORMS, table_form, table_response
from graph.exports.tables import quote_table
from graph.model import Category
from graph.quotes import MAX_LIMIT, AttributeFilter, QuotePage, QuoteQuery

router = APIRouter(prefix="/v1", tags=["quotes"])


@router.get(
    "/quotes", response_model=QuotePage,
    summary="Quotes matching every filter, in a stable order, a page at a time",
    responses={200: TABLE_FORMS,
               400: {"description": "A cursor the API did not hand out, or a malformed attr filter"},
               404: {"description": "Unknown study"}},
)
def quotes(
    request: Request,
    store: StoreDep,
    study: Annotated[str | None, Query(description="Study uid.")] = None,
    theme: Annotated[str | None, Query(description="Theme name (any case, spacing or dash) or uid; its sub-themes count.",
                                       examples=["Technological-mental health gap"])] = None,
    subtheme: Annotated[str | None, Query(description="Sub-theme name or uid.", examples=["User risk"])] = None,
    category: Annotated[Category | None, Query(description="Theme category; 'gap' are the risks.")] = None,
    profession: Annotated[str | None, Query(description="Profession, any case.", examples=["psychiatrist"])] = None,
    expert: Annotated[str | None, Query(description="Expert uid (study:P07) or pseudonym (P07).")] = None,
    attr: Annotated[list[str], Query(description="Expert attribute filters NAME:VALUE or NAME:LOW..HIGH, repeatable.",
                                     examples=["province:Hunan"])] = [],  # noqa: B006
    coder: Annotated[str | None, Query(description="Only quotes this coder coded (the coder's name).")] = None,
    q: Annotated[str | None, Query(description="Words that must all occur; Chinese runs match as substrings.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size, at most {MAX_LIMIT}.")] = 50,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page.")] = None,
    format: Annotated[Literal["json", "csv", "xlsx"] | None, Query(
        description="csv or xlsx (this page) also by the Accept header.")] = None,
) -> QuotePage | Response:
    page = store.quotes(QuoteQuery(
        study=study, theme=theme, subtheme=subtheme, category=category, profession=profession, expert=expert,
        attrs=tuple(AttributeFilter.parse(a) for a in attr), coder=coder, q=q, limit=limit, cursor=cursor,
    ))
    form = table_form(request, format)
    return table_response(form, "Quotes", *quote_table(page.items)) if form else page
