"""The errors ThemeGraph raises, one hierarchy for every room.

    ThemeGraphError                 anything ThemeGraph itself refuses or cannot do
     +-- BadInput                   a file, row, flag or parameter is wrong; nothing was written
     |    +-- CodebookConflict      a code outside the study's codebook, or a contradicting pair
     |    +-- UploadTooLarge        an upload past the server's size limit
     |    +-- TooMuchWork           a request whose work would pass a bound (size or time); narrow it
 +-- NotFound                   a uid or name that the graph does not hold
 +-- Busy                       the server is at its limit of heavy requests; try again shortly
     +-- StoreUnavailable           the store does not answer (Neo4j down, data file unreadable)

The command line maps them to exit codes in one place (`api.cli`), the HTTP API to
problem+json in one handler (`api.problems`). Messages never carry quote text.
"""

from __future__ import annotations


class ThemeGraphError(Exception):
    """Root of every error ThemeGraph raises on purpose."""


class BadInput(ThemeGraphError):
    """Input that cannot be used as given; `where` names the file and row or element."""

    def __init__(self, reason: str, where: str | None = None, more: int = 0) -> None:
        self.reason = reason
        self.where = where
        self.more = more
        text = f"{where}: {reason}" if where else reason
        if more:
            text += f" (and {more} more problem{'s' if more > 1 else ''} in this file)"
        super().__init__(text)

    def at(self, where: str | None) -> BadInput:
        """The same error (same class, reason and count) located at `where`."""
        return type(self)(self.reason, where, self.more)


class CodebookConflict(BadInput):
    """A row or selection names a code the study's codebook does not hold as given."""


class NotFound(ThemeGraphError):
    """The graph holds nothing under the uid or name asked for."""


class StoreUnavailable(ThemeGraphError):
    """The store cannot be reached or read; retrying later may work."""


class TooMuchWork(BadInput):
    """A request whose work would pass a bound the server keeps (size or time)."""


class Busy(ThemeGraphError):
    """The server runs as many heavy requests as it allows; retrying shortly may work."""


class UploadTooLarge(BadInput):
    """An upload larger than the server accepts."""
