"""Reviewers' GRADE-CERQual judgements, given as a YAML file and checked before they fill the
evidence profile:

    assessed_by: A. Reviewer and B. Reviewer
    assessed_on: 2026-11-30
    findings:
      Misleading information:
        methodological_limitations: minor concerns
        coherence: no or very minor concerns
        adequacy: moderate concerns
        relevance: minor concerns
        overall_confidence: moderate
        explanation: Consistent across professions; thin data from researchers.

Component judgements are one of CONCERNS, the overall confidence one of CONFIDENCE (case and
spacing ignored). Findings are named as in the brief (case, spacing and dashes ignored).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import yaml

from graph.briefs.model import CERQUAL_COMPONENTS, CONCERNS, CONFIDENCE, Assessment, EvidenceProfile
from graph.errors import BadInput
from graph.naming import name_key

__all__ = ["Assessments", "parse_assessments", "apply_assessments"]

_TOP = ("assessed_by", "assessed_on", "findings")
_FIELDS = (*CERQUAL_COMPONENTS, "overall_confidence", "explanation")


@dataclass(frozen=True)
class Assessments:
    """The judgements of one file, by finding name as written."""

    file: str
    assessed_by: str | None = None
    assessed_on: str | None = None
    findings: dict[str, Assessment] = field(default_factory=dict)


def _choice(value: object, allowed: tuple[str, ...], where: str) -> str:
    text = " ".join(str(value).lower().split()) if isinstance(value, str) else None
    if text not in allowed:
        raise BadInput(f"{value!r} is not a CERQual judgement here; use one of: {', '.join(allowed)}", where)
    return text


def _entry(name: str, given: object, file: str) -> Assessment:
    where = f"{file}: finding {name!r}"
    if not isinstance(given, dict):
        raise BadInput("give the judgements as a mapping (coherence: minor concerns, ...)", where)
    unknown = [k for k in given if k not in _FIELDS]
    if unknown:
        raise BadInput(f"unknown field {unknown[0]!r}; the fields are: {', '.join(_FIELDS)}", where)
    values: dict[str, str | None] = {}
    for key in CERQUAL_COMPONENTS:
        if given.get(key) is not None:
            values[key] = _choice(given[key], CONCERNS, f"{where}, {key}")
    if given.get("overall_confidence") is not None:
        values["overall_confidence"] = _choice(given["overall_confidence"], CONFIDENCE, f"{where}, overall_confidence")
    if given.get("explanation") is not None:
        values["explanation"] = " ".join(str(given["explanation"]).split())
    return Assessment(**values)


def parse_assessments(text: str, file: str) -> Assessments:
    """The judgements in a YAML text; BadInput naming `file` and the entry for anything wrong."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{file}:{mark.line + 1}" if mark is not None else file
        raise BadInput(f"not valid YAML ({getattr(exc, 'problem', None) or 'unreadable'})", where) from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), dict):
        raise BadInput("expected a mapping with 'findings:' (finding name -> judgements), and optionally "
                       "'assessed_by:' and 'assessed_on:'", file)
    unknown = [k for k in data if k not in _TOP]
    if unknown:
        raise BadInput(f"unknown key {unknown[0]!r}; the keys are: {', '.join(_TOP)}", file)
    findings = {str(name): _entry(str(name), given, file) for name, given in data["findings"].items()}
    on = data.get("assessed_on")
    return Assessments(file=file, assessed_by=None if data.get("assessed_by") is None else str(data["assessed_by"]),
                       assessed_on=None if on is None else str(on), findings=findings)


def apply_assessments(profile: EvidenceProfile, given: Assessments) -> EvidenceProfile:
    """The profile with its CERQual columns filled; BadInput for a finding the brief does not have."""
    rows = {name_key(r.finding): r for r in profile.rows}
    names = [r.finding for r in profile.rows]
    filled = {}
    for name, assessment in given.findings.items():
        key = name_key(name)
        if key not in rows:
            near = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
            hint = f"did you mean {near[0]!r}? " if near else ""
            raise BadInput(f"no finding of that name in this brief; {hint}(the findings: {'; '.join(names)})",
                           f"{given.file}: finding {name!r}")
        filled[key] = assessment
    return profile.model_copy(update={
        "rows": [r.model_copy(update={"assessment": filled.get(name_key(r.finding), r.assessment)})
                 for r in profile.rows],
        "assessed_by": given.assessed_by, "assessed_on": given.assessed_on, "assessments_file": given.file,
    })
