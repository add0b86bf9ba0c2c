"""Assembling a `Brief` from store reads only (studies, codebook, experts, matrix, quotes), so
it comes out the same on every store. Numbers are copied from matrix answers; quotes are read
only to name the evidence and to pick representative ones."""

from __future__ import annotations

from graph.briefs.evidence import ColumnQuotes, column_quotes, count, evidence_table
from graph.briefs.method import method_box
from graph.briefs.model import Brief, Finding, QuoteRef, Section, ThemeSummary
from graph.briefs.quotes_pick import RULE, pick_quotes
from graph.briefs.wording import SECTION_TITLES, finding_sentence, recommendation, theme_sentence
from graph.model import Category
from graph.naming import name_key
from graph.quotes import QuoteItem
from graph.results import Matrix, MatrixQuery
from graph.store import GraphStore
from graph.studies import study_summary

__all__ = ["build_brief", "MAIN_CATEGORIES"]

MAIN_CATEGORIES: tuple[Category, ...] = ("benefit", "gap", "prerequisite", "expectation")


def _attribution(q: QuoteItem) -> QuoteRef:
    who = f"{q.pseudonym}, {q.profession}" if q.profession else q.pseudonym
    return QuoteRef(uid=q.uid, text=q.text, pseudonym=q.pseudonym, profession=q.profession, attribution=who,
                    redacted=q.redacted, language=q.language)


def _turn_order(m: Matrix, j: int) -> list[str]:
    """Row keys, most experts in column j first, ties in the matrix's row order."""
    order = sorted(range(len(m.rows)), key=lambda i: (-m.cells[i][j], i))
    return [name_key(m.rows[i]) for i in order]


def _by_row(m: Matrix, j: int, column: ColumnQuotes) -> list:
    return [count(row, m.cells[i][j], m.row_sizes[i], column.get(name_key(row), []))
            for i, row in enumerate(m.rows)]


def _flat(column: ColumnQuotes) -> list[QuoteItem]:
    return [q for quotes in column.values() for q in quotes]


class _Builder:
    """One brief's reads, keeping which quotes were shown so later sub-themes prefer others."""

    def __init__(self, store: GraphStore, study: str) -> None:
        self.store = store
        self.study = study
        self.shown: set[str] = set()
        self.columns: dict[tuple[str, ...], ColumnQuotes] = {}

    def query(self, category: Category | None, cols: str = "subtheme", measure: str = "experts") -> MatrixQuery:
        return MatrixQuery(rows="profession", cols=cols, category=category, measure=measure, study=self.study)

    def column(self, uids: list[str], level: str = "subtheme") -> ColumnQuotes:
        key = (level, *uids)
        if key not in self.columns:
            self.columns[key] = column_quotes(self.store, self.study, uids, level)
        return self.columns[key]

    def finding(self, m: Matrix, mq: Matrix, j: int) -> Finding:
        info = m.col_info[j]
        column = self.column(info.uids)
        total = count("all experts", m.col_totals[j], m.n_experts, _flat(column))
        rows = _by_row(m, j, column)
        picked = pick_quotes(_flat(column), _turn_order(m, j), self.shown)
        self.shown.update(q.uid for q in picked)
        return Finding(
            name=info.name, theme=info.theme, category=info.category, codes=info.uids, total=total,
            n_quotes=mq.col_totals[j], by_row=rows,
            sentence=finding_sentence(info.name, total, mq.col_totals[j], rows),
            recommendation=recommendation(info.category, info.name, total, rows),
            quotes=[_attribution(q) for q in picked],
        )

    def theme(self, m: Matrix, mq: Matrix, j: int) -> ThemeSummary:
        info = m.col_info[j]
        column = self.column(info.uids, "theme")
        total = count("all experts", m.col_totals[j], m.n_experts, _flat(column))
        rows = _by_row(m, j, column)
        return ThemeSummary(name=info.name, codes=info.uids, total=total, n_quotes=mq.col_totals[j], by_row=rows,
                            sentence=theme_sentence(info.name, total, mq.col_totals[j], rows))

    def section(self, category: Category, has_theme: bool) -> Section:
        query = self.query(category)
        if not has_theme:
            note = f"The codebook of study '{self.study}' has no theme of category '{category}'"
            note += ", so this brief reports no risks." if category == "gap" else "."
            return Section(category=category, title=SECTION_TITLES[category], query=query, themes=[], findings=[],
                           note=note)
        m, mq = self.store.matrix(query), self.store.matrix(self.query(category, measure="quotes"))
        t, tq = (self.store.matrix(self.query(category, "theme", measure)) for measure in ("experts", "quotes"))
        findings = [self.finding(m, mq, j) for j in range(len(m.cols))]
        findings.sort(key=lambda f: -f.total.n)  # stable: ties keep codebook order
        return Section(category=category, title=SECTION_TITLES[category], query=query,
                       themes=[self.theme(t, tq, j) for j in range(len(t.cols))], findings=findings,
                       note=None if m.cols else f"No sub-theme of category '{category}' is in the codebook.")

    def table(self, category: Category | None) -> tuple[MatrixQuery, Matrix, list[ColumnQuotes]]:
        query = self.query(category)
        m = self.store.matrix(query)
        return query, m, [self.column(info.uids) for info in m.col_info]


def build_brief(store: GraphStore, study: str | None = None, category: Category | None = None) -> Brief:
    """The brief of one study, limited to one theme category if `category` is given, with the
    study's notice (illustrative data) first.

    Without `study` the store must hold exactly one. Raises NotFound (unknown study, or none
    loaded) and BadInput (several studies and none named).
    """
    summary = study_summary(store, study)
    b = _Builder(store, summary.uid)
    codebook = store.codebook(summary.uid)
    present = {t.category for t in codebook.themes}
    others: list[Category] = ["other"] if "other" in present else []
    wanted: list[Category] = [category] if category else [*MAIN_CATEGORIES, *others]
    everyone = store.matrix(b.query(None))
    method = method_box(store, summary, codebook, everyone)
    sections = [b.section(c, c in present) for c in wanted]

    risks, risks_note = None, None
    if category in (None, "gap"):
        if "gap" in present:
            risks = evidence_table("Risks by profession", *b.table("gap"))
        else:
            risks_note = next(s.note for s in sections if s.category == "gap")
    heat_title = "Experts by profession and sub-theme"
    heatmap = evidence_table(heat_title, *b.table(category))
    title = f"Policy brief: {summary.title}"
    if category:
        title += f" ({SECTION_TITLES[category].split(':')[0].lower()} only)"
    return Brief(study=summary.uid, category=category, title=title, notice=summary.notice, method=method,
                 sections=sections, risks=risks, risks_note=risks_note, heatmap=heatmap, quote_rule=RULE)
