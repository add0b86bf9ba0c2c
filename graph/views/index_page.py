"""The index at `/`: studies and their views, themes and experts, with filters by study,
category and profession. Plain server-rendered HTML: every text escaped, no script."""

from __future__ import annotations

import html
from collections.abc import Mapping

from graph.experts import ExpertSummary
from graph.model import CATEGORIES
from graph.results import StudySummary, ThemeNode
from graph.views import links
from graph.views.page import ServedLinks

__all__ = ["index_page", "INDEX_CSP", "EXPERTS_LISTED"]

INDEX_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'"
EXPERTS_LISTED = 500
_STYLE = """body{font:15px/1.45 "Noto Sans CJK SC","Noto Sans","DejaVu Sans",Arial,sans-serif;margin:16px 24px;color:#1F2328}
form{display:flex;gap:12px;flex-wrap:wrap;align-items:end;margin:8px 0 16px}label{display:flex;flex-direction:column;font-size:13px}
.note{padding:4px 8px;background:#FFF8C5;border:1px solid #D4A72C;border-radius:4px}.muted{color:#57606A}
section{border-top:1px solid #D0D7DE;margin-top:12px}ul.experts{columns:3 260px}"""


def _select(name: str, label: str, options: list[str], chosen: str | None) -> str:
    e = html.escape
    opts = [f'<option value=""{" selected" if not chosen else ""}>any</option>']
    opts += [f'<option value="{e(o)}"{" selected" if o == chosen else ""}>{e(o)}</option>' for o in options]
    return f'<label>{e(label)}<select name="{e(name)}">{"".join(opts)}</select></label>'


def _themes(trees: list[ThemeNode], category: str | None, to: ServedLinks) -> str:
    e = html.escape

    def item(t: ThemeNode) -> str:
        kids = "".join(item(c) for c in t.children)
        return (f'<li><a href="{e(to.href(links.code(t.uid).path))}">{e(t.name)}</a> '
                f'<span class="muted">{t.experts} experts, {t.quotes} quotes</span>'
                + (f"<ul>{kids}</ul>" if kids else "") + "</li>")

    shown = [t for t in trees if category in (None, t.category)]
    by_cat = {c: [t for t in shown if t.category == c] for c in CATEGORIES}
    return "".join(f"<h4>{e(c)}</h4><ul>{''.join(item(t) for t in ts)}</ul>" for c, ts in by_cat.items() if ts) \
        or '<p class="muted">No theme of this category.</p>'


def index_page(studies: list[StudySummary], trees: Mapping[str, list[ThemeNode]],
               experts: Mapping[str, list[ExpertSummary]], professions: list[str], *,
               study: str | None, category: str | None, profession: str | None,
               to: ServedLinks, explorer: Mapping[str, str] | None = None) -> str:
    """The index page as HTML: one section per study shown (all, or the one filtered on), with
    links to its overview, risks, theme and expert views; `explorer` maps '' (the explorer's
    home) and each study uid to their explorer pages, linked first when given."""
    explorer = explorer or {}
    e = html.escape
    form = (f'<form method="get" action="{e(to.href("/"))}">'
            + _select("study", "study", [s.uid for s in studies], study)
            + _select("category", "category", list(CATEGORIES), category)
            + _select("profession", "profession", professions, profession)
            + '<button type="submit">filter</button></form>')
    sections = []
    for s in studies:
        if study not in (None, s.uid):
            continue
        people = experts.get(s.uid, [])
        listed = "".join(
            f'<li><a href="{e(to.href(links.expert(x.uid).path))}">{e(x.pseudonym)}</a> '
            f'<span class="muted">{e(x.profession or "profession not recorded")}, {x.quotes} quotes</span></li>'
            for x in people[:EXPERTS_LISTED])
        more = f'<p class="muted">and {len(people) - EXPERTS_LISTED} more</p>' if len(people) > EXPERTS_LISTED else ""
        note = f'<p class="note" role="note">{e(s.notice)}</p>' if s.notice else ""
        sections.append(
            f'<section><h2>{e(s.title)}</h2><p class="muted">{e(s.uid)} · {s.experts} experts, {s.quotes} quotes, '
            f'{s.themes} themes, {s.subthemes} sub-themes</p>{note}'
            + (f'<p><a href="{e(explorer[s.uid])}">explore: matrix, quotes, graph</a></p>' if s.uid in explorer else "")
            + f'<p><a href="{e(to.href(links.overview(s.uid).path))}">overview</a> · '
            f'<a href="{e(to.href(links.risks(s.uid).path))}">which professions raised which risks</a></p>'
            f"<h3>Themes</h3>{_themes(trees.get(s.uid, []), category, to)}"
            f"<h3>Experts{' (' + e(profession) + ')' if profession else ''}</h3>"
            + (f'<ul class="experts">{listed}</ul>{more}' if people else '<p class="muted">No expert matches.</p>')
            + "</section>")
    body = "".join(sections) or '<p class="muted">No study is loaded yet: run <code>themegraph demo</code> or ' \
                                '<code>themegraph load</code>.</p>'
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{e(INDEX_CSP)}">'
            f"<title>ThemeGraph</title><style>{_STYLE}</style></head><body><h1>ThemeGraph</h1>"
            '<p class="muted">Coded expert interviews as a graph. Open a view, then click any node to walk on.</p>'
            + (f'<p><a href="{e(explorer[""])}">Explorer</a>: each study\'s matrix, quotes, experts, codes and '
               'networks, one click from any count to the quotes behind it.</p>' if "" in explorer else "")
            + f"{form}{body}</body></html>\n")
