"""The rows-by-codes matrix: which professions raised which risks."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import StoreDep
from api.links import MatrixPublic, public_matrix
from api.tables import TABLE_FORMS, table_form, table_response
from graph.matrix import matrix_csv, matrix_table
from graph.model import Category
from graph.results import MatrixQuery
from graph.studies import scoped_matrix

router = APIRouter(prefix="/v1", tags=["matrix"])


@router.get(
    "/matrix", response_model=MatrixPublic,
    summary="Rows (profession, expert, study or an attribute) by sub-themes or themes, counting experts or quotes",
    responses={200: TABLE_FORMS,
               400: {"description": "Unknown row attribute, or several studies loaded and none named"},
               404: {"description": "Unknown study, or no study loaded"}},
)
def matrix(
    request: Request,
    store: StoreDep,
    rows: Annotated[str, Query(description="'profession', 'expert' (cases by codes), 'study' (studies compared) or "
                                           "an expert attribute such as 'province'.")] = "profession",
    cols: Annotated[Literal["subtheme", "theme"], Query(description=(
        "Column level: 'subtheme', the codes below the themes (a flat codebook's themes; the answer's 'level' "
        "says which), or 'theme'."))] = "subtheme",
    category: Annotated[Category | None, Query(description="Only codes of this theme category; 'gap' gives the risks.")] = None,
    theme: Annotated[str | None, Query(description="Only the sub-themes of this theme (name or uid).")] = None,
    measure: Annotated[Literal["experts", "quotes"], Query(description="Distinct experts (people first) or distinct quotes.")] = "experts",
    study: Annotated[list[str], Query(description=(
        "Study uid; may be left out when one study is loaded. With rows=study, repeat it to name the studies "
        "compared (default: every study loaded).")
    )] = [],  # noqa: B006
    bin: Annotated[int | None, Query(ge=1, le=1000, description="Band a numeric row attribute (10: 0-9, 10-19...).")] = None,
    format: Annotated[Literal["json", "csv", "xlsx"] | None, Query(
        description="csv or xlsx also by the Accept header (text/csv, the xlsx media type).")] = None,
) -> MatrixPublic | Response:
    answer = store.matrix(scoped_matrix(store, MatrixQuery(rows=rows, cols=cols, category=category, theme=theme,
                                                           measure=measure, studies=tuple(study), bin=bin)))
    form = table_form(request, format)
    if form == "xlsx":
        return table_response(form, "Matrix", *matrix_table(answer))
    if form == "csv":
        return Response(matrix_csv(answer), media_type="text/csv; charset=utf-8")
    return public_matrix(answer)
