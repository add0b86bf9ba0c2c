"""Uploads: POST /v1/imports loads files as `themegraph load` does; it needs the API key."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Request, UploadFile

from api.deps import StoreDep, WriteAccess
from graph.errors import BadInput, UploadTooLarge
from loaders.pipeline import LoadOptions, LoadReport, load_paths

router = APIRouter(prefix="/v1", tags=["imports"])

_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_CHUNK = 1 << 20


def _save(upload: UploadFile, folder: Path, budget: int) -> tuple[Path, int]:
    """Copy one upload into a folder of its own under `folder` (two parts may have one name), under a
    safe name; return its path and the budget left."""
    name = _SAFE_NAME.sub("_", Path(upload.filename or "upload").name).lstrip(".") or "upload"
    own = folder / str(sum(1 for _ in folder.iterdir()))
    own.mkdir()
    path = own / name
    with open(path, "wb") as fh:
        while chunk := upload.file.read(_CHUNK):
            budget -= len(chunk)
            if budget < 0:
                raise UploadTooLarge("the upload is larger than the server accepts "
                                     "(THEMEGRAPH_MAX_UPLOAD_MB); load it with `themegraph load` instead", name)
            fh.write(chunk)
    return path, budget


def _no_null(schema: dict) -> None:
    """A form field is a string or absent (multipart has no null), so the schema offers no null."""
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if len(options) == 1:
        del schema["anyOf"]
        schema.update(options[0])


@router.post(
    "/imports", response_model=list[LoadReport], summary="Load uploaded files (needs the X-API-Key header)",
    responses={400: {"description": "A file failed validation; nothing was written"},
               401: {"description": "No X-API-Key header"}, 403: {"description": "Wrong key, or imports disabled"},
               413: {"description": "Upload too large"}},
)
def imports(
    request: Request,
    store: StoreDep,
    _: WriteAccess,
    files: Annotated[list[UploadFile], File(description="Coded segments (CSV...).", min_length=1)],
    study: Annotated[str | None, Form(description="Study id (default: 'default').", json_schema_extra=_no_null)] = None,
    format: Annotated[str, Form(description="auto or a format name.")] = "auto",
    codebook: Annotated[Literal["reference"] | None, Form(description="'reference' for the reference codebook.",
                                                          json_schema_extra=_no_null)] = None,
    extend_codebook: Annotated[bool, Form(description="Accept codes outside the study's codebook.")] = False,
    dry_run: Annotated[bool, Form(description="Validate and report without writing.")] = False,
    redact: Annotated[bool, Form(description="Replace personal data in quote texts by typed placeholders.")] = False,
) -> list[LoadReport]:
    budget = request.app.state.settings.max_upload_mb * 1024 * 1024
    with tempfile.TemporaryDirectory(prefix="themegraph-upload-") as tmp:
        paths = []
        for upload in files:
            path, budget = _save(upload, Path(tmp), budget)
            paths.append(path)
        options = LoadOptions(study=study, format=format, codebook=codebook, extend_codebook=extend_codebook,
                              dry_run=dry_run, redact=redact,
                              spacy_model=request.app.state.settings.spacy_model)
        try:
            reports = load_paths(store, paths, options)
        except BadInput as exc:
            where = re.sub(re.escape(tmp) + r"/\d+/", "", exc.where) if exc.where else None
            raise exc.at(where) from None
    for report in reports:
        report.file = Path(report.file).name
    return reports
