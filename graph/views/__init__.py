"""Interactive views: pyvis networks built from GraphStore reads only, drawn as self-contained
pages (served at /views/..., written by `themegraph view` and `themegraph demo`).

    specs.py        which view: overview, risks, expert:UID, theme:UID, neighborhood:UID
    study_views.py  overview and risks        expert_view.py  one expert
    code_view.py    one theme or sub-theme    node_view.py    any node's neighbourhood
    budget.py       the node budget           layout.py       positions computed in Python
    build.py        view -> pyvis Network     page.py         Network -> HTML
    index_page.py   the served index at /
"""

from graph.views.budget import DEFAULT_BUDGET
from graph.views.build import to_network
from graph.views.model import View
from graph.views.page import FileLinks, ServedLinks, render_page
from graph.views.specs import ViewSpec, build_view, export_views, render_view

__all__ = ["DEFAULT_BUDGET", "View", "ViewSpec", "build_view", "render_view", "export_views", "to_network",
           "render_page", "ServedLinks", "FileLinks"]
