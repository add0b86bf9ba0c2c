"""Interactive views as HTML pages (`/views/...`) and the index of studies and views at `/`."""

from __future__ import annotations

import secrets
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from api.deps import StoreDep
from api.links import ExplorerLinks, ViewLinks
from graph.model import Category
from graph.neighborhood import MAX_NODES
from graph.views import DEFAULT_BUDGET, ServedLinks, ViewSpec, build_view, render_view
from graph.views.budget import MAX_BUDGET, MIN_BUDGET
from graph.views.index_page import INDEX_CSP, index_page
from graph.views.page import csp

router = APIRouter(tags=["views"])

Budget = Annotated[int, Query(ge=MIN_BUDGET, le=MAX_BUDGET,
                              description="Most nodes drawn; above it the view groups the rest into '+N more' nodes.")]
Study = Annotated[str | None, Query(description="Study uid; may be left out when only one study is loaded.")]
Uid = Annotated[str, Path(description="The node's uid.")]


def _page(request: Request, store: StoreDep, spec: ViewSpec, budget: int) -> HTMLResponse:
    view = build_view(store, spec, budget)
    links = ViewLinks(request.scope.get("root_path", ""), study=view.study)
    nonce = secrets.token_urlsafe(16)
    page = render_view(store, view, links, home=links.href("/"), nonce=nonce)
    return HTMLResponse(page, headers={"Content-Security-Policy": csp(nonce), "X-Content-Type-Options": "nosniff"})


@router.get("/", response_class=HTMLResponse, summary="Index: studies, their views, themes and experts")
def index(request: Request, store: StoreDep,
          study: Annotated[str | None, Query(description="Only this study.")] = None,
          category: Annotated[Category | Literal[""] | None, Query(description="Only themes of this category.")] = None,
          profession: Annotated[str | None, Query(description="Only experts of this profession.")] = None,
          ) -> HTMLResponse:
    study, category, profession = study or None, category or None, profession or None  # the form sends "" for any
    studies = store.studies()
    shown = [s.uid for s in studies if study in (None, s.uid)]
    everyone = store.experts(study)
    trees = {uid: store.themes(uid) for uid in shown}
    experts = {uid: store.experts(uid, profession) for uid in shown}
    professions = sorted({x.profession for x in everyone if x.profession})
    root = request.scope.get("root_path", "")
    explorer = {"": ExplorerLinks("", root).home, **{s.uid: ExplorerLinks(s.uid, root).base for s in studies}}
    page = index_page(studies, trees, experts, professions, study=study, category=category, profession=profession,
                      to=ServedLinks(root), explorer=explorer)
    return HTMLResponse(page, headers={"Content-Security-Policy": INDEX_CSP, "X-Content-Type-Options": "nosniff"})


@router.get("/views/overview", response_class=HTMLResponse,
            summary="The study, its themes and sub-themes (size: experts) and the professions that raised them")
def overview(request: Request, store: StoreDep, study: Study = None, budget: Budget = DEFAULT_BUDGET) -> HTMLResponse:
    return _page(request, store, ViewSpec("overview", study=study), budget)


@router.get("/views/risks", response_class=HTMLResponse,
            summary="Professions and the risks (gap sub-themes) they raised; edge width: experts")
def risks(request: Request, store: StoreDep, study: Study = None, budget: Budget = DEFAULT_BUDGET) -> HTMLResponse:
    return _page(request, store, ViewSpec("risks", study=study), budget)


@router.get("/views/experts/{uid:path}", response_class=HTMLResponse,
            summary="One expert, their quotes, and the sub-themes and themes of those quotes")
def expert(request: Request, store: StoreDep, uid: Uid, budget: Budget = DEFAULT_BUDGET) -> HTMLResponse:
    return _page(request, store, ViewSpec("expert", uid=uid), budget)


@router.get("/views/themes/{uid:path}", response_class=HTMLResponse,
            summary="A theme or sub-theme, its sub-themes, the experts by profession and their quotes")
def theme(request: Request, store: StoreDep, uid: Uid, budget: Budget = DEFAULT_BUDGET) -> HTMLResponse:
    return _page(request, store, ViewSpec("theme", uid=uid), budget)


@router.get("/views/neighborhood/{uid:path}", response_class=HTMLResponse,
            summary="Any node's neighbourhood (a quote, source, profession, concept...), each node clickable")
def neighborhood(request: Request, store: StoreDep, uid: Uid,
                 depth: Annotated[int, Query(ge=1, le=3, description="Steps from the node.")] = 1,
                 budget: Annotated[int, Query(ge=MIN_BUDGET, le=MAX_NODES, description="Most nodes drawn.")] = 500,
                 study: Annotated[str | None, Query(description=(
                     "For a profession or concept (shared by studies): the study whose experts and quotes to show; "
                     "may be left out when one study is loaded."))] = None,
                 ) -> HTMLResponse:
    return _page(request, store, ViewSpec("neighborhood", uid=uid, study=study, depth=depth), budget)
