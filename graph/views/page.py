"""One self-contained HTML page per view: vis-network inlined from the pyvis package, the data
as escaped JSON, no reference to any other server, and a Content-Security-Policy that lets
only the page's own scripts run.

pyvis's template is not used: even its "in_line" mode links bootstrap from a CDN, and it
turns tooltips into HTML. The page is assembled here and returned as a str; callers write it
as UTF-8 (pyvis's write_html uses the locale's encoding).
"""

from __future__ import annotations

import functools
import html
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources

from pyvis.network import Network

from graph.views.model import View
from graph.views.style import legend

__all__ = ["Links", "ServedLinks", "FileLinks", "render_page", "vis_script", "csp", "UNLINKED"]

UNLINKED = ("This view was saved on its own, without the view this node opens. Write that view with the "
            "command below, or open this page from a running `themegraph serve`.")
LIST_LIMIT = 500  # links listed under the graph for keyboard and screen-reader users


class Links:
    """Where a served path (/views/..., /v1/...) points from this page; None when it cannot."""

    def href(self, path: str) -> str | None:
        raise NotImplementedError


@dataclass(frozen=True)
class ServedLinks(Links):
    """Pages served by the API: paths under the app's root path."""

    root: str = ""

    def href(self, path: str) -> str:
        return self.root + path


@dataclass(frozen=True)
class FileLinks(Links):
    """Pages written as files: only the views written beside this one can be opened."""

    files: Mapping[str, str] = field(default_factory=dict)

    def href(self, path: str) -> str | None:
        return self.files.get(path)


@functools.cache
def vis_script() -> str:
    """vis-network's script from the pyvis package, safe to put inside a <script> element.

    Its only "http(s)://" strings are licence comments, an SVG namespace and error texts, never
    fetched; they are written as "http:\\/\\/", the same string in JavaScript, so a search of
    the page for http:// or https:// finds nothing. Raises RuntimeError if the file could end
    the <script> element early.
    """
    text = resources.files("pyvis").joinpath("lib", "vis-9.1.2", "vis-network.min.js").read_text("utf-8")
    if "</script" in text.lower() or "<!--" in text:
        raise RuntimeError("vis-network.min.js contains '</script' or '<!--'; it cannot be inlined as is")
    return text.replace("://", ":\\/\\/")


@functools.cache
def _asset(name: str) -> str:
    return resources.files("graph.views").joinpath(name).read_text("utf-8")


def _json_for_script(data: object) -> str:
    """JSON that cannot end its <script> element or open a comment, whatever strings it holds."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def csp(nonce: str | None) -> str:
    """The page's Content-Security-Policy: nothing from anywhere else, only the page's own scripts."""
    scripts = f"'nonce-{nonce}'" if nonce else "'none'"
    return (f"default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; img-src data:; "
            "base-uri 'none'; form-action 'self'")


def _header(view: View, title: str | None, note: str | None, nav: list[tuple[str, str]]) -> str:
    e = html.escape
    colours, shapes = legend({n.kind for n in view.nodes}, {n.category for n in view.nodes if n.category})
    items = [f'<li><span class="swatch" style="background:{c}"></span>{e(name)}</li>' for c, name in colours]
    items += [f'<li><span class="symbol">{e(sym)}</span>{e(name)}</li>' for sym, name in shapes]
    links = "".join(f'<a href="{e(href)}">{e(text)}</a>' for text, href in nav)
    parts = [f'<header><nav aria-label="views">{links}</nav><h1>{e(view.title)}</h1>',
             f'<p class="subtitle">{e(view.subtitle)}</p>']
    if title and title != view.subtitle:
        parts.append(f'<p class="subtitle">Study: {e(title)}</p>')
    if note:
        parts.append(f'<p class="note" role="note">{e(note)}</p>')
    if view.notes:
        parts.append('<ul class="notes">' + "".join(f"<li>{e(n)}</li>" for n in view.notes) + "</ul>")
    parts.append('<ul class="legend" aria-label="legend">' + "".join(items) + "</ul></header>")
    return "".join(parts)


def render_page(net: Network, view: View, links: Links, *, study_title: str | None = None,
                note: str | None = None, nav: list[tuple[str, str]] | None = None, nonce: str | None = None) -> str:
    """The page drawing `net` (from graph.views.build.to_network), as one HTML string.

    `links` turns each node's path into an href (or none); `note` is shown in the header (the
    demo's "illustrative" notice); `nav` lists (text, href) links to other views; `nonce` lets
    the page's scripts run under its Content-Security-Policy (a fresh one when None).
    """
    nodes, edges = [], []
    for d in net.nodes:
        d = dict(d)
        if "path" in d and (href := links.href(d["path"])):
            d["href"] = href
        nodes.append(d)
    for d in net.edges:
        d = dict(d)
        if "path" in d and (href := links.href(d["path"])):
            d["href"] = href
        edges.append(d)
    data = {"nodes": nodes, "edges": edges, "options": net.options, "unlinked": UNLINKED}
    listed = [(d["name"], d["href"]) for d in nodes if d.get("href") and d["kind"] != "quote"][:LIST_LIMIT]
    e = html.escape
    nonce = nonce or secrets.token_urlsafe(16)
    return "".join([
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{e(csp(nonce))}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(view.title)} · ThemeGraph</title><style>{_asset('page.css')}</style></head><body>",
        _header(view, study_title, note, nav or []),
        f'<main><div id="graph" role="img" aria-label="{e(view.title)}: network of {len(nodes)} nodes"></div>',
        '<aside id="details" hidden><button type="button" aria-label="close">×</button><h2></h2>'
        '<p class="text"></p><p class="hint" hidden></p><a hidden>open the quotes</a></aside></main>',
        (f"<footer><details><summary>Links in this view ({len(listed)})</summary><ul>"
         + "".join(f'<li><a href="{e(h)}">{e(label)}</a></li>' for label, h in listed)
         + "</ul></details></footer>") if listed else "",
        f'<script id="tg-data" type="application/json">{_json_for_script(data)}</script>',
        f'<script nonce="{nonce}">{vis_script()}</script>',
        f'<script nonce="{nonce}">{_asset("page.js")}</script>',
        "</body></html>\n",
    ])
