"""Request bodies bounded in size and in time before they are read.

FastAPI parses a multipart upload completely (spooling it to disk) before any route runs, so
the route's own size check comes after the whole body arrived. This ASGI layer refuses a body
larger than THEMEGRAPH_MAX_UPLOAD_MB (plus room for the multipart framing) first: a
Content-Length over it is answered 413 at once, and a body sent without one is cut off as soon
as it passes the limit. A body that takes longer than THEMEGRAPH_BODY_TIMEOUT seconds to arrive
(a client that declares 4 MB and sends 1) is answered 408, so it cannot hold a spooled file and
a worker for ever.
"""

from __future__ import annotations

import time

import anyio

from api.problems import problem

__all__ = ["BodyLimit"]

FRAMING = 1 << 20  # multipart boundaries, part headers and small form fields


class _TooLarge(BaseException):
    """Raised from `receive`; a BaseException so that body parsers do not turn it into a 400."""


class _TooSlow(BaseException):
    """Raised from `receive` when the body's time is up."""


class BodyLimit:
    def __init__(self, app, max_bytes: int, max_seconds: float) -> None:
        self.app = app
        self.max_bytes = max_bytes + FRAMING
        self.max_seconds = max_seconds

    def _slow(self):
        return problem(408, "Request body too slow",
                       f"the request body did not arrive within {self.max_seconds:g} s (THEMEGRAPH_BODY_TIMEOUT); "
                       "send it again on a faster connection, or load large files with `themegraph load`")

    def _refusal(self):
        mb = (self.max_bytes - FRAMING) // (1 << 20)
        return problem(413, "Upload too large",
                       f"the request body is larger than the server accepts ({mb} MB, THEMEGRAPH_MAX_UPLOAD_MB); "
                       "load large files with `themegraph load` instead")

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refusal()(scope, receive, send)
            return
        received = 0
        started = False
        deadline: float | None = None

        async def counting_receive():
            nonlocal received, deadline
            deadline = deadline or time.monotonic() + self.max_seconds
            try:
                with anyio.fail_after(max(0.0, deadline - time.monotonic())):
                    message = await receive()
            except TimeoutError:
                raise _TooSlow from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        async def tracking_send(message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._refusal()(scope, receive, send)
        except _TooSlow:
            if not started:
                await self._slow()(scope, receive, send)
