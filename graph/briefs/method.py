"""The brief's method box: who was asked (by profession and province), when, how, and the codebook."""

from __future__ import annotations

from collections import defaultdict

from graph.briefs.model import CodebookTheme, Count, Level, MethodBox
from graph.briefs.shape import codes_per_depth
from graph.codebook import Codebook
from graph.experts import ExpertSummary
from graph.matrix import NOT_RECORDED
from graph.naming import name_key
from graph.results import Matrix, MatrixQuery, StudySummary
from graph.store import GraphStore

__all__ = ["PROVINCE", "INTERVIEW_DATE", "method_box"]

PROVINCE = "province"
INTERVIEW_DATE = "interview_date"


def _people(m: Matrix, experts_by_key: dict[str, list[str]]) -> list[Count]:
    """Experts per matrix row ('of N' = row_sizes), with the uids of the experts in the row."""
    return [Count(label=row, n=size, of=m.n_experts, experts=sorted(experts_by_key.get(name_key(row), [])))
            for row, size in zip(m.rows, m.row_sizes)]


def _by(experts: list[ExpertSummary], value) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for e in experts:
        grouped[name_key(value(e) or NOT_RECORDED)].append(e.uid)
    return grouped


def _codebook(codebook: Codebook) -> list[CodebookTheme]:
    """Each theme with the names of its children and the number of codes below it at any depth."""
    below: dict[str, int] = defaultdict(int)
    children: dict[str, list] = defaultdict(list)
    for s in codebook.subthemes:
        below[codebook.root_of(s.uid)] += 1
        children[s.parent].append(s)
    return [
        CodebookTheme(name=t.name, category=t.category, n_codes=below[t.uid],
                      subthemes=[s.name for s in sorted(children[t.uid], key=lambda s: (s.order, s.name))])
        for t in sorted(codebook.themes, key=lambda t: (t.order, t.name))
    ]


def method_box(store: GraphStore, summary: StudySummary, codebook: Codebook, everyone: Matrix,
               level: Level = "subtheme", categorised: bool = True) -> MethodBox:
    """The method box of `summary`'s study; `everyone` is its profession-by-theme matrix (every
    coded quote counted), `level` the level of the brief's findings.

    Province counts come from the matrix with rows=province when any expert has that attribute.
    Raises NotFound if the study disappears meanwhile.
    """
    experts = store.experts(summary.uid)
    provinces: list[Count] = []
    if any(PROVINCE in e.attributes for e in experts):
        by_province = store.matrix(MatrixQuery(rows=PROVINCE, cols="subtheme", study=summary.uid))
        provinces = _people(by_province, _by(experts, lambda e: e.attributes.get(PROVINCE)))
    dates = sorted(e.attributes[INTERVIEW_DATE] for e in experts if e.attributes.get(INTERVIEW_DATE))
    return MethodBox(
        study=summary.uid, title=summary.title, year=summary.year, country=summary.country,
        method=summary.method,
        experts=Count(label="experts", n=everyone.n_experts, experts=sorted(e.uid for e in experts)),
        professions=_people(everyone, _by(experts, lambda e: e.profession)),
        provinces=provinces,
        interview_dates=(dates[0], dates[-1]) if dates else None,
        n_quotes=everyone.n_quotes,
        codebook=_codebook(codebook),
        level=level,
        codes_per_depth=codes_per_depth(codebook),
        categorised=categorised,
    )
