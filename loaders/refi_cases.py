"""Experts of a REFI project: its cases, and the other ways vendors attach attributes.

- a named `Case` is one expert; its `VariableValue`s are the expert's attributes; it speaks in
  the sources it names by `SourceRef`, and in single selections it names by `SelectionRef`;
- a `VariableValue` on a `TextSource`, an unnamed case holding one source's variables (MAXQDA)
  and a set named like `gender: male` (ATLAS.ti) give attributes to the source's expert;
- a text source that no named case claims becomes one expert named after the source;
- a case that names only PDF, picture, audio or video sources is not an expert (skipped, counted).

Case variables win over source attributes; the profession is picked out later, in one place
(`loaders.segments.split_profession`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from graph.naming import natural_key
from loaders.records import ExpertSpec, Notice
from loaders.refi_codebook import guid_of
from loaders.safe_xml import Element, child, children, local

__all__ = ["ExpertPlan", "plan_experts", "TextSourceInfo"]

_VALUE_TAGS = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue")
_SET_ATTRIBUTE = re.compile(r"^\s*([^:]{1,60}?)\s*:\s*([^:].*?)\s*$")
_DOCUMENT_SUFFIXES = {".txt", ".docx", ".doc", ".rtf", ".odt", ".pdf", ".htm", ".html"}


@dataclass(frozen=True)
class TextSourceInfo:
    guid: str
    name: str
    where: str
    element: Element


@dataclass
class ExpertPlan:
    specs: list[ExpertSpec] = field(default_factory=list)
    of_source: dict[str, str] = field(default_factory=dict)  # source guid -> pseudonym
    of_selection: dict[str, str] = field(default_factory=dict)  # selection guid -> pseudonym
    notices: list[Notice] = field(default_factory=list)


def _values(owner: Element, variables: dict[str, str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for value in children(owner, "VariableValue"):
        ref = child(value, "VariableRef")
        name = variables.get((ref.get("targetGUID") or "").lower()) if ref is not None else None
        text = next((c.text for c in value if local(c.tag) in _VALUE_TAGS), None)
        if name and text is not None and text.strip():
            found.setdefault(name, text.strip())
    return found


def _refs(owner: Element, tag: str) -> list[str]:
    return [(r.get("targetGUID") or "").strip().lower() for r in children(owner, tag) if r.get("targetGUID")]


def source_pseudonym(name: str) -> str:
    """An expert named after a source: its name without a document suffix."""
    p = PurePosixPath(name.strip())
    return p.stem if p.suffix.lower() in _DOCUMENT_SUFFIXES and p.stem else name.strip()


def _merge(people: dict[str, tuple[str, dict[str, str]]], name: str, where: str, attrs: dict[str, str]) -> None:
    _, kept = people.setdefault(name, (where, {}))
    for k, v in attrs.items():
        kept.setdefault(k, v)


def plan_experts(root: Element, sources: list[TextSourceInfo], where: str) -> ExpertPlan:
    """Who speaks in each text source and selection, and every expert's attributes."""
    plan = ExpertPlan()
    variables = {guid_of(v, f"{where}/Variables"): (v.get("name") or "").strip()
                 for v in children(child(root, "Variables") or root, "Variable") if v.get("name")}
    source_attrs: dict[str, dict[str, str]] = {s.guid: _values(s.element, variables) for s in sources}
    named: dict[str, tuple[str, dict[str, str], list[str], str]] = {}  # case guid -> facts
    claims: dict[str, list[str]] = {}  # source guid -> case guids
    texts = {s.guid for s in sources}
    skipped_cases = 0

    for i, case in enumerate(children(child(root, "Cases") or root, "Case")):
        here = f"{where}/Cases/Case[{i + 1}]"
        guid = guid_of(case, here)
        values = _values(case, variables)
        refs = _refs(case, "SourceRef")
        name = (case.get("name") or "").strip()
        if not name:  # MAXQDA: one unnamed case per document, holding its variables
            for ref in refs:
                for k, v in values.items():
                    source_attrs.setdefault(ref, {}).setdefault(k, v)
            continue
        if refs and not any(ref in texts for ref in refs) and not _refs(case, "SelectionRef"):
            skipped_cases += 1  # a case of PDF, picture, audio or video sources only: no quote can be its
            continue
        named[guid] = (name, values, refs, here)
        for ref in refs:
            claims.setdefault(ref, []).append(guid)
        for sel in _refs(case, "SelectionRef"):
            plan.of_selection[sel] = name

    for member_set in children(child(root, "Sets") or root, "Set"):
        m = _SET_ATTRIBUTE.match(member_set.get("name") or "")
        if m:
            for ref in _refs(member_set, "MemberSource"):
                source_attrs.setdefault(ref, {}).setdefault(m.group(1), m.group(2))

    attributes = {guid: dict(values) for guid, (_, values, _, _) in named.items()}
    unclaimed: list[TextSourceInfo] = []
    shared = 0
    for s in sources:
        owners = claims.get(s.guid, [])
        if not owners:
            unclaimed.append(s)
            continue
        if len(owners) > 1:
            shared += 1
        # several named cases on one source (e.g. a site and a person): the most specific speaks
        owner = min(owners, key=lambda g: len(named[g][2]))
        plan.of_source[s.guid] = named[owner][0]
        for k, v in source_attrs.get(s.guid, {}).items():
            attributes[owner].setdefault(k, v)

    # one expert per pseudonym: two cases or sources of one name are one person
    people: dict[str, tuple[str, dict[str, str]]] = {}
    for guid, (name, _, _, here) in named.items():
        _merge(people, name, here, attributes[guid])
    for s in unclaimed:
        pseudonym = source_pseudonym(s.name)
        plan.of_source[s.guid] = pseudonym
        _merge(people, pseudonym, s.where, source_attrs.get(s.guid, {}))
    plan.specs = [ExpertSpec(here, name, None, tuple(sorted(attrs.items()))) for name, (here, attrs) in people.items()]

    if unclaimed:
        names = sorted((source_pseudonym(s.name) for s in unclaimed), key=natural_key)
        listed = ", ".join(repr(name) for name in names[:5])
        plan.notices.append(Notice("warning", "sources without a case", count=len(unclaimed), text=(
            f"{len(unclaimed)} text source(s) belong to no case; each became one expert named after its "
            f"source ({listed}{' ...' if len(unclaimed) > 5 else ''})")))
    if skipped_cases:
        plan.notices.append(Notice("skipped", "cases of non-text sources only", count=skipped_cases, text=(
            f"{skipped_cases} case(s) name only PDF, picture, audio or video sources; ThemeGraph reads coded "
            "text, so they are not experts")))
    if shared:
        plan.notices.append(Notice("warning", "sources with several cases", count=shared, text=(
            f"{shared} source(s) are named by several cases; each was given to the case naming the fewest "
            "sources")))
    return plan
