"""`themegraph suggest`: sub-themes suggested for uncoded text, learnt from a study's codes.

FILE is plain UTF-8 text, one segment a line, or a .csv/.tsv with a `text` column and
optionally `expert`, `profession`, `source` and attribute columns. The command prints each
suggestion with its score, and the cross-validated F1 per sub-theme next to a majority-class
baseline. Nothing is written unless `--accept`: then the suggestions shown are loaded as
codings (coder `themegraph-suggest`) through the normal load path, from a CSV in the generic
layout (which needs an expert per segment); `--out FILE` keeps that CSV for review instead.
"""

from __future__ import annotations

import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from api.cli.app import app, opened_store, out, state
from graph.studies import resolve_study
from loaders.enrich.suggestions import SuggestionReport
from loaders.enrich.uncoded import accepted_rows, read_uncoded, write_accepted
from loaders.pipeline import LoadOptions, load_paths


class SuggestFormat(StrEnum):
    table = "table"
    json = "json"


def _print(report: SuggestionReport, texts: list[str]) -> None:
    table = Table(title=f"suggested sub-themes ({len(report.suggestions)} for {len(texts)} segments; "
                        "suggestions, not codings)", show_lines=True)
    for column in ("#", "text", "suggested sub-theme", "score"):
        table.add_column(column, overflow="fold")
    for s in report.suggestions:
        text = texts[s.index]
        table.add_row(str(s.index + 1), text if len(text) <= 120 else text[:117] + "...",
                      f"{s.subtheme}\n({s.theme})", f"{s.score:.2f}")
    out.print(table)
    e = report.evaluation
    scores = Table(title=f"cross-validated on {e.quotes} coded quotes of {e.study} ({e.folds}-fold, seed {e.seed}, "
                         f"threshold {e.threshold})")
    for column in ("sub-theme", "support", "precision", "recall", "F1", "baseline F1"):
        scores.add_column(column, overflow="fold", justify="left" if column == "sub-theme" else "right")
    for row in e.labels:
        scores.add_row(row.subtheme, str(row.support), f"{row.precision:.2f}", f"{row.recall:.2f}", f"{row.f1:.2f}",
                       f"{row.baseline_f1:.2f}")
    out.print(scores)
    out.print(f"macro F1 {e.macro_f1:.2f} vs majority baseline {e.baseline_macro_f1:.2f}; "
              f"micro F1 {e.micro_f1:.2f} vs {e.baseline_micro_f1:.2f} (baseline: {e.baseline})",
              highlight=False, markup=False, soft_wrap=True)


@app.command()
def suggest(
    file: Annotated[Path, typer.Argument(help="Text file (one segment a line) or CSV/TSV with a 'text' column.")],
    study: Annotated[Optional[str], typer.Option(help="Study whose coded quotes to learn from (default: the only one).")] = None,
    top: Annotated[int, typer.Option(min=1, max=50, help="At most this many sub-themes per segment.")] = 3,
    threshold: Annotated[float, typer.Option(min=0.0, max=1.0, help="Lowest score suggested.")] = 0.5,
    accept: Annotated[bool, typer.Option("--accept", help="Load the suggestions shown as codings (needs an expert column).")] = False,
    out_file: Annotated[Optional[Path], typer.Option("--out", help="Write the suggestions as a CSV `themegraph load` reads.")] = None,
    format: Annotated[SuggestFormat, typer.Option(help="table or json.")] = SuggestFormat.table,
) -> None:
    """Suggest sub-themes for uncoded text, with scores and the cross-validated F1 against a baseline."""
    from loaders.enrich.suggest import study_suggester  # imports spaCy: only this command needs it

    segments = read_uncoded(file)
    texts = [s.text for s in segments]
    with opened_store() as store:
        study_id = resolve_study(store, study)
        report = study_suggester(store, study_id, budget=state.settings.suggest_seconds).report(texts, top, threshold)
        if format is SuggestFormat.json:
            print(report.model_dump_json(indent=2))
        else:
            _print(report, texts)
        if not (accept or out_file):
            return
        header, rows = accepted_rows(segments, report.suggestions)
        err = format is SuggestFormat.json  # keep standard output pure JSON

        def say(text: str) -> None:
            typer.echo(text, err=err)

        if not rows:
            say("no suggestion reached the threshold: nothing to write or accept")
            return
        if out_file:
            write_accepted(out_file, header, rows)
            say(f"wrote {len(rows)} suggestions to {out_file}; load them with "
                f"`themegraph load {out_file} --study {study_id}`")
        if accept:
            with tempfile.TemporaryDirectory() as folder:
                path = out_file or write_accepted(Path(folder) / "accepted-suggestions.csv", header, rows)
                for r in load_paths(store, [path], LoadOptions(study=study_id)):
                    say(f"accepted: {r.codings} codings on {r.quotes} quotes into study {r.study} "
                        "(coder themegraph-suggest)")
