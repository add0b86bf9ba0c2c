"""Request bodies bounded before they are read.

FastAPI parses a multipart upload completely (spooling it to disk) before any dependency or
route runs, so the route's own size check and even the API-key check come after the whole body
arrived. This ASGI layer refuses a body larger than THEMEGRAPH_MAX_UPLOAD_MB (plus room for the
multipart framing) first: a Content-Length over it is answered 413 at once, and a body sent
without one is cut off as soon as it passes the limit.
"""

from __future__ import annotations

from api.problems import problem

__all__ = ["BodyLimit"]

FRAMING = 1 << 20  # multipart boundaries, part headers and small form fields


class _TooLarge(BaseException):
    """Raised from `receive`; a BaseException so that body parsers do not turn it into a 400."""


class BodyLimit:
    def __init__(self, app, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes + FRAMING

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

        async def counting_receive():
            nonlocal received
            message = await receive()
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
