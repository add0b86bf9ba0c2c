"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import StoreDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    store: str = Field(description="The store this process serves: memory (embedded) or neo4j.")


@router.get("/health", response_model=Health, summary="The process is up and which store it serves (does not query it)")
def health(store: StoreDep) -> Health:
    return Health(status="ok", store=store.name)


@router.get("/ready", response_model=Health, summary="The store answers; 503 problem+json if not",
            responses={503: {"description": "The store does not answer"}})
def ready(store: StoreDep) -> Health:
    store.ping()
    return Health(status="ready", store=store.name)
