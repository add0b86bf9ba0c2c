"""The API key checked before a request body is read.

FastAPI reads (and spools) a multipart body before any dependency runs, so `require_api_key`
alone lets anyone without a key make the server take in an upload. This ASGI layer finds the
routes that depend on `require_api_key` and answers a request to one of them from its headers
alone when the key is missing or wrong, or when writes are off.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI

from api.deps import key_refusal, require_api_key
from api.openapi_errors import api_routes, calls
from api.problems import problem

__all__ = ["WriteGate"]


class WriteGate:
    def __init__(self, app: Any, fastapi_app: FastAPI) -> None:
        self.app = app
        self.fastapi_app = fastapi_app
        self._guarded: list[tuple[re.Pattern[str], set[str]]] | None = None

    def _writes(self) -> list[tuple[re.Pattern[str], set[str]]]:
        if self._guarded is None:  # the routes are all in place by the first request
            self._guarded = [(route.path_regex, set(route.methods or ())) for route in api_routes(self.fastapi_app.routes)
                             if require_api_key in set(calls(route.dependant))]
        return self._guarded

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and any(
                scope["method"] in methods and pattern.match(scope["path"]) for pattern, methods in self._writes()):
            given = dict(scope.get("headers", [])).get(b"x-api-key")
            refusal = key_refusal(self.fastapi_app.state.settings.api_key,
                                  given.decode("latin-1") if given is not None else None)
            if refusal:
                status, message = refusal
                await problem(status, message, message, instance=scope["path"])(scope, receive, send)
                return
        await self.app(scope, receive, send)
