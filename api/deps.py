"""Dependencies shared by the routes, as Annotated aliases."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import APIKeyHeader
from pydantic import SecretStr

from api.heavy import HeavyWork
from graph.store import GraphStore

__all__ = ["StoreDep", "HeavyDep", "WriteAccess", "key_refusal", "require_api_key", "get_store"]


def get_store(request: Request) -> GraphStore:
    return request.app.state.store


# Declared as a security scheme so that /openapi.json says which operations need the key.
_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="The server's THEMEGRAPH_API_KEY.")


def key_refusal(expected: SecretStr | None, given: str | None) -> tuple[int, str] | None:
    """Why a request that needs the key is refused (status, message), or None if the key matches.

    Compared in constant time. No key configured: writes are off."""
    if expected is None:
        return 403, "writes over HTTP are disabled: start the server with THEMEGRAPH_API_KEY set"
    if not given:
        return 401, "this request writes: send the server's key in the X-API-Key header"
    if not hmac.compare_digest(given.encode(), expected.get_secret_value().encode()):
        return 403, "the X-API-Key header does not match the server's key"
    return None


def require_api_key(
    request: Request,
    x_api_key: Annotated[str | None, Security(_api_key_header)] = None,
) -> None:
    """Writes need the key (checked again here; api.write_gate checks it before the body is read)."""
    refusal = key_refusal(request.app.state.settings.api_key, x_api_key)
    if refusal:
        raise HTTPException(*refusal)


def get_heavy(request: Request) -> HeavyWork:
    return request.app.state.heavy


StoreDep = Annotated[GraphStore, Depends(get_store)]
HeavyDep = Annotated[HeavyWork, Depends(get_heavy)]
WriteAccess = Annotated[None, Depends(require_api_key)]
