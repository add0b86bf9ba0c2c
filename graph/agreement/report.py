"""Agreement answers: two coders compared per code and overall, on characters or on segments.

Character units (`character_agreement`) are what the issue and the QDA tools' "coding
comparison" mean: every character of every text source of the study, the sources pooled as
one text in uid order; for a code, a coder marks a character 1 when any of their selections of
that code covers it. Positions count as the source tool counted them (REFI: code points, or
UTF-16 code units for NVivo; a source's length is in the same unit), so sources whose texts
were not loaded (table exports) cannot be compared this way and are refused by name.

The segment view (`segment_agreement`, MAXQDA's "segment" intercoder agreement) counts a
segment of one coder as matched when the other coded an overlapping segment of the same
source with the same code, overlapping by at least `threshold` of the two segments' union
(segments without positions match only the same quote). It has no kappa or alpha: segments
that neither coder coded do not exist, so chance agreement cannot be estimated.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import Field

from graph.agreement.spans import CodedSpan, StudySpans
from graph.agreement.stats import Counts, cohen_kappa, krippendorff_alpha, pair_counts, percent_agreement
from graph.codebook import Codebook
from graph.errors import BadInput
from graph.results import _Answer
from graph.studies import resolve_study

if TYPE_CHECKING:
    from graph.store import GraphStore

__all__ = ["Figures", "CodeAgreement", "Agreement", "SegmentCode", "SegmentAgreement", "choose_coders",
           "character_agreement", "segment_agreement", "DEFAULT_THRESHOLD", "study_agreement",
           "agreement_rows"]

DEFAULT_THRESHOLD = 0.9  # MAXQDA's default overlap for the segment view
_NAMED = 3  # sources or quotes an error names before counting the rest


class Figures(_Answer):
    percent_agreement: float | None = Field(description="Units given the same value by both coders, in percent.")
    kappa: float | None = Field(description="Cohen's kappa; null when undefined (one value in every unit).")
    alpha: float | None = Field(description="Krippendorff's alpha (nominal); null when undefined.")
    units: int
    both: int = Field(description="Units both coders coded.")
    first_only: int
    second_only: int
    neither: int

    @classmethod
    def of(cls, c: Counts) -> Figures:
        return cls(percent_agreement=percent_agreement(c), kappa=cohen_kappa(c), alpha=krippendorff_alpha(c),
                   units=c.units, both=c.n11, first_only=c.n10, second_only=c.n01, neither=c.n00)


class CodeAgreement(Figures):
    code: str
    uid: str


class Agreement(_Answer):
    unit: Literal["character"] = "character"
    study: str
    coders: list[str]
    codes: list[CodeAgreement]
    overall: Figures = Field(description="Every (character, code) pair of the codes listed is one unit.")


class SegmentCode(_Answer):
    code: str
    uid: str
    percent_agreement: float | None = Field(description="Matched segments of both coders over all their segments.")
    units: int = Field(description="Segments of both coders.")
    segments: list[int] = Field(description="Segments of each coder, in the order of `coders`.")
    matched: list[int] = Field(description="Segments of each coder the other coder matched.")


class SegmentAgreement(_Answer):
    unit: Literal["segment"] = "segment"
    study: str
    coders: list[str]
    threshold: float = Field(description="The share of two segments' union their overlap must reach.")
    codes: list[SegmentCode]
    overall: SegmentCode


def choose_coders(spans: StudySpans, wanted: list[str] | None) -> tuple[str, str]:
    """The two coders to compare: those named, or the study's only two; raises BadInput."""
    known = spans.coders
    listing = ", ".join(repr(k) for k in known) or "none"
    if len(known) < 2:
        raise BadInput(f"study {spans.study!r} has {len(known)} coder(s) ({listing}); agreement needs the codings "
                       "of two coders in one study", "coders")
    if not wanted:
        if len(known) != 2:
            raise BadInput(f"study {spans.study!r} has {len(known)} coder(s) ({listing}); agreement compares two: "
                           "name them with --coders A,B (coders=A,B)", "coders")
        return known[0], known[1]
    if len(wanted) != 2 or wanted[0] == wanted[1]:
        raise BadInput(f"name two different coders, like --coders A,B (the study has {listing})", "coders")
    missing = [w for w in wanted if w not in known]
    if missing:
        raise BadInput(f"study {spans.study!r} has no coder {missing[0]!r}; its coders are {listing}", "coders")
    return wanted[0], wanted[1]


def _tree_order(codebook: Codebook) -> list[tuple[str, str]]:
    """(uid, name) of every code, each theme followed by the codes below it."""
    children: dict[str, list] = defaultdict(list)
    for s in codebook.subthemes:
        children[s.parent].append(s)
    found: list[tuple[str, str]] = []

    def visit(code) -> None:  # a Theme or SubTheme
        found.append((code.uid, code.name))
        for child in sorted(children[code.uid], key=lambda c: (c.order, c.name)):
            visit(child)

    for t in sorted(codebook.themes, key=lambda t: (t.order, t.name)):
        visit(t)
    return found


def _names(items: list[str]) -> str:
    shown = ", ".join(repr(x) for x in items[:_NAMED])
    return shown + (f" and {len(items) - _NAMED} more" if len(items) > _NAMED else "")


def _offsets(spans: StudySpans, used: list[CodedSpan]) -> tuple[dict[str, int], int]:
    """Where each source starts in the pooled text, and its length; raises BadInput naming the
    sources without a length and the quotes without positions."""
    unknown = [s.name for s in spans.sources if s.length is None]
    if unknown:
        raise BadInput(f"character agreement needs every text of study {spans.study!r} whole, and "
                       f"{len(unknown)} source(s) have no known length ({_names(unknown)}): table exports "
                       "carry coded segments, not texts. Load the study from its REFI-QDA project (.qdpx), "
                       "or compare segments (--unit segment)", "agreement")
    unplaced = sorted({s.quote for s in used if s.start is None or s.end is None})
    if unplaced:
        raise BadInput(f"character agreement needs where each coded segment lies, and {len(unplaced)} quote(s) "
                       f"have no start and end ({_names(unplaced)}); compare segments instead (--unit segment)",
                       "agreement")
    offsets, total = {}, 0
    for s in sorted(spans.sources, key=lambda s: s.uid):
        offsets[s.uid] = total
        total += s.length or 0
    lengths = {s.uid: s.length or 0 for s in spans.sources}
    past = sorted({s.quote for s in used if s.end is not None and s.end > lengths.get(s.source, 0)})
    if past:
        raise BadInput(f"{len(past)} quote(s) end past their source's length ({_names(past)}); load the study "
                       "again from its project", "agreement")
    return offsets, total


def _of(spans: list[CodedSpan], coder: str) -> dict[str, list[CodedSpan]]:
    by_code: dict[str, list[CodedSpan]] = defaultdict(list)
    for s in spans:
        if coder in s.coders:
            by_code[s.code].append(s)
    return by_code


def character_agreement(spans: StudySpans, codebook: Codebook, wanted: list[str] | None = None) -> Agreement:
    """Percent agreement, kappa and alpha of two coders on character units, per code (the codes
    either coded) and over all those codes; raises BadInput (coders, missing texts or positions)."""
    first, second = choose_coders(spans, wanted)
    used = [s for s in spans.spans if first in s.coders or second in s.coders]
    offsets, total = _offsets(spans, used)
    a, b = _of(used, first), _of(used, second)

    def intervals(these: list[CodedSpan]) -> np.ndarray:
        return np.array([(offsets[s.source] + (s.start or 0), offsets[s.source] + (s.end or 0)) for s in these],
                        dtype=np.int64).reshape(-1, 2)

    codes, overall = [], Counts(0, 0, 0, 0)
    for uid, name in _tree_order(codebook):
        if uid not in a and uid not in b:
            continue
        c = pair_counts(intervals(a.get(uid, [])), intervals(b.get(uid, [])), total)
        overall += c
        codes.append(CodeAgreement(code=name, uid=uid, **Figures.of(c).model_dump()))
    return Agreement(study=spans.study, coders=[first, second], codes=codes, overall=Figures.of(overall))


def _matched(mine: list[CodedSpan], theirs: list[CodedSpan], threshold: float) -> int:
    by_source: dict[str, list[CodedSpan]] = defaultdict(list)
    for t in theirs:
        by_source[t.source].append(t)

    def overlaps(s: CodedSpan, t: CodedSpan) -> bool:
        if s.start is None or s.end is None or t.start is None or t.end is None:
            return s.quote == t.quote
        inter = min(s.end, t.end) - max(s.start, t.start)
        union = max(s.end, t.end) - min(s.start, t.start)
        return union > 0 and inter > 0 and inter / union >= threshold

    return sum(any(overlaps(s, t) for t in by_source[s.source]) for s in mine)


def _segment_code(code: str, uid: str, a: list[CodedSpan], b: list[CodedSpan], threshold: float) -> SegmentCode:
    matched = [_matched(a, b, threshold), _matched(b, a, threshold)]
    units = len(a) + len(b)
    return SegmentCode(code=code, uid=uid, percent_agreement=100.0 * sum(matched) / units if units else None,
                       units=units, segments=[len(a), len(b)], matched=matched)


def segment_agreement(spans: StudySpans, codebook: Codebook, wanted: list[str] | None = None,
                      threshold: float = DEFAULT_THRESHOLD) -> SegmentAgreement:
    """The segment view: each coder's segments of a code matched by the other's; raises BadInput."""
    if not 0 < threshold <= 1:
        raise BadInput(f"the overlap threshold must be above 0 and at most 1, not {threshold}", "threshold")
    first, second = choose_coders(spans, wanted)
    a, b = _of(spans.spans, first), _of(spans.spans, second)
    codes = [_segment_code(name, uid, a.get(uid, []), b.get(uid, []), threshold)
             for uid, name in _tree_order(codebook) if uid in a or uid in b]
    units = sum(c.units for c in codes)
    matched = [sum(c.matched[i] for c in codes) for i in (0, 1)]
    overall = SegmentCode(code="all codes", uid="", percent_agreement=100.0 * sum(matched) / units if units else None,
                          units=units, segments=[sum(c.segments[i] for c in codes) for i in (0, 1)], matched=matched)
    return SegmentAgreement(study=spans.study, coders=[first, second], threshold=threshold, codes=codes,
                            overall=overall)


def study_agreement(store: GraphStore, study: str | None, coders: list[str] | None = None,
                    unit: Literal["character", "segment"] = "character",
                    threshold: float = DEFAULT_THRESHOLD) -> Agreement | SegmentAgreement:
    """The agreement of two coders of a study (the only one loaded when None); raises NotFound, BadInput."""
    uid = resolve_study(store, study)
    spans, codebook = store.coded_spans(uid), store.codebook(uid)
    if unit == "segment":
        return segment_agreement(spans, codebook, coders, threshold)
    return character_agreement(spans, codebook, coders)


def _number(value: float | None) -> float | str:
    return "" if value is None else round(value, 6)


def agreement_rows(answer: Agreement | SegmentAgreement) -> tuple[list[str], list[list[object]]]:
    """The answer as a table: one row per code, then the overall row."""
    if isinstance(answer, SegmentAgreement):
        a, b = answer.coders
        header = ["code", "uid", "percent_agreement", "units", f"segments {a}", f"segments {b}", f"matched {a}",
                  f"matched {b}"]
        return header, [[c.code, c.uid, _number(c.percent_agreement), c.units, *c.segments, *c.matched]
                        for c in [*answer.codes, answer.overall]]
    header = ["code", "uid", "percent_agreement", "kappa", "alpha", "units", "both", "first_only", "second_only",
              "neither"]
    rows: list[list[object]] = [[c.code, c.uid] + _figures(c) for c in answer.codes]
    return header, rows + [["all codes", ""] + _figures(answer.overall)]


def _figures(f: Figures) -> list[object]:
    return [_number(f.percent_agreement), _number(f.kappa), _number(f.alpha), f.units, f.both, f.first_only,
            f.second_only, f.neither]
