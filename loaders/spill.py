"""The validated chunks of one file, kept between validating every file and writing them.

One chunk stays in memory; from the second on they all go to a temporary file (pickled, since
only this process reads it back), so a file of any size is held one chunk at a time. Records
are pickled as plain tuples: pickling the dataclasses themselves is about 30 times slower.
"""

from __future__ import annotations

import operator
import pickle
import tempfile
from collections.abc import Iterator
from typing import IO

from graph.errors import ThemeGraphError
from graph.model import (
    Coder,
    Coding,
    Concept,
    Expert,
    GraphBatch,
    Memo,
    Mention,
    Profession,
    Quote,
    Source,
    SubTheme,
    Theme,
)

__all__ = ["Spill"]

def _slots(record_type: type) -> tuple[str, ...]:
    return record_type.__slots__  # type: ignore[attr-defined]  # every record is a slotted dataclass


_RECORDS: dict[str, type] = {"professions": Profession, "experts": Expert, "sources": Source, "themes": Theme,
                             "subthemes": SubTheme, "quotes": Quote, "codings": Coding, "concepts": Concept,
                             "mentions": Mention, "coders": Coder, "memos": Memo}

# Each record as the tuple of its fields (attrgetter of several names returns a tuple).
_FIELDS = {name: operator.attrgetter(*_slots(cls)) for name, cls in _RECORDS.items()}


class Spill:
    """Re-iterable: a store may start a transaction again from the first chunk."""

    def __init__(self) -> None:
        self._first: GraphBatch | None = None
        self._file: IO[bytes] | None = None
        self.chunks = 0
        self.quotes = 0

    def add(self, batch: GraphBatch) -> None:
        if self.chunks == 0:
            self._first = batch
        else:
            if self._file is None:
                self._file = tempfile.TemporaryFile(prefix="themegraph-load-")
                self._dump(self._first)
                self._first = None
            self._dump(batch)
        self.chunks += 1
        self.quotes += len(batch.quotes)

    def _dump(self, batch: GraphBatch | None) -> None:
        assert batch is not None and self._file is not None
        rows = {name: list(map(_FIELDS[name], getattr(batch, name))) for name in _RECORDS}
        pickle.dump((batch.study, rows), self._file, protocol=pickle.HIGHEST_PROTOCOL)

    def __iter__(self) -> Iterator[GraphBatch]:
        if self._file is None:
            if self._first is not None:
                yield self._first
            return
        for i in range(self.chunks):
            try:
                if i == 0:
                    self._file.seek(0)
                study, rows = pickle.load(self._file)
            except (OSError, EOFError, pickle.UnpicklingError) as exc:
                # Not an OSError any more: a store would take that for its server not answering.
                raise ThemeGraphError(f"the load's temporary file cannot be read back ({exc}); check the space "
                                      "in the temporary folder and load again") from exc
            yield GraphBatch(study, **{name: [cls(*r) for r in rows[name]] for name, cls in _RECORDS.items()})

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._first = None
