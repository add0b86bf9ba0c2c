"""The explorer's tables: the matrix as a heatmap whose cells open their quotes, and the quotes
page with the filters of /v1/quotes, fifty at a time."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.deps import StoreDep
from api.explorer.expert_rows import matrix_by_expert
from api.explorer.facts import Choice, StudyFacts
from api.explorer.highlight import search_terms
from api.explorer.render import ExplorerRoute, Page, render, root_of
from api.links import ExplorerLinks
from api.routes.explore import StudyId
from graph.errors import BadInput
from graph.model import CATEGORIES, Category
from graph.naming import name_key
from graph.quotes import AttributeFilter, QuoteQuery, all_quotes
from graph.results import Matrix, MatrixQuery

router = APIRouter(prefix="/explore", tags=["explorer"], route_class=ExplorerRoute, include_in_schema=False)

PAGE_SIZE = 50
COUNT_EXPERTS_UP_TO = 2_000  # quotes read to say how many experts said them; past this only quotes are counted
HEAT_LEVELS = 5


@dataclass(frozen=True)
class Cell:
    value: int
    href: str | None
    heat: int  # 0 (none) .. HEAT_LEVELS
    title: str


def _heat(share: float) -> int:
    return 0 if share <= 0 else min(HEAT_LEVELS, 1 + int(share * HEAT_LEVELS))


def _cells(m: Matrix, to: ExplorerLinks) -> list[list[Cell]]:
    """Each cell with the link to its quotes (when it has any and its row can be selected) and
    its shade: the share of the row's experts (measure experts) or of the largest cell (quotes)."""
    top = max((v for row in m.cells for v in row), default=0) or 1
    out = []
    for i, row in enumerate(m.cells):
        cells = []
        for j, value in enumerate(row):
            behind = m.cell_filter(i, j) if value else None
            if m.measure == "experts":
                share, title = value / (m.row_sizes[i] or 1), f"{value} of {m.row_sizes[i]} {m.rows[i]} experts"
            else:
                share, title = value / top, f"{value} quotes of {m.rows[i]} experts"
            cells.append(Cell(value, to.quotes(behind) if behind else None, _heat(share), f"{title}: {m.cols[j]}"))
        out.append(cells)
    return out


def _col_groups(m: Matrix) -> list[tuple[str, int]]:
    """(theme, columns under it) for a second header row over sub-theme columns."""
    return [(theme or "", len(list(cols))) for theme, cols in groupby(c.theme for c in m.col_info)]


@router.get("/{study}/matrix", response_class=HTMLResponse)
def matrix_page(
    request: Request, store: StoreDep, study: StudyId,
    rows: Annotated[str, Query(description="'profession', an expert attribute, or 'expert'.")] = "profession",
    cols: Annotated[Literal["subtheme", "theme"], Query()] = "subtheme",
    category: Annotated[Category | Literal[""] | None, Query()] = None,
    theme: Annotated[str | None, Query(description="Only the sub-themes of this theme.")] = None,
    measure: Annotated[Literal["experts", "quotes"], Query()] = "experts",
    bin: Annotated[int | None, Query(ge=1, le=1000)] = None,
) -> HTMLResponse:
    facts = StudyFacts.read(store, study)
    to = ExplorerLinks(facts.uid, root_of(request))
    if not facts.deep:
        cols = "theme"  # a flat codebook: its themes are the codes
    category = category or None
    theme_uid = facts.pick_code(theme, "theme") if cols == "subtheme" else None
    query = MatrixQuery(rows=rows, cols=cols, category=category, theme=theme_uid or (theme if cols == "subtheme" else None),
                        measure=measure, study=facts.uid, bin=bin)
    error, m = None, None
    try:
        m = (matrix_by_expert(store, query, facts.index, {e.uid: e.pseudonym for e in facts.experts})
             if rows == "expert" else store.matrix(query))
    except BadInput as exc:
        error = str(exc)
    row_choices = [("profession", "profession"), *((a, a) for a in facts.attributes()), ("expert", "expert")]
    if rows not in dict(row_choices):
        row_choices.append((rows, rows))
    form = {
        "rows": row_choices,
        "cols": [("subtheme", "sub-themes"), ("theme", "themes")] if facts.deep else [("theme", "themes")],
        "category": [(c, c) for c in facts.categories],
        "theme": facts.code_choices("theme"),
        "measure": [("experts", "experts (people)"), ("quotes", "quotes")],
    }
    chosen = {"rows": rows, "cols": cols, "category": category or "", "theme": theme_uid or "",
              "measure": measure, "bin": bin or ""}
    api = {k: v for k, v in chosen.items() if v not in ("", None)}
    context = {"form": form, "chosen": chosen, "error": error, "m": m,
               "csv_href": to.api("/v1/matrix", format="csv", **api), "json_href": to.api("/v1/matrix", **api)}
    if m is not None:
        row_links = [to.expert(f["expert"]) if f and "expert" in f and rows == "expert"
                     else to.quotes({**f, **({"category": category} if category else {}),
                                     **({"theme": theme_uid} if theme_uid else {})}) if f else None
                     for f in m.row_filters]
        col_links = [to.code(c.uids[0]) for c in m.col_info]
        context.update(cells=_cells(m, to), groups=_col_groups(m) if cols == "subtheme" else [],
                       row_links=row_links, col_links=col_links)
    title = f"{'Experts' if measure == 'experts' else 'Quotes'} by {rows}"
    return render(request, "matrix.html", Page(title, "matrix"), facts.summary, status=400 if error else 200,
                  **context)


FILTER_NAMES = {"q": "words", "subtheme": "sub-theme", "attr": "attribute"}


def _shown(facts: StudyFacts, key: str, value: str) -> str:
    """A filter's value as a person reads it: a code's name rather than its uid, an expert's pseudonym."""
    if key in ("theme", "subtheme") and value in facts.index.codes:
        return facts.index.codes[value].name
    if key == "expert":
        return next((e.pseudonym for e in facts.experts if e.uid == value), value)
    return value


def _page_links(to: ExplorerLinks, filters: dict, cursor: str | None, trail: list[str],
                next_cursor: str | None) -> tuple[str | None, str | None]:
    """Links to the previous and next pages: `trail` holds the cursors of the pages before this one."""
    previous = None
    if trail:
        back = trail[-1] or None
        previous = to.quotes({**filters, "cursor": back, "trail": trail[:-1]})
    following = to.quotes({**filters, "cursor": next_cursor, "trail": [*trail, cursor or ""]}) if next_cursor else None
    return previous, following


@router.get("/{study}/quotes", response_class=HTMLResponse)
def quotes_page(
    request: Request, store: StoreDep, study: StudyId,
    theme: Annotated[str | None, Query()] = None,
    subtheme: Annotated[str | None, Query()] = None,
    category: Annotated[Category | Literal[""] | None, Query()] = None,
    profession: Annotated[str | None, Query()] = None,
    expert: Annotated[str | None, Query()] = None,
    attr: Annotated[list[str], Query()] = [],  # noqa: B006
    q: Annotated[str | None, Query()] = None,
    cursor: Annotated[str | None, Query()] = None,
    trail: Annotated[list[str], Query(description="The cursors of the pages before this one.")] = [],  # noqa: B006
) -> HTMLResponse:
    facts = StudyFacts.read(store, study)
    to = ExplorerLinks(facts.uid, root_of(request))
    attrs = [a for a in attr if a.strip()]
    filters = {k: v for k, v in {"theme": theme, "subtheme": subtheme, "category": category, "profession": profession,
                                 "expert": expert, "attr": attrs, "q": q}.items() if v}
    query = QuoteQuery(study=facts.uid, theme=theme, subtheme=subtheme, category=category or None,
                       profession=profession, expert=expert, attrs=tuple(AttributeFilter.parse(a) for a in attrs),
                       q=q, limit=PAGE_SIZE, cursor=cursor or None)
    found = store.quotes(query)
    experts = None
    if found.total <= COUNT_EXPERTS_UP_TO:
        experts = len({x.expert for x in all_quotes(store, query)}) if found.next_cursor or cursor else len(
            {x.expert for x in found.items})
    previous, following = _page_links(to, filters, cursor, trail, found.next_cursor)
    first = len(trail) * PAGE_SIZE + 1
    theme_uid = facts.pick_code(theme, "theme")
    removable = []
    for key, value in filters.items():
        for one in value if isinstance(value, list) else [value]:
            rest = {**filters, key: [a for a in value if a != one]} if isinstance(value, list) else {
                k: v for k, v in filters.items() if k != key}
            removable.append((FILTER_NAMES.get(key, key), _shown(facts, key, one), to.quotes(rest)))
    chosen = {"theme": theme_uid or theme or "", "subtheme": facts.pick_code(subtheme, "subtheme", theme) or subtheme or "",
              "category": category or "", "expert": facts.pick_expert(expert) or expert or "",
              "profession": next((p for p, _ in facts.professions() if profession and name_key(p) == name_key(profession)),
                                 profession or "")}
    form: dict[str, list[Choice]] = {"theme": facts.code_choices("theme"), "subtheme": facts.code_choices("subtheme"),
            "category": [(c, c) for c in CATEGORIES if c in facts.categories],
            "profession": [(p, f"{p} ({n})") for p, n in facts.professions()],
            "expert": [(e.uid, f"{e.pseudonym} ({e.profession or 'profession not recorded'})") for e in facts.experts]}
    for key in ("theme", "subtheme", "expert", "profession"):  # a value the lists do not hold stays selectable
        if chosen[key] and chosen[key] not in dict(form[key]):
            form[key].append((chosen[key], chosen[key]))
    return render(request, "quotes.html", Page("Quotes", "quotes"), facts.summary, found=found, experts=experts,
                  terms=search_terms(q), first=first, previous=previous, following=following, removable=removable,
                  form=form, chosen=chosen, attrs=attrs, q=q or "",
                  json_href=to.api("/v1/quotes", **{**filters, "cursor": cursor}))
