"""Which view to draw (`overview`, `risks`, `expert:UID`, `theme:UID`, `neighborhood:UID`), drawn
as a page, or as files that link to each other."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, cast, get_args

from graph.errors import BadInput
from graph.store import GraphStore
from graph.studies import resolve_study
from graph.views import links
from graph.views.budget import DEFAULT_BUDGET
from graph.views.build import to_network
from graph.views.code_view import theme_view
from graph.views.expert_view import expert_view
from graph.views.model import Target, View
from graph.views.node_view import neighborhood_view
from graph.views.page import FileLinks, Links, render_page
from graph.views.study_views import overview, risks

__all__ = ["ViewKind", "ViewSpec", "build_view", "render_view", "export_views"]

ViewKind = Literal["overview", "risks", "expert", "theme", "neighborhood"]
_ALIASES = {"experts": "expert", "themes": "theme", "subtheme": "theme", "node": "neighborhood",
            "neighbourhood": "neighborhood"}


@dataclass(frozen=True)
class ViewSpec:
    kind: ViewKind
    uid: str | None = None  # expert, theme and neighbourhood views
    study: str | None = None  # overview, risks, and the neighbourhood of a node studies share; None: the only one
    depth: int = 1  # neighbourhood views

    @classmethod
    def parse(cls, text: str, study: str | None = None, depth: int = 1) -> ViewSpec:
        """`overview`, `risks`, `expert:UID`, `theme:UID` or `neighborhood:UID`; raises BadInput."""
        name, sep, uid = text.partition(":")
        kind = cast(ViewKind, _ALIASES.get(name.strip().lower(), name.strip().lower()))
        if kind not in get_args(ViewKind):
            raise BadInput(f"unknown view {text!r}; use overview, risks, expert:UID, theme:UID or neighborhood:UID",
                           "view")
        if kind in ("overview", "risks"):
            if sep:
                raise BadInput(f"the {kind} view takes no uid; name the study with --study", "view")
            return cls(kind, study=study)
        if not uid.strip():
            raise BadInput(f"the {kind} view needs a uid, as in {kind}:llm-mental-health-2024:P07", "view")
        if not 1 <= depth <= 3:
            raise BadInput("depth must be 1, 2 or 3", "depth")
        return cls(kind, uid=uid.strip(), study=study if kind == "neighborhood" else None, depth=depth)

    def target(self) -> Target:
        """Where this view is served (the study must be resolved for overview and risks)."""
        if self.kind == "overview":
            return links.overview(self.study or "")
        if self.kind == "risks":
            return links.risks(self.study or "")
        if self.kind == "neighborhood":
            return links.neighborhood(self.node, self.study)
        return {"expert": links.expert, "theme": links.code}[self.kind](self.node)

    @property
    def node(self) -> str:
        """The uid an expert, theme or neighbourhood view is about."""
        if self.uid is None:
            raise BadInput(f"the {self.kind} view needs a uid", "view")
        return self.uid


def build_view(store: GraphStore, spec: ViewSpec, budget: int = DEFAULT_BUDGET) -> View:
    """The view the spec names, read from the store; raises NotFound, BadInput."""
    if spec.kind == "overview":
        return overview(store, spec.study, budget)
    if spec.kind == "risks":
        return risks(store, spec.study, budget)
    if spec.kind == "expert":
        return expert_view(store, spec.node, budget)
    if spec.kind == "theme":
        return theme_view(store, spec.node, budget)
    return neighborhood_view(store, spec.node, spec.depth, budget, spec.study)


def render_view(store: GraphStore, view: View, page_links: Links, home: str | None = None,
                nonce: str | None = None) -> str:
    """The page of a built view, with its study's title and notice in the header; `home` is the
    index page's href, `nonce` the scripts' Content-Security-Policy nonce (see render_page)."""
    studies = {s.uid: s for s in store.studies()}
    shown = studies.get(view.study or "")
    nav = [("Index", home)] if home else []
    if view.study:
        for text, target in (("Overview", links.overview(view.study)), ("Risks", links.risks(view.study))):
            if (href := page_links.href(target.path)) and view.kind != text.lower():
                nav.append((text, href))
    return render_page(to_network(view), view, page_links, study_title=shown.title if shown else None,
                       note=shown.notice if shown else None, nav=nav, nonce=nonce)


def export_views(store: GraphStore, pages: list[tuple[ViewSpec, str]], out_dir: Path,
                 budget: int = DEFAULT_BUDGET) -> list[Path]:
    """Write each view to its file name in `out_dir` as UTF-8; clicks between these files work.

    Returns the paths written; raises NotFound, BadInput before writing anything.
    """
    resolved = [(replace(s, study=resolve_study(store, s.study)) if s.kind in ("overview", "risks") else s, name)
                for s, name in pages]
    file_links = FileLinks({spec.target().path: name for spec, name in resolved})
    rendered = [(out_dir / name, render_view(store, build_view(store, spec, budget), file_links))
                for spec, name in resolved]
    out_dir.mkdir(parents=True, exist_ok=True)
    for path, page in rendered:
        path.write_text(page, encoding="utf-8")
    return [path for path, _ in rendered]
