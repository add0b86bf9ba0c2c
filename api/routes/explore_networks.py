"""The explorer's networks: codes and the professions that raised them, and codes raised together.

Both are drawn by vis-network (served from the pyvis package) from data embedded as JSON; a
click asks the JSON API (same origin) for the quotes behind a node without leaving the page.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.deps import StoreDep
from api.explorer.facts import StudyFacts
from api.explorer.networks import AGGREGATE_ABOVE, cooccurrence_data, graph_data
from api.explorer.render import ExplorerRoute, Page, render, root_of
from api.links import ExplorerLinks
from api.routes.explore import StudyId
from graph.cooccurrence import CooccurrenceQuery
from graph.model import Category
from graph.naming import name_key
from graph.views.reads import CodeIndex

router = APIRouter(prefix="/explore", tags=["explorer"], route_class=ExplorerRoute, include_in_schema=False)

TOP_PAIRS = 50  # pairs listed under the co-occurrence network, for reading and for the keyboard


@router.get("/{study}/graph", response_class=HTMLResponse)
def graph_page(
    request: Request, store: StoreDep, study: StudyId,
    category: Annotated[Category | Literal[""] | None, Query()] = None,
    profession: Annotated[str | None, Query()] = None,
    theme: Annotated[str | None, Query(description="A theme's uid or name: only its branch.")] = None,
    expand: Annotated[Literal["", "all"] | None, Query(description="'all': every code drawn from the start.")] = None,
) -> HTMLResponse:
    facts = StudyFacts.read(store, study)
    to = ExplorerLinks(facts.uid, root_of(request))
    theme_uid = facts.pick_code(theme, "theme")
    professions = facts.professions()
    chosen_prof = next((p for p, _ in professions if profession and name_key(p) == name_key(profession)), None)
    split = CodeIndex.of(store.themes(facts.uid, by="profession"))
    data = graph_data(facts, split, to, category=category or None, profession=chosen_prof, theme=theme_uid,
                      expand_all=expand == "all")
    form = {"category": [(c, c) for c in facts.categories], "theme": facts.code_choices("theme"),
            "profession": [(p, f"{p} ({n})") for p, n in professions]}
    chosen = {"category": category or "", "theme": theme_uid or "", "profession": chosen_prof or ""}
    drawn = {c["id"] for c in data["codes"] if c["parent"] is None or c["parent"] in data["opened"]}
    return render(request, "graph.html", Page("Codes and professions", "graph"), facts.summary, data=data, form=form,
                  chosen=chosen, aggregated=len(drawn) < len(data["codes"]), limit=AGGREGATE_ABOVE,
                  ignored=[name for name, given, found in (("theme", theme, theme_uid), ("profession", profession,
                                                                                          chosen_prof)) if given and not found])


@router.get("/{study}/cooccurrence", response_class=HTMLResponse)
def cooccurrence_page(
    request: Request, store: StoreDep, study: StudyId,
    level: Annotated[Literal["subtheme", "theme"], Query()] = "subtheme",
    unit: Annotated[Literal["expert", "quote"], Query()] = "expert",
    category: Annotated[Category | Literal[""] | None, Query()] = None,
) -> HTMLResponse:
    facts = StudyFacts.read(store, study)
    to = ExplorerLinks(facts.uid, root_of(request))
    if not facts.deep:
        level = "theme"  # a flat codebook: its themes are the codes
    co = store.cooccurrence(CooccurrenceQuery(level=level, unit=unit, study=facts.uid, category=category or None))
    data = cooccurrence_data(co, facts.index, to)
    pairs = sorted(data["links"], key=lambda x: (-x["count"], -x["jaccard"]))[:TOP_PAIRS]
    name = {n["id"]: n["name"] for n in data["nodes"]}
    form = {"level": [("subtheme", "sub-themes"), ("theme", "themes")] if facts.deep else [("theme", "themes")],
            "unit": [("expert", "experts"), ("quote", "quotes")], "category": [(c, c) for c in facts.categories]}
    chosen = {"level": level, "unit": unit, "category": category or ""}
    return render(request, "cooccurrence.html", Page("Codes raised together", "cooccurrence"), facts.summary,
                  data=data, form=form, chosen=chosen, name=name, pairs=pairs)
