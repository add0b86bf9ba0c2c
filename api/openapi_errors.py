"""Make /openapi.json say what the app really answers when it refuses a request.

FastAPI documents a 422 as `application/json` HTTPValidationError and leaves the other error
responses without a body, while `api.problems` answers every error as problem+json. This
rewrites the generated document once: every 4xx/5xx response of every operation carries the
`Problem` schema under `application/problem+json`, and the statuses the app can give for
reasons common to many routes are added where they apply (422 for any route with parameters,
503 for any route that reads the store, 401/403 for any route behind the API key).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field

__all__ = ["Problem", "PROBLEM_MEDIA_TYPE", "document_errors", "api_routes", "calls"]

PROBLEM_MEDIA_TYPE = "application/problem+json"
_REF = "#/components/schemas/Problem"


class FieldProblem(BaseModel):
    loc: list[str] = Field(description="Where the value was: ['query', 'limit'], ['body', 'files']...")
    msg: str


class Problem(BaseModel):
    """RFC 9457 problem details: every error the API gives has this body."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = Field(description="What is wrong and what to do about it.")
    instance: str | None = Field(None, description="The path that was asked for.")
    errors: list[FieldProblem] | None = Field(None, description="One entry per invalid parameter (422 only).")


_COMMON = {
    "422": "A parameter is missing, malformed or out of range; `errors` lists each one",
    "503": "The store does not answer (Neo4j down, data file unreadable or locked); retry after Retry-After seconds",
}
# Any store read given parameters can refuse them (graph.errors.BadInput, NotFound).
_STORE_READ = {
    "400": "A value the data makes wrong (an attribute the experts do not have, a cursor not handed out...)",
    "404": "A study, uid or name that the graph does not hold",
}
_WRITE = {
    "401": "No X-API-Key header: this request writes",
    "403": "Wrong X-API-Key, or writes over HTTP are disabled (no THEMEGRAPH_API_KEY)",
}


def api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    """The app's APIRoutes, also those FastAPI keeps inside included routers (newer versions)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif (inner := getattr(route, "original_router", None)) is not None:
            yield from api_routes(inner.routes)


def calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from calls(sub)


def _has_params(route: APIRoute) -> bool:
    d = route.dependant
    return bool(d.path_params or d.query_params or d.header_params or d.cookie_params or route.body_field)


def document_errors(app: FastAPI, store_dependency: Callable[..., Any], write_dependency: Callable[..., Any]) -> None:
    """Wrap `app.openapi` so that the document declares problem+json errors (see the module doc)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = generate()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(problem.pop("$defs", {}))
        components["Problem"] = problem
        for route in api_routes(app.routes):
            if not route.include_in_schema:
                continue
            called = set(calls(route.dependant))
            extra: dict[str, str] = {}
            if _has_params(route):
                extra["422"] = _COMMON["422"]
            if store_dependency in called:
                extra["503"] = _COMMON["503"]
                if _has_params(route):
                    extra.update(_STORE_READ)
            if write_dependency in called:
                extra.update(_WRITE)
            for method in route.methods or ():
                operation = schema["paths"].get(route.path_format, {}).get(method.lower())
                if operation is not None:
                    _rewrite(operation["responses"], extra)
        for unused in ("HTTPValidationError", "ValidationError"):
            if unused in components and unused not in str(schema["paths"]):
                del components[unused]
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _rewrite(responses: dict[str, Any], extra: dict[str, str]) -> None:
    for status, description in extra.items():
        if status in _STORE_READ:  # a route's own words on its 400 and 404 are more precise
            responses.setdefault(status, {"description": description})
        else:
            responses.setdefault(status, {})["description"] = description
    for status, response in responses.items():
        if status[0] in "45":
            response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": _REF}}}
            if status == "503":
                response["headers"] = {"Retry-After": {
                    "description": "Seconds to wait before trying again.", "schema": {"type": "integer"}}}
