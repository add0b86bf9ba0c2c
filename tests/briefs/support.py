"""Helpers for the brief tests: small studies built for one purpose, and the external tools
(Chromium, LibreOffice) some tests drive. A missing tool skips its test with a message, except
when CI is set, where it fails."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from graph.codebook import reference_codebook, reference_study
from graph.model import Coding, Expert, GraphBatch, Profession, Quote, Source
from graph.naming import expert_uid, name_key, quote_uid, source_uid

__all__ = ["ARTIFACTS", "MISLEADING", "need_tool", "libreoffice_path", "one_code_batch"]

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
MISLEADING = "Misleading information"


def need_tool(name: str, found: str | None, how: str) -> str:
    """The tool's path; skip the calling test without it, or fail it when CI is set."""
    if found:
        return found
    message = f"{name} is not installed; {how}"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {message}")
    pytest.skip(message)


def libreoffice_path() -> str:
    return need_tool("libreoffice", shutil.which("libreoffice") or shutil.which("soffice"),
                     "apt-get install --no-install-recommends libreoffice-writer-nogui "
                     "(it is in .ci/apt-packages.txt)")


def one_code_batch(study: str, quotes: list[tuple[str, str, str, bool]], subtheme: str = MISLEADING) -> GraphBatch:
    """A study with the reference codebook and, per (pseudonym, profession, text, redacted), an
    expert with that one quote coded to `subtheme` (written directly, as a redacting loader would)."""
    codebook = reference_codebook(study)
    code = next(s for s in codebook.subthemes if s.name == subtheme)
    batch = GraphBatch(study=reference_study(study), themes=list(codebook.themes),
                       subthemes=list(codebook.subthemes))
    for pseudonym, profession, text, redacted in quotes:
        expert = expert_uid(study, pseudonym)
        source = source_uid(study, f"Interview {pseudonym}")
        uid = quote_uid(study, source, None, None, text)
        if all(p.name != name_key(profession) for p in batch.professions):
            batch.professions.append(Profession(name_key(profession), profession))
        batch.experts.append(Expert(expert, study, pseudonym, name_key(profession)))
        batch.sources.append(Source(source, study, f"Interview {pseudonym}"))
        batch.quotes.append(Quote(uid, study, expert, source, text, redacted=redacted))
        batch.codings.append(Coding(uid, code.uid))
    return batch
