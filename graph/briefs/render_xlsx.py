"""The brief's tables as a workbook: the heatmap's figures, the risks table and the evidence
profile, one sheet each (graph.exports.xlsx: frozen header, numbers as numbers, no formulas)."""

from __future__ import annotations

from graph.briefs.model import Brief, EvidenceProfile, EvidenceTable
from graph.exports.xlsx import Sheet, xlsx_bytes

__all__ = ["render_xlsx"]

_JUDGEMENTS = ("methodological_limitations", "coherence", "adequacy", "relevance", "overall_confidence",
               "explanation")


def _table(name: str, table: EvidenceTable) -> Sheet:
    """Rows by columns of experts (n), with each row's size and total; a totals line last."""
    header = [table.query.rows, "n", *table.cols, "any"]
    rows: list[list[object]] = [
        [label, size, *(c.n for c in cells), total.n]
        for label, size, cells, total in zip(table.rows, table.row_sizes, table.cells, table.row_totals)]
    rows.append(["all", table.n_experts, *(c.n for c in table.col_totals), ""])
    return name, header, rows


def _profile(profile: EvidenceProfile) -> Sheet:
    """One row a finding: its evidence, its two quotes and the reviewers' judgements."""
    header = ["finding", "theme", "category", "experts", "of experts", "professions raising", "professions",
              "quotes", "every profession of 3+ raised it", "professions of 3+ silent", "quote 1", "quote 2",
              *(j.replace("_", " ") for j in _JUDGEMENTS)]
    rows: list[list[object]] = []
    for r in profile.rows:
        quotes = [f"{q.text} ({q.pseudonym}{', ' + q.profession if q.profession else ''}; {q.uid})"
                  for q in r.quotes[:2]]
        consistent = "" if r.consistent is None else ("yes" if r.consistent else "no")
        rows.append([r.finding, r.theme or "", r.category, r.experts.n, r.experts.of, r.professions_raising,
                     r.professions, r.n_quotes, consistent, "; ".join(r.silent_groups),
                     *(quotes + ["", ""])[:2], *(getattr(r.assessment, j) or "" for j in _JUDGEMENTS)])
    return "Evidence profile", header, rows


def render_xlsx(brief: Brief) -> bytes:
    """The brief's tables as an .xlsx workbook."""
    sheets = [_table("Heatmap", brief.heatmap)]
    if brief.risks is not None:
        sheets.append(_table("Risks", brief.risks))
    if brief.profile is not None:
        sheets.append(_profile(brief.profile))
    return xlsx_bytes(sheets)
