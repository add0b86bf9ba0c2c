"""Files -> validated batches -> the store: every file checked before any is written.

`load_paths` is what `themegraph load` and `POST /v1/imports` call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from graph.codebook import reference_codebook, reference_study
from graph.errors import BadInput
from graph.model import Study
from graph.store import GraphStore
from loaders.csv_table import read_csv_segments
from loaders.segment_row import SegmentRow
from loaders.segments import BatchPlan, build_batch

__all__ = ["LoadOptions", "LoadReport", "load_paths", "FORMATS", "DEFAULT_STUDY", "check_study_id"]

DEFAULT_STUDY = "default"
FORMATS: dict[str, Callable[[Path], Iterator[SegmentRow]]] = {"csv": read_csv_segments}
_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".txt": "csv"}
_STUDY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")


@dataclass(frozen=True)
class LoadOptions:
    study: str | None = None
    format: str = "auto"
    codebook: Literal["reference"] | None = None
    extend_codebook: bool = False
    dry_run: bool = False


class LoadReport(BaseModel):
    file: str
    format: str
    study: str
    codebook: Literal["defined", "reference", "existing", "extended"]
    rows: int
    experts: int
    sources: int
    quotes: int
    codings: int
    new_themes: list[str]
    new_subthemes: list[str]
    written: bool


def check_study_id(study: str) -> str:
    if not _STUDY_ID.fullmatch(study):
        raise BadInput(f"study id {study!r} must be letters, digits, '.', '_' or '-' (at most 80)", "--study")
    return study


def _format_of(path: Path, requested: str) -> str:
    if requested != "auto":
        if requested not in FORMATS:
            raise BadInput(f"unknown format {requested!r}; this version reads: {', '.join(FORMATS)}", "--format")
        return requested
    fmt = _SUFFIXES.get(path.suffix.lower())
    if not fmt:
        raise BadInput(f"cannot tell the format from the suffix {path.suffix!r}; "
                       f"name it with --format ({', '.join(FORMATS)})", str(path))
    return fmt


def load_paths(store: GraphStore, paths: list[Path], options: LoadOptions) -> list[LoadReport]:
    """Validate every file, then write them in order; raise BadInput before writing anything bad."""
    study_id = check_study_id(options.study or DEFAULT_STUDY)
    known = {s.uid: s for s in store.studies()}
    current = store.codebook(study_id)
    if current:
        mode = "existing"
    elif options.codebook == "reference":
        current, mode = reference_codebook(study_id), "reference"
    else:
        mode = "defined"
    if study_id in known:
        s = known[study_id]
        study = Study(s.uid, s.title, s.year, s.country, s.method)
    elif options.codebook == "reference":
        study = reference_study(study_id)
    else:
        study = Study(study_id, title=study_id)

    plans: list[tuple[Path, str, BatchPlan]] = []
    for path in paths:
        if not path.is_file():
            raise BadInput("no such file", str(path))
        fmt = _format_of(path, options.format)
        try:
            plan = build_batch(FORMATS[fmt](path), study, current, extend=options.extend_codebook)
        except BadInput as exc:
            raise type(exc)(exc.reason, exc.where or str(path), exc.more) from None
        plans.append((path, fmt, plan))
        current = plan.codebook

    reports = []
    for path, fmt, plan in plans:
        if not options.dry_run:
            store.write(plan.batch)
        b = plan.batch
        reports.append(LoadReport(
            file=str(path), format=fmt, study=study_id,
            codebook="extended" if mode == "existing" and (plan.new_themes or plan.new_subthemes) else mode,
            rows=plan.rows, experts=len(b.experts), sources=len(b.sources), quotes=len(b.quotes),
            codings=len(b.codings), new_themes=plan.new_themes, new_subthemes=plan.new_subthemes,
            written=not options.dry_run,
        ))
        mode = "existing"
    return reports
