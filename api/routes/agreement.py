"""Intercoder agreement: two coders compared per code and overall."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import StoreDep
from api.tables import TABLE_FORMS, table_form, table_response
from graph.agreement.report import (
    DEFAULT_THRESHOLD,
    Agreement,
    SegmentAgreement,
    agreement_rows,
    study_agreement,
)

router = APIRouter(prefix="/v1", tags=["agreement"])


@router.get(
    "/agreement", response_model=Agreement | SegmentAgreement,
    summary="Percent agreement, Cohen's kappa and Krippendorff's alpha of two coders per code, on character units",
    responses={200: TABLE_FORMS,
               400: {"description": "Not two coders, or texts or positions missing for character units"},
               404: {"description": "Unknown study"}},
)
def agreement(
    request: Request,
    store: StoreDep,
    study: Annotated[str | None, Query(description="Study uid; needed when several are loaded.")] = None,
    coders: Annotated[str | None, Query(description="The two coders to compare, 'A,B'.")] = None,
    unit: Annotated[Literal["character", "segment"], Query(
        description="character: every character a unit; segment: matched segments (no kappa or alpha).")] = "character",
    threshold: Annotated[float, Query(gt=0, le=1, description="segment: the overlap a match needs, as a share of "
                                                              "the two segments' union.")] = DEFAULT_THRESHOLD,
    format: Annotated[Literal["json", "csv", "xlsx"] | None, Query(
        description="csv or xlsx also by the Accept header (text/csv, the xlsx media type).")] = None,
) -> Agreement | SegmentAgreement | Response:
    wanted = [c.strip() for c in coders.split(",")] if coders else None
    answer = study_agreement(store, study, wanted, unit, threshold)
    form = table_form(request, format)
    return table_response(form, "Agreement", *agreement_rows(answer)) if form else answer
