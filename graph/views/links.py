"""Where each kind of node leads: the served view paths of DESIGN.md, and the commands that
write the same views to files."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from graph.views.model import Target

__all__ = ["overview", "risks", "expert", "code", "neighborhood", "quotes"]


def _q(uid: str) -> str:
    return quote(uid, safe="")


def _arg(text: str) -> str:
    # shell-quoted for copy and paste; uids hold no single quotes in practice, but be safe
    return "'" + text.replace("'", "'\\''") + "'"


def overview(study: str) -> Target:
    return Target(f"/views/overview?{urlencode({'study': study})}",
                  f"themegraph view overview --study {_arg(study)} --out overview.html")


def risks(study: str) -> Target:
    return Target(f"/views/risks?{urlencode({'study': study})}",
                  f"themegraph view risks --study {_arg(study)} --out risks.html")


def expert(uid: str) -> Target:
    return Target(f"/views/experts/{_q(uid)}", f"themegraph view {_arg('expert:' + uid)} --out expert.html")


def code(uid: str) -> Target:
    """A theme or a sub-theme: both open the theme view."""
    return Target(f"/views/themes/{_q(uid)}", f"themegraph view {_arg('theme:' + uid)} --out theme.html")


def neighborhood(uid: str, study: str | None = None) -> Target:
    """Any node's neighbourhood; `study` for a node studies share (a profession, a concept)."""
    if study is None:
        return Target(f"/views/neighborhood/{_q(uid)}",
                      f"themegraph view {_arg('neighborhood:' + uid)} --out neighborhood.html")
    return Target(f"/views/neighborhood/{_q(uid)}?{urlencode({'study': study})}",
                  f"themegraph view {_arg('neighborhood:' + uid)} --study {_arg(study)} --out neighborhood.html")


def quotes(**filters: str) -> Target:
    """The quotes API request listing what a '+N more' node stands for."""
    return Target(f"/v1/quotes?{urlencode(filters)}",
                  "themegraph quotes " + " ".join(f"--{k} {_arg(v)}" for k, v in filters.items()))
