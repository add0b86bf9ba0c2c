"""Briefs as the API, the command line and the demo make them: the graph's brief, flagged as
illustrative when its quotes come from the bundled sample."""

from __future__ import annotations

import csv
from functools import cache

from api.demo import sample_path
from graph.briefs import Brief, build_brief
from graph.model import Category
from graph.store import GraphStore

__all__ = ["SAMPLE_NOTICE", "make_brief", "shows_sample_text"]

SAMPLE_NOTICE = (
    "Illustrative data. The quotes and counts in this brief come from ThemeGraph's bundled sample: "
    "text written for the project, modelled on the published design of the study. They are not the "
    "study's data; do not cite them as its findings."
)


def _normal(text: str) -> str:
    return " ".join(text.split())


@cache
def _sample_texts() -> frozenset[str]:
    with open(sample_path(), encoding="utf-8", newline="") as fh:
        return frozenset(_normal(row["text"]) for row in csv.DictReader(fh))


def shows_sample_text(brief: Brief) -> bool:
    """Whether any quote the brief shows is text from the bundled illustrative sample."""
    texts = _sample_texts()
    return any(_normal(q.text) in texts for s in brief.sections for f in s.findings for q in f.quotes)


def make_brief(store: GraphStore, study: str | None = None, category: Category | None = None) -> Brief:
    """The brief of `study` (see `build_brief`, whose NotFound and BadInput it raises), with the
    illustrative-data notice when it quotes the bundled sample."""
    brief = build_brief(store, study, category)
    return brief.model_copy(update={"notice": SAMPLE_NOTICE}) if shows_sample_text(brief) else brief
