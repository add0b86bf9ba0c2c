"""The load report: what one file brought, and what writing it creates, updates or leaves unchanged
(counted by graph.stores.planned.PlannedGraph under the stores' write rules)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from loaders.enrich import EnrichReport

__all__ = ["LoadReport"]


class LoadReport(BaseModel):
    file: str
    format: str
    study: str
    codebook: Literal["defined", "reference", "existing", "extended", "file"]
    rows: int = Field(description="Coded segments read (one per coding).")
    experts: int
    sources: int
    quotes: int
    codings: int
    new_themes: list[str]
    new_subthemes: list[str]
    written: bool
    created: dict[str, int] = Field(default_factory=dict, description="Records new to the graph, per kind.")
    updated: dict[str, int] = Field(default_factory=dict, description="Records in the graph that this file changes.")
    unchanged: dict[str, int] = Field(default_factory=dict, description="Records the graph already held as given.")
    skipped: dict[str, int] = Field(default_factory=dict, description="What the file holds but ThemeGraph left out.")
    warnings: list[str] = Field(default_factory=list)
    offsets: str | None = Field(None, description="REFI projects: the unit selection positions were read in, and why.")
    enrichment: EnrichReport | None = Field(None, description="Redactions by type, languages and concepts found.")
    speakers: dict[str, int] | None = Field(None, description="--speakers: quotes per speaker expert found.")
    without_speaker: int | None = Field(None, description="--speakers: quotes without a speaker label, left "
                                                          "with the file's expert.")
