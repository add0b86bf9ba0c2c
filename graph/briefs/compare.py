"""A brief comparing several studies: each finding per study and pooled, codes matched across
studies by name (case, spacing and dashes ignored, as loading matches them) or by an
alignment file (study, code, shared name), and the codes without a counterpart listed.

Every figure is a matrix answer of one study (rows=profession at the study's own level,
graph.briefs.shape); pooled figures add them up, which is sound because an expert belongs
to one study.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from graph.briefs.limitations import small_groups
from graph.briefs.model import Count, Level
from graph.briefs.shape import level_word
from graph.errors import BadInput
from graph.naming import name_key
from graph.results import MatrixQuery
from graph.store import GraphStore
from graph.studies import study_summary

__all__ = ["Alignment", "parse_alignment", "StudyPart", "StudyFigure", "ComparedFinding", "Comparison",
           "build_comparison"]

_ALIGN_COLUMNS = ("study", "code", "shared")


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True)


@dataclass(frozen=True)
class Alignment:
    """Shared names by (study uid, name_key of a code), from one file."""

    file: str
    shared: dict[tuple[str, str], str] = field(default_factory=dict)
    lines: dict[tuple[str, str], int] = field(default_factory=dict)


def parse_alignment(text: str, file: str) -> Alignment:
    """An alignment CSV (columns study, code, shared); BadInput naming `file` and the line."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = {name.strip().lower(): name for name in reader.fieldnames or []}
    missing = [c for c in _ALIGN_COLUMNS if c not in header]
    if missing:
        raise BadInput(f"missing column {missing[0]!r}; an alignment file has the columns study, code, shared "
                       f"(found: {', '.join(reader.fieldnames or []) or 'nothing'})", f"{file}:1")
    shared: dict[tuple[str, str], str] = {}
    lines: dict[tuple[str, str], int] = {}
    for line, row in enumerate(reader, start=2):
        values = {c: " ".join((row.get(header[c]) or "").split()) for c in _ALIGN_COLUMNS}
        empty = next((c for c in _ALIGN_COLUMNS if not values[c]), None)
        if empty:
            raise BadInput(f"empty {empty!r}", f"{file}:{line}")
        key = (values["study"], name_key(values["code"]))
        if key in shared:
            raise BadInput(f"code {values['code']!r} of study {values['study']!r} is aligned twice (line "
                           f"{lines[key]} too); keep one line", f"{file}:{line}")
        shared[key], lines[key] = values["shared"], line
    return Alignment(file=file, shared=shared, lines=lines)


class StudyFigure(_Part):
    """One code of one study: experts who raised it of the study's experts, and quotes."""

    study: str
    code: str = Field(description="The code's name in this study.")
    experts: Count
    n_quotes: int


class ComparedFinding(_Part):
    name: str = Field(description="The shared name (the first study's spelling, or the alignment file's).")
    figures: list[StudyFigure | None] = Field(description="Per study, in the order compared; None: no counterpart.")
    pooled: Count = Field(description="Experts of the studies that have the code, added up.")
    pooled_quotes: int
    sentence: str


class StudyPart(_Part):
    """What the comparison says about one study."""

    study: str
    title: str
    notice: str | None
    experts: int
    n_quotes: int
    level: Level
    small_groups: list[Count]
    unmatched: list[StudyFigure] = Field(description="Codes with no counterpart in any other study compared.")


class Comparison(_Part):
    """Several studies side by side."""

    format_version: Literal[1] = 1
    kind: Literal["comparison"] = "comparison"
    title: str
    studies: list[StudyPart]
    findings: list[ComparedFinding] = Field(description="Codes found in at least two studies, most experts first.")
    matching: str = Field(description="How codes were matched across studies.")
    limitations: list[str]


def _sentence(name: str, uids: list[str], figures: list[StudyFigure | None], pooled: Count, quotes: int) -> str:
    """'Misleading information: raised by 14 of 21 experts in A, 3 of 5 experts in B; 17 of 26 pooled (25 quotes).'"""
    parts = [f"{f.experts.n} of {f.experts.of} experts in {f.study}" for f in figures if f is not None]
    absent = [uid for uid, f in zip(uids, figures) if f is None]
    text = f"{name}: raised by " + ", ".join(parts) + f"; {pooled.n} of {pooled.of} pooled ({quotes} quotes)"
    return text + (f"; no counterpart in {', '.join(absent)}" if absent else "") + "."


def build_comparison(store: GraphStore, studies: list[str], align: Alignment | None = None) -> Comparison:
    """The comparison of `studies` (two or more, each loaded). Raises NotFound for an unknown
    study and BadInput for fewer than two, or an alignment line naming a study not compared or a
    code the study does not have at the level compared."""
    uids = list(dict.fromkeys(studies))
    if len(uids) < 2:
        raise BadInput("a comparison needs at least two different studies (--study A --study B)", "--study")
    parts = []
    by_key: dict[str, tuple[str, list[StudyFigure | None]]] = {}
    order: list[str] = []
    for index, uid in enumerate(uids):
        summary = study_summary(store, uid)
        m = store.matrix(MatrixQuery(rows="profession", cols="subtheme", study=uid))  # graph.levels picks the level
        mq = store.matrix(MatrixQuery(rows="profession", cols="subtheme", measure="quotes", study=uid))
        level = m.level
        seen_here: set[str] = set()
        for j, info in enumerate(m.col_info):
            shared = align.shared.get((uid, name_key(info.name)), info.name) if align else info.name
            key = name_key(shared)
            if key in seen_here:  # two codes of one study under one name: the first stands for it
                continue
            seen_here.add(key)
            if key not in by_key:
                by_key[key] = (shared, [None] * len(uids))
                order.append(key)
            by_key[key][1][index] = StudyFigure(study=uid, code=info.name, n_quotes=mq.col_totals[j], experts=Count(
                label=info.name, n=m.col_totals[j], of=m.n_experts))
        everyone = store.matrix(MatrixQuery(rows="profession", cols="theme", study=uid))
        parts.append((summary, level, everyone, {name_key(i.name) for i in m.col_info}))
    if align:
        _check_alignment(align, uids, [p[3] for p in parts])

    findings = []
    for key in order:
        name, figures = by_key[key]
        present = [f for f in figures if f is not None]
        if len(present) < 2:
            continue
        pooled = Count(label="pooled", n=sum(f.experts.n for f in present),
                       of=sum(f.experts.of or 0 for f in present))
        quotes = sum(f.n_quotes for f in present)
        findings.append(ComparedFinding(name=name, figures=figures, pooled=pooled, pooled_quotes=quotes,
                                        sentence=_sentence(name, uids, figures, pooled, quotes)))
    findings.sort(key=lambda f: -f.pooled.n)  # stable: first study's codebook order
    matched = {name_key(f.name) for f in findings}
    study_parts = []
    for index, (summary, level, everyone, _) in enumerate(parts):
        unmatched = [by_key[k][1][index] for k in order if k not in matched]
        study_parts.append(StudyPart(study=summary.uid, title=summary.title, notice=summary.notice,
                                     experts=everyone.n_experts, n_quotes=everyone.n_quotes, level=level,
                                     small_groups=small_groups(everyone), unmatched=[u for u in unmatched if u]))
    return Comparison(
        title="Policy brief: " + " and ".join(p.study for p in study_parts) + " compared",
        studies=study_parts, findings=findings,
        matching=(f"Codes matched by the alignment file {align.file}, and otherwise by name" if align else
                  "Codes matched by name, ignoring case, spacing and the kind of dash"),
        limitations=_limitations(study_parts),
    )


def _check_alignment(align: Alignment, uids: list[str], names: list[set[str]]) -> None:
    for (study, code), line in align.lines.items():
        where = f"{align.file}:{line}"
        if study not in uids:
            raise BadInput(f"study {study!r} is not one of those compared ({', '.join(uids)})", where)
        known = names[uids.index(study)]
        if code not in known:
            near = difflib.get_close_matches(code, sorted(known), n=1, cutoff=0.6)
            raise BadInput(f"study {study!r} has no code of that name at the level compared"
                           + (f"; did you mean {near[0]!r}?" if near else ""), where)


def _limitations(parts: list[StudyPart]) -> list[str]:
    lines = ["Pooled figures add up experts of different studies, which may have asked different questions of "
             "differently chosen people; read each study's figure before the pooled one."]
    levels = {p.level for p in parts}
    if len(levels) > 1:
        flat = ", ".join(p.study for p in parts if p.level == "theme")
        lines.append(f"Not every study codes at the same depth: {flat} has a flat codebook, so its themes are "
                     f"compared with the other studies' {level_word('subtheme', plural=True)}.")
    for p in parts:
        if p.notice:
            lines.append(f"{p.study}: {p.notice}")
        if p.small_groups:
            groups = ", ".join(f"{g.label} (n={g.n})" for g in p.small_groups)
            lines.append(f"{p.study}: groups of fewer than 5 experts: {groups}.")
    return lines
