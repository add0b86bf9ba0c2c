"""The typed brief: what `build_brief` returns, the API serves as JSON and the renderers draw.

Every figure is a `Count` that names the quotes (and experts) behind it, so a reader can go
from any number in a brief to the words that support it. The numbers themselves are copied
from `GraphStore.matrix` answers, whose queries each table and section records.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from graph.levels import Level
from graph.model import Category
from graph.results import MatrixQuery

__all__ = [
    "Count", "QuoteRef", "Finding", "ThemeSummary", "Section", "EvidenceTable", "CodebookTheme",
    "MethodBox", "Limitations", "Assessment", "ProfileRow", "EvidenceProfile", "Pairing", "GapLink", "Brief",
    "SMALL_GROUP", "Level",
]

SMALL_GROUP = 5
"""A group of fewer experts than this is named in the limitations and marked in every table."""


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
    translation: str | None = Field(None, description="A translation given by the researchers (never a machine's).")


class Finding(_Part):
    """One sub-theme: who raised it, in a sentence a brief can use, with quotes."""

    name: str
    theme: str | None
    category: Category
    codes: list[str] = Field(description="The code uids the matrix column counts (sub-themes, or themes).")
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
    findings: list[Finding] = Field(description="Codes raised by anyone, most experts first, then codebook order.")
    note: str | None = Field(None, description="Why a section is empty, e.g. no theme of this category.")
    theme: str | None = Field(None, description="The theme this section covers, when the study has no categories.")
    not_raised: list[str] = Field(default_factory=list, description="Codes of the section nobody raised.")


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
    level: Level = "subtheme"
    col_themes: list[str | None] = Field(default_factory=list, description="The theme of each column.")
    small_group: int = Field(SMALL_GROUP, description="Rows of fewer experts are marked as small groups.")


class CodebookTheme(_Part):
    name: str
    category: Category
    subthemes: list[str] = Field(description="The codes directly below the theme.")
    n_codes: int = Field(0, description="Every code below the theme, at any depth.")


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
    n_quotes: int = Field(description="Distinct quotes coded to any code.")
    codebook: list[CodebookTheme]
    level: Level = Field("subtheme", description="The level the findings are at: 'theme' for a flat codebook.")
    level_note: str | None = Field(None, description="How the codebook's shape made the level (graph.levels).")
    codes_per_depth: dict[int, int] = Field(default_factory=dict,
                                            description="Codes below the themes at each depth (1: their children).")
    categorised: bool = Field(True, description="Whether the themes have categories (benefit, gap, ...).")


class Limitations(_Part):
    """What a reader should weigh before relying on the figures."""

    small_group: int = SMALL_GROUP
    small_groups: list[Count] = Field(description="Professions with fewer than `small_group` experts (n of all).")
    sampling: list[str] = Field(description="Who was asked, as the study and its experts' attributes describe it.")
    redaction: str
    n_redacted: int = Field(description="Quotes whose text had personal data replaced at load.")
    illustrative: str | None = Field(None, description="The study's notice when its data are illustrative.")


CERQUAL_COMPONENTS = ("methodological_limitations", "coherence", "adequacy", "relevance")
CONCERNS = ("no or very minor concerns", "minor concerns", "moderate concerns", "serious concerns")
CONFIDENCE = ("high", "moderate", "low", "very low")


class Assessment(_Part):
    """Reviewers' GRADE-CERQual judgements on one finding; empty until an assessments file fills them."""

    methodological_limitations: str | None = None
    coherence: str | None = None
    adequacy: str | None = None
    relevance: str | None = None
    overall_confidence: str | None = None
    explanation: str | None = None


class ProfileRow(_Part):
    """How much evidence stands behind one finding."""

    finding: str
    theme: str | None
    category: Category
    experts: Count = Field(description="Experts who raised it, of all experts.")
    professions_raising: int = Field(description="Professions with at least one expert raising it.")
    professions: int = Field(description="Professions in the study.")
    n_quotes: int
    consistent: bool | None = Field(description="Whether every profession of 3 or more experts raised it; None when "
                                                "no profession has 3.")
    silent_groups: list[str] = Field(default_factory=list,
                                     description="Professions of 3 or more experts none of whom raised it.")
    quotes: list[QuoteRef] = Field(description="The two most representative quotes (the quote rule's first two).")
    assessment: Assessment = Field(default_factory=Assessment)


class EvidenceProfile(_Part):
    """One row per finding, with the CERQual columns reviewers fill in."""

    rows: list[ProfileRow]
    assessed_by: str | None = None
    assessed_on: str | None = None
    assessments_file: str | None = Field(None, description="The file the judgements came from (its name).")


class Pairing(_Part):
    """A prerequisite or expectation raised by experts who also raised a gap."""

    name: str
    category: Category
    experts: Count = Field(description="Experts who raised both, of the gap's experts.")


class GapLink(_Part):
    """A gap and what the same experts asked for: co-occurrence within experts, stated as evidence."""

    gap: str
    experts: Count = Field(description="Experts who raised the gap.")
    pairs: list[Pairing]
    sentence: str


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
    heatmap: EvidenceTable = Field(description="The figures the heatmap draws: profession by code.")
    quote_rule: str = Field(description="How the representative quotes were chosen.")
    level: Level = "subtheme"
    limitations: Limitations | None = None
    profile: EvidenceProfile | None = None
    gap_links: list[GapLink] = Field(default_factory=list,
                                     description="Per gap, the prerequisites and expectations the same experts raised.")
