"""Commands that change or copy the store: load, export, delete-study, reset."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from api.cli.app import app, opened_store, out, state
from api.cli.rigour import export_refi
from graph.errors import BadInput
from graph.studies import study_summary
from loaders.jsonl import jsonl_lines
from loaders.load_report import LoadReport
from loaders.pipeline import LoadOptions, load_paths


class _LoadProgress:
    """A rich progress bar on standard error, shown only on a terminal and once a load takes a moment."""

    def __init__(self, delay: float = 0.7) -> None:
        self._start = time.monotonic()
        self._delay = delay
        self._bar: Progress | None = None
        self._tasks: dict[str, TaskID] = {}

    def __call__(self, file: str, done: int, total: int | None, phase: str = "reading") -> None:
        if self._bar is None:
            if time.monotonic() - self._start < self._delay:
                return
            self._bar = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                                 TimeRemainingColumn(), console=Console(stderr=True), transient=True)
            self._bar.start()
        key = f"{phase} {file}"
        if key not in self._tasks:
            self._tasks[key] = self._bar.add_task(f"{phase} {Path(file).name}", total=total)
        self._bar.update(self._tasks[key], completed=done)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def _say(text: str) -> None:
    # no wrapping (reports are read by scripts too) and no markup (file names may hold brackets)
    out.print(text, highlight=False, soft_wrap=True, markup=False)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in counts.items()) or "nothing"


def _print_report(r: LoadReport, dry_run: bool) -> None:
    verb = "checked (dry run)" if dry_run else "loaded"
    _say(f"{r.file}: {verb} {r.rows} coded segments: {r.experts} experts, {r.quotes} quotes, "
              f"{r.codings} codings into study {r.study} (format {r.format}, codebook {r.codebook})")
    would = "would be " if dry_run else ""
    for label, counts in (("created", r.created), ("updated", r.updated), ("unchanged", r.unchanged)):
        if counts:
            _say(f"  {would}{label}: {_counts(counts)}")
    if r.skipped:
        _say(f"  skipped: {_counts(r.skipped)}")
    if r.offsets:
        _say(f"  selection positions read as {r.offsets}")
    if r.enrichment and r.enrichment.redactions:
        _say(f"  redacted: {_counts(r.enrichment.redactions)} in {r.enrichment.redacted_quotes} quotes")
    if r.enrichment and r.enrichment.concepts:
        _say(f"  concepts: {r.enrichment.concepts} mentioned {r.enrichment.mentions} times")
    if r.speakers is not None:
        shown = ", ".join(f"{name} ({n})" for name, n in list(r.speakers.items())[:20])
        more = f" and {len(r.speakers) - 20} more" if len(r.speakers) > 20 else ""
        _say(f"  speakers: {len(r.speakers)} found: {shown or 'none'}{more}; "
             f"{r.without_speaker} quote(s) without a label stay with their file's expert")
    for warning in r.warnings:
        _say(f"  warning: {warning}")
    new = r.new_themes + r.new_subthemes
    if len(new) > 12:
        _say(f"  new codes: {len(r.new_themes)} themes, {len(r.new_subthemes)} sub-themes "
                  "(`themegraph themes` lists them)")
    else:
        for name in new:
            _say(f"  new code: {name}")


@app.command()
def load(
    paths: Annotated[list[Path], typer.Argument(help="Files to load (.qdpx, .qde, .qdc, .csv, .xlsx, .xls, .jsonl).",
                                                show_default=False)],
    study: Annotated[Optional[str], typer.Option(help="Study id (default: a REFI project's name, else 'default').")] = None,
    format: Annotated[str, typer.Option(help="auto, refi, csv, xlsx, xls, jsonl, or a table layout: generic, "
                                             "maxqda, atlasti, atlasti-codes, nvivo, qualcoder, taguette, "
                                             "attributes.")] = "auto",
    mapping: Annotated[Optional[Path], typer.Option(help="YAML or JSON file naming the columns of another table layout.")] = None,
    codebook: Annotated[Optional[str], typer.Option(help="'reference' (the reference study's 4 themes and 11 "
                                                         "sub-themes) or a codebook file (.qdc, or ATLAS.ti's Code "
                                                         "Manager export: its code groups become the themes).")] = None,
    extend_codebook: Annotated[bool, typer.Option(help="Accept codes outside the study's codebook on purpose.")] = False,
    category_map: Annotated[Optional[Path], typer.Option(help="YAML, JSON or CSV file: theme name -> benefit, gap, "
                                                              "prerequisite, expectation or other.")] = None,
    profession_variable: Annotated[Optional[str], typer.Option(help="The case variable or column holding the "
                                                                    "profession (default: profession, occupation, role or 职业).")] = None,
    redact: Annotated[bool, typer.Option(help="Replace emails, phone and ID numbers, URLs and names after titles "
                                              "in quote texts by [EMAIL], [PHONE], [ID], [URL], [NAME].")] = False,
    redact_names: Annotated[Optional[Path], typer.Option(help="File of names to redact wherever they occur, one a "
                                                              "line (implies --redact).")] = None,
    lexicon: Annotated[Optional[list[Path]], typer.Option(help="Your own concept lexicon (JSON, as the shipped "
                                                               "one), repeatable.")] = None,
    concepts: Annotated[bool, typer.Option(help="Find lexicon concepts in the quotes (MENTIONS).")] = True,
    sources_dir: Annotated[Optional[Path], typer.Option(help="Folder holding the texts a REFI project names outside "
                                                             "itself (file://, absolute://, relative:// paths); without "
                                                             "it they are not read, and the report names them.")] = None,
    speakers: Annotated[bool, typer.Option(
        help="Focus groups: a speaker label at the start of a quote (P8:, M:, Moderator:) makes each label in "
             "each file an expert named 'LABEL (FILE)', the label cut from the text.")] = False,
    speaker_pattern: Annotated[Optional[str], typer.Option(
        help="With --speakers: a regular expression matching a quote's start and capturing the label "
             "(a group named 'label', or the first group), e.g. '^(\\w+) - '.")] = None,
    dry_run: Annotated[bool, typer.Option(help="Validate and report; write nothing.")] = False,
    report: Annotated[Optional[str], typer.Option(help="'json' prints the load report as JSON.")] = None,
) -> None:
    """Load coded segments; every file is checked before any is written."""
    if report not in (None, "json", "text"):
        raise BadInput(f"--report {report!r}: use json, or leave it out for text", "--report")
    if codebook not in (None, "reference") and not Path(codebook).is_file():
        raise BadInput(f"--codebook {codebook!r} is neither 'reference' nor a codebook file", "--codebook")
    progress = _LoadProgress() if sys.stderr.isatty() else None
    options = LoadOptions(study=study, format=format, codebook=codebook, extend_codebook=extend_codebook,
                          dry_run=dry_run, mapping=mapping, category_map=category_map,
                          profession_variable=profession_variable, local_files=True, sources_dir=sources_dir,
                          progress=progress,
                          redact=redact, redact_names=redact_names, concepts=concepts, lexicon=tuple(lexicon or ()),
                          spacy_model=state.settings.spacy_model,
                          speakers=(speaker_pattern or "") if speakers or speaker_pattern else None)
    try:
        with opened_store() as store:
            reports = load_paths(store, paths, options)
    finally:
        if progress:
            progress.close()
    if report == "json":
        print(json.dumps([r.model_dump() for r in reports], indent=2, ensure_ascii=False))
        return
    for r in reports:
        _print_report(r, dry_run)


@app.command()
def export(
    format: Annotated[str, typer.Option(help="jsonl: ThemeGraph's lossless format, one coded segment a line; "
                                             "qdpx: a study as a REFI-QDA project; qdc: its codebook.")] = "jsonl",
    out_file: Annotated[Optional[Path], typer.Option("--out", help="File to write (standard output without it).")] = None,
    study: Annotated[Optional[str], typer.Option(help="qdpx, qdc: the study (needed when several are loaded).")] = None,
) -> None:
    """Write the whole graph as JSONL (`themegraph load` reads it back into the identical graph), or
    one study as a REFI-QDA project or codebook for QDA tools."""
    if format in ("qdpx", "qdc"):
        export_refi(format, study, out_file)
        return
    if format != "jsonl":
        raise BadInput(f"--format {format!r}: use jsonl, qdpx or qdc", "--format")
    with opened_store() as store:
        lines = jsonl_lines(store.dump())
        if out_file is None:
            for line in lines:
                sys.stdout.write(line + "\n")
            return
        tmp = out_file.with_name(f".{out_file.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
                for line in lines:
                    fh.write(line + "\n")
            os.replace(tmp, out_file)
        finally:
            tmp.unlink(missing_ok=True)
    _say(f"Exported the {state.settings.store_kind} store to {out_file}.")


@app.command("delete-study")
def delete_study(
    study: Annotated[str, typer.Argument(help="The study's id, as `themegraph studies` lists it.", show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: delete the study with its experts, sources, quotes "
                                                    "and codes.")] = False,
) -> None:
    """Delete one study with its experts, sources, quotes and codes; other studies stay as they are."""
    if not yes:
        raise BadInput(f"delete-study removes study {study!r} with its experts, sources, quotes and codes; "
                       "run it again with --yes", "delete-study")
    with opened_store() as store:
        summary = study_summary(store, study)
        store.delete_study(study)
    _say(f"Deleted study {study} ({summary.experts} experts, {summary.quotes} quotes, {summary.themes} themes, "
         f"{summary.subthemes} sub-themes) from the {state.settings.store_kind} store.")


@app.command()
def reset(yes: Annotated[bool, typer.Option("--yes", help="Confirm: delete everything in the store.")] = False) -> None:
    """Delete every node and relationship in the current store."""
    if not yes:
        raise BadInput("reset deletes everything in the store; run it again with --yes", "reset")
    with opened_store() as store:
        store.clear()
    out.print(f"The {state.settings.store_kind} store is empty.")
