"""The evidence profile: per finding, how much evidence stands behind it (experts, professions,
quotes, agreement across professions, two representative quotes), with the GRADE-CERQual
columns reviewers fill in (graph.briefs.assessments)."""

from __future__ import annotations

from graph.briefs.model import EvidenceProfile, Finding, ProfileRow

__all__ = ["AGREEMENT_GROUP", "evidence_profile", "profile_row"]

AGREEMENT_GROUP = 3
"""Professions of at least this many experts are the ones whose agreement is checked."""


def profile_row(f: Finding) -> ProfileRow:
    """One finding's row; agreement is None when no profession has AGREEMENT_GROUP experts."""
    groups = [r for r in f.by_row if (r.of or 0) >= AGREEMENT_GROUP]
    silent = [r.label for r in groups if r.n == 0]
    return ProfileRow(
        finding=f.name, theme=f.theme, category=f.category, experts=f.total,
        professions_raising=sum(1 for r in f.by_row if r.n), professions=len(f.by_row), n_quotes=f.n_quotes,
        consistent=(not silent) if groups else None, silent_groups=silent, quotes=f.quotes[:2],
    )


def evidence_profile(findings: list[Finding]) -> EvidenceProfile:
    """A row per finding, in the brief's order; the CERQual columns empty."""
    return EvidenceProfile(rows=[profile_row(f) for f in findings])
