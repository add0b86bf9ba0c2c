"""Sub-theme suggestions for uncoded text: POST /v1/suggest. It writes nothing, so needs no key."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field, StringConstraints

from api.deps import StoreDep
from loaders.enrich.suggestions import SuggestionReport

router = APIRouter(prefix="/v1", tags=["suggestions"])


class SuggestRequest(BaseModel):
    study: str = Field(description="Study whose coded quotes the suggester learns from.")
    texts: list[Annotated[str, StringConstraints(min_length=1, max_length=20_000)]] = Field(
        min_length=1, max_length=1_000, description="Uncoded segments, one a string.")
    top: int = Field(3, ge=1, le=50, description="At most this many sub-themes per text.")
    threshold: float = Field(0.5, ge=0.0, le=1.0, description="Lowest score suggested.")


@router.post(
    "/suggest", response_model=SuggestionReport,
    summary="Suggest sub-themes for uncoded text, with scores and the cross-validated F1 against a baseline",
    description="Suggestions only: nothing is written. The suggester is trained on the study's coded quotes "
                "(and kept while they do not change); the first request for a study takes a few seconds.",
    responses={400: {"description": "Too few coded quotes to learn from"}, 404: {"description": "Unknown study"}},
)
def suggest(store: StoreDep, body: SuggestRequest) -> SuggestionReport:
    from loaders.enrich.suggest import study_suggester  # imports spaCy: the first request pays for it

    return study_suggester(store, body.study).report(body.texts, body.top, body.threshold)
