"""Assembling a `Brief` from store reads only (studies, codebook, experts, matrix, quotes), so
it comes out the same on every store. Numbers are copied from matrix answers; quotes are read
only to name the evidence and to pick representative ones.

The codebook's shape decides the layout (graph.briefs.shape): findings at the sub-theme
level, or at the theme level for a flat codebook; sections per category where the themes
have categories, per theme otherwise.
"""

from __future__ import annotations

from graph.briefs.assessments import Assessments, apply_assessments
from graph.briefs.evidence import ColumnQuotes, column_quotes, count, evidence_table
from graph.briefs.limitations import limitations
from graph.briefs.links import gap_links
from graph.briefs.method import method_box
from graph.briefs.model import Brief, Finding, Level, QuoteRef, Section, ThemeSummary
from graph.briefs.profile import evidence_profile
from graph.briefs.quotes_pick import pick_quotes, rule
from graph.briefs.shape import has_categories, level_word
from graph.briefs.translations import Translations, check_translations
from graph.briefs.wording import SECTION_TITLES, finding_sentence, recommendation, theme_sentence
from graph.model import Category
from graph.naming import name_key
from graph.quotes import QuoteItem
from graph.results import Matrix, MatrixQuery
from graph.store import GraphStore
from graph.studies import study_summary

__all__ = ["build_brief", "MAIN_CATEGORIES"]

MAIN_CATEGORIES: tuple[Category, ...] = ("benefit", "gap", "prerequisite", "expectation")


def _attribution(q: QuoteItem, translations: Translations) -> QuoteRef:
    who = f"{q.pseudonym}, {q.profession}" if q.profession else q.pseudonym
    return QuoteRef(uid=q.uid, text=q.text, pseudonym=q.pseudonym, profession=q.profession, attribution=who,
                    redacted=q.redacted, language=q.language,
                    translation=translations.get(q.uid) or q.translation)


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
    """One brief's reads, keeping which quotes were shown so later findings prefer others."""

    def __init__(self, store: GraphStore, study: str, level: Level, translations: Translations) -> None:
        self.store = store
        self.study = study
        self.level = level
        self.translations = translations
        self.shown: set[str] = set()
        self.columns: dict[tuple[str, ...], ColumnQuotes] = {}

    def query(self, category: Category | None, cols: str | None = None, measure: str = "experts",
              theme: str | None = None) -> MatrixQuery:
        return MatrixQuery(rows="profession", cols=cols or self.level, category=category, measure=measure,
                           study=self.study, theme=theme)

    def column(self, uids: list[str], level: str) -> ColumnQuotes:
        key = (level, *uids)
        if key not in self.columns:
            self.columns[key] = column_quotes(self.store, self.study, uids, level)
        return self.columns[key]

    def quotes_read(self) -> list[QuoteItem]:
        """Every distinct quote read so far (all the quotes coded at the brief's level, once built)."""
        seen: dict[str, QuoteItem] = {}
        for column in self.columns.values():
            for q in _flat(column):
                seen.setdefault(q.uid, q)
        return list(seen.values())

    def finding(self, m: Matrix, mq: Matrix, j: int) -> Finding:
        info = m.col_info[j]
        column = self.column(info.uids, info.kind)  # a theme without sub-themes stands in for itself
        total = count("all experts", m.col_totals[j], m.n_experts, _flat(column))
        rows = _by_row(m, j, column)
        picked = pick_quotes(_flat(column), _turn_order(m, j), self.shown)
        self.shown.update(q.uid for q in picked)
        return Finding(
            name=info.name, theme=info.theme, category=info.category, codes=info.uids, total=total,
            n_quotes=mq.col_totals[j], by_row=rows,
            sentence=finding_sentence(info.name, total, mq.col_totals[j], rows),
            recommendation=recommendation(info.category, info.name, total, rows),
            quotes=[_attribution(q, self.translations) for q in picked],
        )

    def theme(self, m: Matrix, mq: Matrix, j: int) -> ThemeSummary:
        info = m.col_info[j]
        column = self.column(info.uids, "theme")
        total = count("all experts", m.col_totals[j], m.n_experts, _flat(column))
        rows = _by_row(m, j, column)
        return ThemeSummary(name=info.name, codes=info.uids, total=total, n_quotes=mq.col_totals[j], by_row=rows,
                            sentence=theme_sentence(info.name, total, mq.col_totals[j], rows))

    def findings(self, category: Category, title: str, scope: Category | None, theme: str | None = None) -> Section:
        """A section of the codes in `scope` (a category, or None for all) or of one theme's codes.
        Codes nobody raised are named once, in `not_raised`, not as findings of their own."""
        query = self.query(scope, theme=theme)
        m, mq = self.store.matrix(query), self.store.matrix(self.query(scope, measure="quotes", theme=theme))
        themes: list[ThemeSummary] = []
        if self.level == "subtheme":
            t, tq = (self.store.matrix(self.query(scope, "theme", measure, theme)) for measure in ("experts", "quotes"))
            own = [info.uids for info in m.col_info]  # a theme standing in for itself is its own finding
            themes = [self.theme(t, tq, j) for j in range(len(t.cols)) if t.col_totals[j] and t.col_info[j].uids not in own]
        findings = [self.finding(m, mq, j) for j in range(len(m.cols))]
        raised = sorted((f for f in findings if f.total.n), key=lambda f: -f.total.n)  # stable: codebook order
        where = f"category '{scope}'" if scope else f"theme '{title}'" if theme else "the study"
        return Section(category=category, title=title, query=query, themes=themes, findings=raised,
                       theme=title if theme else None, not_raised=[f.name for f in findings if not f.total.n],
                       note=None if m.cols else f"No {level_word(self.level)} of {where} is in the codebook.")

    def section(self, category: Category, has_theme: bool) -> Section:
        if not has_theme:
            note = f"The codebook of study '{self.study}' has no theme of category '{category}'"
            note += ", so this brief reports no risks." if category == "gap" else "."
            return Section(category=category, title=SECTION_TITLES[category], query=self.query(category), themes=[],
                           findings=[], note=note)
        return self.findings(category, SECTION_TITLES[category], category)

    def table(self, category: Category | None) -> tuple[MatrixQuery, Matrix, list[ColumnQuotes]]:
        query = self.query(category)
        m = self.store.matrix(query)
        return query, m, [self.column(info.uids, info.kind) for info in m.col_info]


def build_brief(store: GraphStore, study: str | None = None, category: Category | None = None,
                assessments: Assessments | None = None, translations: Translations | None = None) -> Brief:
    """The brief of one study, limited to one theme category if `category` is given, with the
    study's notice (illustrative data) first; reviewers' CERQual judgements and researchers'
    translations are added when given.

    Without `study` the store must hold exactly one. Raises NotFound (unknown study, or none
    loaded) and BadInput (several studies and none named; an assessment naming no finding of
    the brief; a translation of a quote the study does not have).
    """
    summary = study_summary(store, study)
    codebook = store.codebook(summary.uid)
    probe = store.matrix(MatrixQuery(rows="profession", cols="subtheme", study=summary.uid))
    level = probe.level  # graph.levels: the themes for a flat codebook, else the sub-themes
    b = _Builder(store, summary.uid, level, translations or Translations())
    categorised = has_categories(codebook)
    present = {t.category for t in codebook.themes}
    sections: list[Section]
    if categorised:
        others: list[Category] = ["other"] if "other" in present else []
        wanted: list[Category] = [category] if category else [*MAIN_CATEGORIES, *others]
        sections = [b.section(c, c in present) for c in wanted]
    elif category not in (None, "other"):
        sections = [b.section(category, False)]
    elif level == "theme":
        sections = [b.findings("other", "Findings", None)]
    else:
        sections = [b.findings(t.category, t.name, None, theme=t.uid)
                    for t in sorted(codebook.themes, key=lambda t: (t.order, t.name))]
    everyone = store.matrix(b.query(None, "theme"))
    method = method_box(store, summary, codebook, everyone, level, categorised)
    if level == "subtheme" and probe.level_note:
        method = method.model_copy(update={"level_note": probe.level_note})

    risks, risks_note = None, None
    if categorised and category in (None, "gap"):
        if "gap" in present:
            risks = evidence_table("Risks by profession", *b.table("gap"))
        else:
            risks_note = next(s.note for s in sections if s.category == "gap")
    heatmap = evidence_table(f"Experts by profession and {level_word(level)}", *b.table(category))
    quotes = b.quotes_read()
    if translations:
        check_translations(translations, {q.uid for q in quotes})
    findings = [f for s in sections for f in s.findings]
    profile = evidence_profile(findings)
    if assessments is not None:
        profile = apply_assessments(profile, assessments)
    title = f"Policy brief: {summary.title}"
    if category:
        title += f" ({SECTION_TITLES[category].split(':')[0].lower()} only)"
    return Brief(study=summary.uid, category=category, title=title, notice=summary.notice, method=method,
                 sections=sections, risks=risks, risks_note=risks_note, heatmap=heatmap, quote_rule=rule(level),
                 level=level, limitations=limitations(store, summary, everyone, quotes), profile=profile,
                 gap_links=gap_links(findings, {q.uid: q.expert for q in quotes}))
