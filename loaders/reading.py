"""What a format reader receives and returns: the shared shape of every `read_*` function."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.codebook import Codebook
from graph.model import Study
from loaders.records import Record
from loaders.text_stream import Progress

__all__ = ["ReadContext", "Section"]


@dataclass(frozen=True)
class ReadContext:
    """Options a reader may need: a forced table layout, a mapping, whether local files may be read."""

    layout: str | None = None  # a preset name, when --format names one
    mapping: dict[str, Any] | None = None  # a parsed --mapping file
    mapping_where: str = "--mapping"
    local_files: bool = True  # the sources/ folder beside a bare .qde (off for uploads)
    sources_dir: Path | None = None  # the one folder REFI texts outside the project may be read from
    progress: Progress | None = None
    # the codebook of the study a table goes to (ATLAS.ti names codes by leaf name; see loaders.joined_codes)
    codebook: Callable[[], Codebook | None] | None = None


@dataclass
class Section:
    """The records of one study in a file; most files hold one section.

    `study` is set when the file carries its study's facts (JSONL); `study_name` when it only
    suggests a name for it (a REFI project's name); otherwise the load's --study decides.
    """

    records: Iterable[Record]
    study: Study | None = None
    study_name: str | None = None
    format: str = ""
    extra: dict[str, str] = field(default_factory=dict)
