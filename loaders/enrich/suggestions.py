"""The answers of the suggester: suggestions, per-sub-theme scores, the evaluation and the report.

Kept apart from `suggest.py` so that the API and the command line can name them without
importing spaCy, which only a request for suggestions needs.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

__all__ = ["Suggestion", "LabelScore", "Evaluation", "SuggestionReport", "SUGGESTION_NOTE", "DEFAULT_THRESHOLD"]

DEFAULT_THRESHOLD = 0.5
SUGGESTION_NOTE = ("suggestions from a text classifier trained on this study's coded quotes; "
                   "they are not codings until a person accepts them")


class Suggestion(BaseModel):
    kind: Literal["suggestion"] = "suggestion"
    index: int = Field(description="The position of the text in the input, from 0.")
    subtheme: str
    theme: str
    subtheme_uid: str
    score: float = Field(description="The classifier's score, 0..1.")


class LabelScore(BaseModel):
    subtheme: str
    theme: str
    support: int = Field(description="Coded quotes holding this sub-theme.")
    precision: float
    recall: float
    f1: float
    baseline_f1: float


class Evaluation(BaseModel):
    study: str
    quotes: int = Field(description="Coded quotes learnt from and cross-validated on.")
    coded_quotes: int = Field(description="The study's quotes coded to a sub-theme; more than `quotes` when the "
                                          "suggester learnt from a seeded sample of them.")
    folds: int
    seed: int
    threshold: float
    macro_f1: float
    micro_f1: float
    baseline_macro_f1: float
    baseline_micro_f1: float
    baseline: str = "every quote gets the sub-theme most frequent in its training folds"
    labels: list[LabelScore]


class SuggestionReport(BaseModel):
    """Suggested sub-themes for some texts, with how well the suggester did on the study's own codes."""

    kind: Literal["suggestion"] = "suggestion"
    study: str
    note: str = SUGGESTION_NOTE
    top: int
    threshold: float
    suggestions: list[Suggestion]
    evaluation: Evaluation
