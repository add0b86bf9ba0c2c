"""Errors as RFC 9457 problem+json, mapped in one place."""

from __future__ import annotations

import logging
import traceback

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from graph.errors import (
    BadInput,
    Busy,
    NotFound,
    StoreUnavailable,
    ThemeGraphError,
    TooMuchWork,
    UploadTooLarge,
)

__all__ = ["install_problem_handlers", "problem", "STATUS_OF"]

log = logging.getLogger("themegraph.api")

STATUS_OF: list[tuple[type[ThemeGraphError], int, str]] = [
    (UploadTooLarge, 413, "Upload too large"),
    (TooMuchWork, 422, "Too much work"),
    (Busy, 503, "Busy"),
    (BadInput, 400, "Bad input"),
    (NotFound, 404, "Not found"),
    (StoreUnavailable, 503, "Store unavailable"),
]


def problem(status: int, title: str, detail: str, headers: dict[str, str] | None = None,
            **extra: object) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    if status == 503:
        headers = {**(headers or {}), "Retry-After": "5"}
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
        # Keep the exception's headers: a 405 must still say what is Allow-ed.
        return problem(exc.status_code, str(exc.detail), str(exc.detail), headers=dict(exc.headers or {}),
                       instance=request.url.path)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        _log_unexpected(exc, request.method, request.url.path)
        return problem(500, "Internal error", "ThemeGraph could not answer; see the server log")

    app.add_middleware(ContainUnexpectedErrors)


def _log_unexpected(exc: BaseException, method: str, path: str) -> None:
    """The type and the frames, not the message: it may hold quote text (a pydantic error's
    input_value, a KeyError's key), and logs are kept longer and read by more people."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("unhandled %s on %s %s (message withheld); where:\n%s", type(exc).__name__, method, path, frames)


class ContainUnexpectedErrors:
    """ASGI layer just inside Starlette's ServerErrorMiddleware: an exception no handler mapped
    becomes a 500 problem+json here and is logged by `_log_unexpected`, instead of travelling up
    to Starlette and the server, which would log its message in full."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking(message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception as exc:
            _log_unexpected(exc, scope.get("method", ""), scope.get("path", ""))
            if not started:
                response = problem(500, "Internal error", "ThemeGraph could not answer; see the server log")
                await response(scope, receive, send)
