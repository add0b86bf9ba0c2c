"""Commands for research rigour: intercoder agreement, and the way back to QDA tools (REFI-QDA export)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from api.cli.app import OutFile, OutFormat, app, opened_store, out, write_xlsx
from graph.agreement.report import DEFAULT_THRESHOLD, SegmentAgreement, agreement_rows, study_agreement
from graph.errors import BadInput
from graph.exports.refi_codebook import codebook_xml
from graph.exports.refi_project import write_qdpx
from graph.exports.study_facts import study_facts
from graph.studies import resolve_study
from graph.tabular import to_csv


@app.command()
def agreement(
    study: Annotated[Optional[str], typer.Option(help="Study id (needed when several are loaded).")] = None,
    coders: Annotated[Optional[str], typer.Option(help="The two coders to compare, A,B (needed when the study "
                                                       "has more than two).")] = None,
    unit: Annotated[str, typer.Option(help="character (kappa and alpha on character units) or segment "
                                           "(matched segments, MAXQDA's view).")] = "character",
    threshold: Annotated[float, typer.Option(help="segment: the share of two segments' union their overlap "
                                                  "must reach.")] = DEFAULT_THRESHOLD,
    format: Annotated[OutFormat, typer.Option(help="table, csv, json or xlsx (with --out).")] = OutFormat.table,
    out_file: OutFile = None,
) -> None:
    """Intercoder agreement of two coders per code and overall: percent agreement, Cohen's kappa and
    Krippendorff's alpha on character units, or the segment view."""
    if unit not in ("character", "segment"):
        raise BadInput(f"--unit {unit!r}: use character or segment", "--unit")
    wanted = [c.strip() for c in coders.split(",")] if coders else None
    with opened_store() as store:
        answer = study_agreement(store, study, wanted, unit, threshold)  # type: ignore[arg-type]
    header, rows = agreement_rows(answer)
    if format is OutFormat.json:
        print(answer.model_dump_json(indent=2))
    elif format is OutFormat.csv:
        sys.stdout.write(to_csv(header, rows))
    elif format is OutFormat.xlsx:
        write_xlsx(out_file, "Agreement", header, rows)
    else:
        a, b = answer.coders
        what = (f"segments matched at {answer.threshold:.0%} overlap" if isinstance(answer, SegmentAgreement)
                else "character units")
        table = Table(title=f"Agreement of {a} and {b}, study {answer.study} ({what})")
        for column in header:
            table.add_column(column, overflow="fold")
        for r in rows:
            table.add_row(*map(str, r))
        out.print(table)


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def export_refi(format: str, study: str | None, out_file: Path | None) -> None:
    """`themegraph export --format qdpx|qdc`: one study as a REFI-QDA project or codebook, into --out."""
    if out_file is None:
        raise BadInput(f"--format {format} writes a file: name it with --out FILE.{format}", "--out")
    with opened_store() as store:
        uid = resolve_study(store, study)
        data = write_qdpx(study_facts(store.dump(), uid)) if format == "qdpx" else codebook_xml(store.codebook(uid))
    _write_atomically(out_file, data)
    out.print(f"Exported study {uid} to {out_file} (REFI-QDA {'project' if format == 'qdpx' else 'codebook'}).")
