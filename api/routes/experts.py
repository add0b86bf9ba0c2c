"""Experts and their profiles."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.deps import StoreDep
from graph.experts import ExpertProfile, ExpertSummary

router = APIRouter(prefix="/v1", tags=["experts"])


@router.get("/experts", response_model=list[ExpertSummary], summary="Experts with their attributes and counts",
            responses={404: {"description": "Unknown study"}})
def experts(
    store: StoreDep,
    study: Annotated[str | None, Query(description="Study uid.")] = None,
    profession: Annotated[str | None, Query(description="Only this profession (any case).")] = None,
) -> list[ExpertSummary]:
    return store.experts(study, profession)


@router.get("/experts/{uid:path}", response_model=ExpertProfile,
            summary="One expert: attributes, themes and sub-themes raised with counts, their quotes",
            responses={404: {"description": "Unknown expert"}})
def expert(store: StoreDep,
           uid: Annotated[str, Path(description="Expert uid, 'study:pseudonym'.", examples=["llm-mental-health-2024:P07"])],
           ) -> ExpertProfile:
    return store.expert(uid)
