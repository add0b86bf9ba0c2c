"""Rendering the explorer's pages: one autoescaped Jinja2 environment, the header every page
shares (the study, where you are, its notice), a strict Content-Security-Policy, and errors
as pages a person can read instead of problem+json."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from api.explorer.highlight import highlight
from api.links import ExplorerLinks
from api.problems import STATUS_OF
from graph.errors import ThemeGraphError
from graph.results import StudySummary
from graph.views.style import CATEGORY_NAMES

__all__ = ["ASSETS", "EXPLORER_CSP", "Page", "ExplorerRoute", "render", "install_explorer_assets", "root_of"]

HERE = Path(__file__).resolve().parent
ASSETS = "/explore-assets"
# Only this server's own scripts, styles and API: data can never bring a script, and the pages
# reach nothing elsewhere. No inline script or style attribute is needed (heat is a class).
EXPLORER_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECTIONS = [("", "Study"), ("matrix", "Matrix"), ("quotes", "Quotes"), ("graph", "Graph"),
            ("cooccurrence", "Co-occurrence")]

_env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, undefined=StrictUndefined,
                   trim_blocks=True, lstrip_blocks=True)
_env.globals.update(CATEGORY_NAMES=CATEGORY_NAMES, highlight=highlight)


def root_of(request: Request) -> str:
    return request.scope.get("root_path", "")


@dataclass(frozen=True)
class Page:
    """Where a page is: its title, its section of the study ('' the study page itself, None
    outside a study) and the trail after the study in the header (text, href; the last is
    the page itself)."""

    title: str
    section: str | None = None
    trail: tuple[tuple[str, str | None], ...] = ()


def render(request: Request, template: str, page: Page, study: StudySummary | None = None,
           status: int = 200, **context: Any) -> HTMLResponse:
    """The page from `template` with the shared header; `context` goes to the template."""
    root = root_of(request)
    to = ExplorerLinks(study.uid if study else "", root)
    if page.section and not page.trail and page.section in dict(SECTIONS):
        page = replace(page, trail=((dict(SECTIONS)[page.section], None),))
    html = _env.get_template(template).render(
        page=page, study=study, to=to, assets=root + ASSETS, sections=SECTIONS if study else [],
        home=to.home, views_index=root + "/", docs=root + "/docs", **context)
    return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": EXPLORER_CSP})


def _error_page(request: Request, status: int, title: str, detail: str) -> HTMLResponse:
    return render(request, "error.html", Page(title), status=status, detail=detail, heading=title)


class ExplorerRoute(APIRoute):
    """Explorer routes answer refusals (unknown study, bad filter, store down) with an HTML page
    of the same status, saying what to do, so a person who followed a link is not left with JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except ThemeGraphError as exc:
                status, title = next(((s, t) for kind, s, t in STATUS_OF if isinstance(exc, kind)), (500, "Error"))
                return _error_page(request, status, title, str(exc))
            except RequestValidationError as exc:
                detail = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg', '')}"
                                   for e in exc.errors())
                return _error_page(request, 422, "This address asks for something the explorer cannot show", detail)

        return guarded


VIS_NETWORK = "vis-network.min.js"


def install_explorer_assets(app: FastAPI) -> None:
    """Serve the explorer's CSS and scripts, and vis-network from the pyvis package, under ASSETS."""
    vis = Path(str(resources.files("pyvis").joinpath("lib", "vis-9.1.2", VIS_NETWORK)))

    @app.get(f"{ASSETS}/{VIS_NETWORK}", include_in_schema=False)
    def vis_network() -> FileResponse:
        return FileResponse(vis, media_type="text/javascript; charset=utf-8",
                            headers={"Cache-Control": "public, max-age=86400"})

    app.mount(ASSETS, StaticFiles(directory=HERE / "static"), name="explore-assets")
