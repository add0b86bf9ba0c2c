"""The API over a store on a free local port, for tests that need a real HTTP server (browsers)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from api.app import create_app
from api.settings import Settings
from graph.store import GraphStore

__all__ = ["serving"]


@contextmanager
def serving(store: GraphStore, settings: Settings | None = None) -> Iterator[str]:
    """The API over `store` on a free local port, in a thread; yields its base URL."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(create_app(settings or Settings(store="memory"), store=store), host="127.0.0.1",
                                           port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
