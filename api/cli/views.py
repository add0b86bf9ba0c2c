"""The view command: one interactive view written to a self-contained HTML file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated, Optional

import typer

from api.cli.app import app, opened_store, out
from graph.errors import BadInput
from graph.naming import code_key, name_key
from graph.store import GraphStore
from graph.views import DEFAULT_BUDGET, ViewSpec, export_views
from graph.views.budget import MAX_BUDGET, MIN_BUDGET
from graph.views.reads import CodeIndex

__all__ = ["view", "named_spec"]

CANDIDATES_LISTED = 10


def _refuse(spec: ViewSpec, what: str, found: list[str], listing: str) -> BadInput:
    shown = "; ".join(found[:CANDIDATES_LISTED]) + (f"; and {len(found) - CANDIDATES_LISTED} more"
                                                     if len(found) > CANDIDATES_LISTED else "")
    return BadInput(f"{spec.kind}:{spec.uid} names {len(found)} {what}: {shown}; give one's uid, or name the "
                    f"study with --study ({listing} lists them)", "view")


def named_spec(store: GraphStore, spec: ViewSpec, study: str | None) -> ViewSpec:
    """`expert:NAME` and `theme:NAME` with the uid of the one expert (pseudonym) or code (name, any
    spelling) so named, in `study` or in every study; a uid, or a name that matches nothing,
    stays as given. Raises BadInput listing the candidates when a name is ambiguous."""
    given = spec.uid or ""
    if spec.kind == "expert":
        experts = store.experts(study)
        if given in {e.uid for e in experts}:
            return spec
        found = [e for e in experts if name_key(e.pseudonym) == name_key(given)]
        if len(found) > 1:
            raise _refuse(spec, "experts", [f"{e.uid} ({e.profession or 'profession not recorded'})" for e in found],
                          "`themegraph experts`")
    elif spec.kind == "theme":
        index = CodeIndex.of(store.themes(study))
        if given in index.codes:
            return spec
        codes = [index.codes[u] for u in index.codes if code_key(index.codes[u].name) == code_key(given)]
        found_codes = [(c.uid, " › ".join(index.codes[u].name for u in reversed(index.chain(c.uid)))) for c in codes]
        if len(found_codes) > 1:
            raise _refuse(spec, "codes", [f"{uid} ({path})" for uid, path in found_codes], "`themegraph themes`")
        return replace(spec, uid=found_codes[0][0]) if found_codes else spec
    else:
        return spec
    return replace(spec, uid=found[0].uid) if found else spec


@app.command()
def view(
    which: Annotated[str, typer.Argument(metavar="overview|risks|expert:UID|theme:UID|neighborhood:UID",
                                         help="The view: a study's overview or risks, or one expert, theme, "
                                              "sub-theme or any node's neighbourhood. expert: and theme: also "
                                              "take a pseudonym or a code's name where only one matches.")],
    out_file: Annotated[Path, typer.Option("--out", help="HTML file to write (UTF-8, opens offline).")],
    study: Annotated[Optional[str], typer.Option(help="Study id for overview and risks, for the neighbourhood "
                                                      "of a profession or concept (shared by studies), and where "
                                                      "names are looked up; may be left out when one study is "
                                                      "loaded.")] = None,
    depth: Annotated[int, typer.Option(help="Steps from the node, for neighborhood:UID (1-3).")] = 1,
    budget: Annotated[int, typer.Option(help=f"Most nodes drawn ({MIN_BUDGET}-{MAX_BUDGET}); above it the view "
                                             "groups the rest into '+N more' nodes.")] = DEFAULT_BUDGET,
) -> None:
    """Write one interactive view (pyvis) to a self-contained HTML file."""
    if not MIN_BUDGET <= budget <= MAX_BUDGET:
        raise BadInput(f"must be between {MIN_BUDGET} and {MAX_BUDGET}", "--budget")
    spec = ViewSpec.parse(which, study=study, depth=depth)
    with opened_store() as store:
        spec = named_spec(store, spec, study)
        (path,) = export_views(store, [(spec, out_file.name)], out_file.parent, budget)
    out.print(f"Wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
