"""The explorer's pages about things: the studies, one study, one expert, one code.

The explorer (DESIGN.md, "Interfaces") is server-rendered HTML over the same store reads as
the JSON API; the matrix and quotes pages are in explore_tables, the networks in explore_networks.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from api.deps import StoreDep
from api.explorer.facts import StudyFacts, code_filter
from api.explorer.render import ExplorerRoute, Page, render, root_of
from api.links import ExplorerLinks
from graph.cooccurrence import CooccurrenceQuery
from graph.errors import NotFound
from graph.matrix import NOT_RECORDED
from graph.model import STUDY_ID_PATTERN
from graph.naming import name_key
from graph.quotes import QuoteQuery
from graph.views import links as view_links
from graph.views.reads import CodeIndex

router = APIRouter(prefix="/explore", tags=["explorer"], route_class=ExplorerRoute, include_in_schema=False)

StudyId = Annotated[str, Path(pattern=f"^{STUDY_ID_PATTERN}$", description="The study's id.")]
Uid = Annotated[str, Path(description="The node's uid.")]
EXPERTS_LISTED = 500
QUOTES_SHOWN = 50
NUMERIC_SHARE = 0.8  # an attribute reads as numeric (and can be banded) when this share of values are numbers


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@router.get("", response_class=HTMLResponse)
def home(request: Request, store: StoreDep) -> HTMLResponse:
    studies = store.studies()
    return render(request, "home.html", Page("Studies"), studies=studies,
                  study_links={s.uid: ExplorerLinks(s.uid, root_of(request)) for s in studies})


@router.get("/{study}", response_class=HTMLResponse)
def study_page(request: Request, store: StoreDep, study: StudyId) -> HTMLResponse:
    facts = StudyFacts.read(store, study)
    to = ExplorerLinks(facts.uid, root_of(request))
    questions = []
    if "gap" in facts.categories:
        questions.append(("Which professions raised which risks?",
                          to.page("matrix", rows="profession", category="gap", measure="experts")))
    questions += [("Which professions raised which codes?", to.page("matrix")),
                  ("What did they say? Search the quotes", to.page("quotes")),
                  ("The codes and professions as a network", to.page("graph")),
                  ("Which codes travel together?", to.page("cooccurrence"))]
    attributes = [("profession", [(label, n, to.quotes({"profession": label})) for label, n in facts.professions()],
                   to.page("matrix", rows="profession"))]
    numeric = {}
    for name, values in facts.attributes().items():
        attributes.append((name, [(v, n, to.quotes({"attr": f"{name}:{v}"})) for v, n in values],
                           to.page("matrix", rows=name)))
        numeric[name] = sum(_is_number(v) for v, _ in values) >= NUMERIC_SHARE * len(values)
    codes = [(code, depth, to.quotes(code_filter(code))) for code, depth in facts.codes()]
    return render(request, "study.html", Page(facts.summary.title, ""), facts.summary, questions=questions,
                  codes=codes, deep=facts.deep, attributes=attributes, numeric=numeric, experts=facts.experts,
                  limit=EXPERTS_LISTED)


@router.get("/{study}/experts/{uid:path}", response_class=HTMLResponse)
def expert_page(request: Request, store: StoreDep, study: StudyId, uid: Uid) -> HTMLResponse:
    facts = StudyFacts.read(store, study)
    profile = store.expert(uid)
    e = profile.expert
    if e.study != facts.uid:
        raise NotFound(f"expert {uid!r} belongs to study {e.study!r}, not {facts.uid!r}")
    to = ExplorerLinks(facts.uid, root_of(request))
    depth = {c.uid: d for c, d in facts.codes()}
    order = {u: i for i, u in enumerate(facts.index.codes)}
    tallies = sorted(profile.themes + profile.subthemes, key=lambda t: order.get(t.uid, len(order)))
    rows = [(t, depth.get(t.uid, 0 if t.kind == "theme" else 1),
             to.quotes({"expert": e.uid, "theme" if t.kind == "theme" else "subtheme": t.uid})) for t in tallies]
    page = Page(f"Expert {e.pseudonym}", "experts", (("Experts", to.base + "#experts"), (e.pseudonym, None)))
    return render(request, "expert.html", page, facts.summary, e=e, tallies=rows, memos=profile.memos,
                  source_memos=profile.source_memos,
                  quotes=profile.quotes[:QUOTES_SHOWN], view_href=root_of(request) + view_links.expert(e.uid).path)


def _together(store: StoreDep, study: str, uid: str, level: str) -> list[tuple[str, str, int, int]]:
    """The codes of the same level raised with this one: (uid, name, experts, quotes), most experts first."""
    by = {unit: store.cooccurrence(CooccurrenceQuery(level=level, unit=unit, study=study))
          for unit in ("expert", "quote")}
    co = by["expert"]
    if uid not in co.uids:
        return []
    i = co.uids.index(uid)
    quotes = by["quote"].counts[by["quote"].uids.index(uid)] if uid in by["quote"].uids else [0] * len(co.uids)
    found = [(co.uids[j], co.codes[j], co.counts[i][j], quotes[j]) for j in range(len(co.uids))
             if j != i and co.counts[i][j]]
    return sorted(found, key=lambda x: (-x[2], -x[3], x[1]))


@router.get("/{study}/codes/{uid:path}", response_class=HTMLResponse)
def code_page(request: Request, store: StoreDep, study: StudyId, uid: Uid) -> HTMLResponse:
    facts = StudyFacts.read(store, study)
    if uid not in facts.index.codes:
        raise NotFound(f"study {facts.uid!r} has no theme or sub-theme {uid!r}; its page lists the codes")
    code = facts.index.codes[uid]
    to = ExplorerLinks(facts.uid, root_of(request))
    book = store.codebook(facts.uid)
    description = ({t.uid: t.description for t in book.themes} | {s.uid: s.description for s in book.subthemes}).get(uid)
    split = CodeIndex.of(store.themes(facts.uid, by="profession")).codes[uid].breakdown or []
    sizes = {name_key(label): n for label, n in facts.professions()}
    professions = [(b.value, b.experts, sizes.get(name_key(b.value)), b.quotes,
                    None if b.value == NOT_RECORDED else to.quotes({**code_filter(code), "profession": b.value}))
                   for b in split if b.experts]
    found = store.quotes(QuoteQuery(study=facts.uid, limit=QUOTES_SHOWN, **code_filter(code)))
    level = "theme" if code.kind == "theme" else "subtheme"
    chain = facts.index.chain(uid)[::-1]
    trail = tuple((facts.index.codes[u].name, to.code(u)) for u in chain[:-1]) + ((code.name, None),)
    return render(request, "code.html", Page(code.name, "codes", trail), facts.summary, code=code,
                  description=description, professions=professions, together=_together(store, facts.uid, uid, level),
                  level=level, quotes=found.items, total=found.total, quotes_href=to.quotes(code_filter(code)),
                  view_href=root_of(request) + view_links.code(uid).path)
