"""Dependencies shared by the routes, as Annotated aliases."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import APIKeyHeader

from graph.store import GraphStore

__all__ = ["StoreDep", "WriteAccess"]


def get_store(request: Request) -> GraphStore:
    return request.app.state.store


# Declared as a security scheme so that /openapi.json says which operations need the key.
_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="The server's THEMEGRAPH_API_KEY.")


def require_api_key(
    request: Request,
    x_api_key: Annotated[str | None, Security(_api_key_header)] = None,
) -> None:
    """Writes need the key; compared in constant time. No key configured: writes are off."""
    expected = request.app.state.settings.api_key
    if expected is None:
        raise HTTPException(403, "writes over HTTP are disabled: start the server with THEMEGRAPH_API_KEY set")
    if not x_api_key:
        raise HTTPException(401, "this request writes: send the server's key in the X-API-Key header")
    if not hmac.compare_digest(x_api_key.encode(), expected.get_secret_value().encode()):
        raise HTTPException(403, "the X-API-Key header does not match the server's key")


StoreDep = Annotated[GraphStore, Depends(get_store)]
WriteAccess = Annotated[None, Depends(require_api_key)]
