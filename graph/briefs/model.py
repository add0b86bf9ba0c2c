"""The typed brief: what `build_brief` returns, the API serves as JSON and the renderers draw.

Every figure is a `Count` that names the quotes (and experts) behind it, so a reader can go
from any number in a brief to the words that support it. The numbers themselves are copied
from `GraphStore.matrix` answers, whose queries each table and section records.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from graph.model import Category
from graph.results import MatrixQuery

__all__ = [
    "Count", "QuoteRef", "Finding", "ThemeSummary", "Section", "EvidenceTable", "CodebookTheme",
    "MethodBox", "Brief",
]


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True)


class Count(_Part):
    """One figure: `n` of `of`, with the uids of the quotes and experts it counts."""

    label: str = Field(description="What is counted: a profession, a province, or 'all experts'.")
    n: int
    of: int | None = Field(None, description="The population: experts of the row in scope.")
    quotes: list[str] = Field(default_factory=list, description="uids of the supporting quotes, sorted.")
    experts: list[str] = Field(default_factory=list, description="uids of the experts counted, sorted.")


class QuoteRef(_Part):
    """A representative quote, its text as stored (redacted text stays redacted)."""

    uid: str
    text: str
    pseudonym: str
    profession: str | None
    attribution: str = Field(description="'P07, psychiatrist'.")
    redacted: bool
    language: str | None = None


class Finding(_Part):
    """One sub-theme: who raised it, in a sentence a brief can use, with quotes."""

    name: str
    theme: str | None
    category: Category
    codes: list[str] = Field(description="The sub-theme uids the matrix column counts.")
    total: Count = Field(description="Distinct experts who raised it, of all experts in scope.")
    n_quotes: int = Field(description="Distinct quotes coded to it (the matrix with measure=quotes).")
    by_row: list[Count] = Field(description="Per profession, in the matrix's row order.")
    sentence: str
    recommendation: str | None = None
    quotes: list[QuoteRef] = Field(default_factory=list, description="1-3 representative quotes.")


class ThemeSummary(_Part):
    """A theme as a whole: experts who raised any of its codes."""

    name: str
    codes: list[str]
    total: Count
    n_quotes: int
    by_row: list[Count]
    sentence: str


class Section(_Part):
    """One theme category (benefits, gaps, prerequisites, expectations, other)."""

    category: Category
    title: str
    query: MatrixQuery = Field(description="The matrix (measure=experts) these figures equal.")
    themes: list[ThemeSummary]
    findings: list[Finding] = Field(description="Sub-themes, most experts first, then codebook order.")
    note: str | None = Field(None, description="Why a section is empty, e.g. no theme of this category.")


class EvidenceTable(_Part):
    """A matrix answer with its evidence: rows by columns, each cell a Count."""

    title: str
    query: MatrixQuery
    rows: list[str]
    row_sizes: list[int]
    cols: list[str]
    col_categories: list[Category]
    cells: list[list[Count]]
    row_totals: list[Count]
    col_totals: list[Count]
    n_experts: int


class CodebookTheme(_Part):
    name: str
    category: Category
    subthemes: list[str]


class MethodBox(_Part):
    """Who was asked, when, how, and with which codebook."""

    study: str
    title: str
    year: int | None
    country: str | None
    method: str | None
    experts: Count = Field(description="All experts in the study, with their uids.")
    professions: list[Count]
    provinces: list[Count] = Field(description="Empty when no expert has a 'province' attribute.")
    interview_dates: tuple[str, str] | None = Field(None, description="First and last 'interview_date'.")
    n_quotes: int = Field(description="Distinct quotes coded to any sub-theme.")
    codebook: list[CodebookTheme]


class Brief(_Part):
    """A policy brief built from store reads only; every figure equals a matrix answer."""

    format_version: Literal[1] = 1
    study: str
    category: Category | None = Field(None, description="The category the brief was limited to, if any.")
    title: str
    notice: str | None = Field(None, description="Shown first, e.g. that the data are illustrative.")
    method: MethodBox
    sections: list[Section]
    risks: EvidenceTable | None = Field(None, description="Risks (gap sub-themes) by profession.")
    risks_note: str | None = None
    heatmap: EvidenceTable = Field(description="The figures the heatmap draws: profession by sub-theme.")
    quote_rule: str = Field(description="How the representative quotes were chosen.")
