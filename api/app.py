"""The FastAPI application, built from settings by `create_app`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api.body_limit import BodyLimit
from api.bootstrap import open_store
from api.deps import get_store, require_api_key
from api.explorer.render import install_explorer_assets
from api.heavy import HeavyWork
from api.openapi_errors import document_errors
from api.problems import install_problem_handlers
from api.routes import (
    admin,
    agreement,
    analysis,
    briefs,
    experts,
    explore,
    explore_networks,
    explore_tables,
    graph_walk,
    health,
    imports,
    matrix,
    quotes,
    studies,
    suggest,
    views,
)
from api.routes.docs import install_docs
from api.security_headers import SecurityHeaders
from api.settings import Settings
from api.write_gate import WriteGate
from graph.store import GraphStore

__all__ = ["create_app"]


def create_app(settings: Settings, store: GraphStore | None = None) -> FastAPI:
    """The app over `store`, or over the store the settings name (opened at start-up, closed at shutdown)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = store is None
        app.state.store = open_store(settings, serving=True) if own else store
        try:
            yield
        finally:
            if own:
                app.state.store.close()

    app = FastAPI(
        title="ThemeGraph",
        summary="Coded expert interviews as a knowledge graph: experts, quotes, sub-themes, themes.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.heavy = HeavyWork(settings.heavy_requests)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["X-API-Key", "Content-Type", "Accept"])
    install_problem_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_upload_mb * 1024 * 1024, max_seconds=settings.body_timeout)
    app.add_middleware(WriteGate, fastapi_app=app)
    app.add_middleware(SecurityHeaders)
    for module in (health, studies, matrix, quotes, experts, analysis, graph_walk, imports, admin, briefs, views,
                   suggest, agreement, explore, explore_tables, explore_networks):
        app.include_router(module.router)
    install_docs(app)
    install_explorer_assets(app)
    document_errors(app, store_dependency=get_store, write_dependency=require_api_key)
    return app
