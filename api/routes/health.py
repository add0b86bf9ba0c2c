"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import StoreDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    store: str | None = None


@router.get("/health", response_model=Health, summary="The process is up (does not touch the store)")
def health() -> Health:
    return Health(status="ok")


@router.get("/ready", response_model=Health, summary="The store answers; 503 problem+json if not",
            responses={503: {"description": "The store does not answer"}})
def ready(store: StoreDep) -> Health:
    store.ping()
    return Health(status="ready", store=store.name)
