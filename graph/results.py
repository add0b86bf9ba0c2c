"""Typed answers that leave the graph layer: what stores return and the API serialises."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from graph.levels import Level
from graph.model import Category, GraphBatch

__all__ = [
    "StudySummary", "CodeCount", "Breakdown", "ThemeNode", "Stats", "MatrixQuery", "MatrixColumn", "Matrix",
    "WriteSummary", "GraphDump", "MATRIX_ROWS",
]


class _Answer(BaseModel):
    model_config = ConfigDict(frozen=True)


class StudySummary(_Answer):
    uid: str
    title: str
    year: int | None = None
    country: str | None = None
    method: str | None = None
    notice: str | None = Field(None, description="Shown wherever the study is (e.g. 'illustrative data').")
    experts: int = Field(description="Experts in the study.")
    quotes: int = Field(description="Distinct quotes in the study.")
    themes: int
    subthemes: int


class CodeCount(_Answer):
    """One theme or sub-theme with the people and quotes coded to it or below it."""

    uid: str
    study: str
    kind: Literal["theme", "subtheme"]
    name: str
    category: Category
    parent: str | None
    order: int
    experts: int
    quotes: int


class Breakdown(_Answer):
    value: str = Field(description="A profession or attribute value; '(not recorded)' when absent.")
    experts: int
    quotes: int


class ThemeNode(_Answer):
    uid: str
    study: str
    kind: Literal["theme", "subtheme"]
    name: str
    category: Category
    experts: int = Field(description="Distinct experts with a quote coded here or below.")
    quotes: int = Field(description="Distinct quotes coded here or below.")
    breakdown: list[Breakdown] | None = Field(None, description="Per profession (or attribute) on request.")
    children: list[ThemeNode] = []


class Stats(_Answer):
    studies: int
    experts: int
    sources: int
    quotes: int
    themes: int
    subthemes: int
    codings: int = Field(description="Distinct quote-code pairs.")
    concepts: int


class WriteSummary(_Answer):
    study: str
    experts: int
    sources: int
    quotes: int
    themes: int
    subthemes: int
    codings: int


class WriteTally:
    """What the batches of one write held, added up as they are written: its WriteSummary."""

    KINDS = ("experts", "sources", "quotes", "themes", "subthemes", "codings")

    def __init__(self) -> None:
        self.study = ""
        self.counts = dict.fromkeys(self.KINDS, 0)

    def add(self, batch: GraphBatch) -> None:
        self.study = batch.study.uid
        for kind in self.KINDS:
            self.counts[kind] += len(getattr(batch, kind))

    def summary(self) -> WriteSummary:
        return WriteSummary(study=self.study, **self.counts)


# Matrix rows that are not expert attributes: each expert's profession, the expert, its study.
MATRIX_ROWS = ("profession", "expert", "study")


class MatrixQuery(_Answer):
    rows: str = Field("profession", description="'profession', 'expert' (cases by codes), 'study' (studies "
                                                "compared) or the name of an expert attribute.")
    cols: Literal["subtheme", "theme"] = Field("subtheme", description=(
        "The code level: 'subtheme' is the codes one level below the themes (deeper codes counted in them; a "
        "theme without sub-themes stands in for itself), 'theme' the themes."))
    category: Category | None = None
    theme: str | None = Field(None, description="Only the sub-themes of this theme (name or uid).")
    measure: Literal["experts", "quotes"] = "experts"
    study: str | None = None
    studies: tuple[str, ...] = Field((), description="rows=study: the studies compared (every study loaded when "
                                                     "empty); codes are matched by theme and name.")
    bin: int | None = Field(None, ge=1, le=1000,
                            description="Group a numeric attribute in bands of this width (e.g. 10: 0-9, 10-19).")

    def scope(self) -> tuple[str, ...] | None:
        """The studies counted: the one named, or for rows=study those compared; None: every study."""
        if self.rows == "study" and self.studies:
            return tuple(dict.fromkeys((*self.studies, *([self.study] if self.study else []))))
        return (self.study,) if self.study else None


class MatrixColumn(_Answer):
    name: str
    theme: str | None = Field(None, description="The theme a sub-theme column belongs to.")
    category: Category
    uids: list[str] = Field(description="The codes this column counts (one per study).")
    kind: Literal["theme", "subtheme"] = Field("subtheme", description=(
        "'theme' for a theme column, and at the sub-theme level for a theme without sub-themes standing in "
        "for itself."))


class Matrix(_Answer):
    rows: list[str]
    cols: list[str]
    measure: Literal["experts", "quotes"]
    cells: list[list[int]]
    row_totals: list[int] = Field(description="Distinct experts (or quotes) of the row in any column.")
    col_totals: list[int] = Field(description="Distinct experts (or quotes) in the column, any row.")
    n_experts: int = Field(description="Experts in scope: the population the rows divide.")
    n_quotes: int = Field(description="Distinct quotes coded into any column.")
    row_sizes: list[int] = Field(description="Experts in each row, coded or not: the 'of N'.")
    col_info: list[MatrixColumn]
    study: str | None = Field(None, description="The study counted (None: every study loaded, or those compared).")
    studies: list[str] = Field(default_factory=list, description="rows=study: the studies compared, as rows.")
    level: Level = Field("subtheme", description=(
        "The code level the columns are at: 'theme' for --cols theme, and for --cols subtheme where no theme "
        "in scope has sub-themes (a flat codebook)."))
    level_note: str | None = Field(None, description="How the codebook's shape made the columns (flat, mixed, "
                                                     "or deeper codes rolled up); None when it did not matter.")
    row_filters: list[dict[str, str] | None] = Field(
        description="For each row, the quote filters (profession=, or attr=NAME:VALUE) that select its experts; "
                    "None for experts without the value.")

    def cell_filter(self, i: int, j: int) -> dict[str, str] | None:
        """The quote filters (as /v1/quotes takes them) of the quotes behind cell (i, j); None when
        its row cannot be selected."""
        row = self.row_filters[i]
        if row is None:
            return None
        col = self.col_info[j]
        return {**({"study": self.study} if self.study else {}), **row,
                **({"theme": col.theme, "subtheme": col.name} if col.theme else {"theme": col.name})}


class GraphDump(_Answer):
    """Every node and relationship with its properties, in one canonical order.

    Node ids are "Label|key"; expert attributes appear as "attr:<name>" properties; absent
    (null) properties are left out, as Neo4j does. Two stores holding the same graph give
    equal dumps.
    """

    nodes: list[tuple[str, dict]]
    edges: list[tuple[str, str, str, dict]]
