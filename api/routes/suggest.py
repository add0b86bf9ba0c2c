"""Sub-theme suggestions for uncoded text: POST /v1/suggest. It writes nothing, so needs no key; it is bounded."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field, StringConstraints

from api.deps import HeavyDep, StoreDep
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
    description="Suggestions only: nothing is written, so it needs no key; its work is bounded instead. The "
                "suggester learns from the study's coded quotes (a seeded sample of 1,000 past that), is kept until "
                "the graph changes, and may train for THEMEGRAPH_SUGGEST_SECONDS (422 past it); a few heavy "
                "requests run at once (THEMEGRAPH_HEAVY_REQUESTS; 503 with Retry-After past it). The first request "
                "for a study takes from seconds to a minute or two.",
    responses={400: {"description": "Too few coded quotes to learn from"}, 404: {"description": "Unknown study"},
               422: {"description": "Training would take longer than the server allows"},
               503: {"description": "As many briefs and suggestions as the server allows are being computed"}},
)
def suggest(request: Request, store: StoreDep, heavy: HeavyDep, body: SuggestRequest) -> SuggestionReport:
    from loaders.enrich.suggest import study_suggester  # imports spaCy: the first request pays for it

    budget = request.app.state.settings.suggest_seconds
    with heavy.slot("suggestion"):
        return study_suggester(store, body.study, budget=budget).report(body.texts, body.top, body.threshold)
