"""Errors as RFC 9457 problem+json, mapped in one place."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from graph.errors import BadInput, NotFound, StoreUnavailable, ThemeGraphError, UploadTooLarge

__all__ = ["install_problem_handlers", "problem", "STATUS_OF"]

log = logging.getLogger("themegraph.api")

STATUS_OF: list[tuple[type[ThemeGraphError], int, str]] = [
    (UploadTooLarge, 413, "Upload too large"),
    (BadInput, 400, "Bad input"),
    (NotFound, 404, "Not found"),
    (StoreUnavailable, 503, "Store unavailable"),
]


def problem(status: int, title: str, detail: str, **extra: object) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    headers = {"Retry-After": "5"} if status == 503 else None
    return JSONResponse(body, status_code=status, media_type="application/problem+json", headers=headers)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(ThemeGraphError)
    async def _domain(request: Request, exc: ThemeGraphError) -> JSONResponse:
        for kind, status, title in STATUS_OF:
            if isinstance(exc, kind):
                return problem(status, title, str(exc), instance=request.url.path)
        log.error("unexpected ThemeGraph error on %s: %s", request.url.path, type(exc).__name__)
        return problem(500, "Internal error", "ThemeGraph could not answer; see the server log")

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", "")} for e in exc.errors()
        ]
        detail = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors)
        return problem(422, "Invalid request", detail, instance=request.url.path, errors=errors)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        return problem(exc.status_code, str(exc.detail), str(exc.detail), instance=request.url.path)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return problem(500, "Internal error", "ThemeGraph could not answer; see the server log")
