"""One study's nodes and relationships, read from a canonical dump, in the shape the writers use."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.results import GraphDump
from graph.studies import no_study

__all__ = ["StudyFacts", "study_facts"]


def _split(node_id: str) -> tuple[str, str]:
    label, _, key = node_id.partition("|")
    return label, key


@dataclass
class StudyFacts:
    study: dict
    themes: list[dict] = field(default_factory=list)  # in codebook order
    subthemes: list[dict] = field(default_factory=list)
    parent: dict[str, str] = field(default_factory=dict)  # sub-theme uid -> parent uid
    experts: list[dict] = field(default_factory=list)
    professions: dict[str, str] = field(default_factory=dict)  # name key -> label
    sources: list[dict] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    speaker: dict[str, str] = field(default_factory=dict)  # quote uid -> expert uid
    source_of: dict[str, str] = field(default_factory=dict)  # quote uid -> source uid
    codings: dict[str, list[tuple[str, dict]]] = field(default_factory=dict)  # quote uid -> [(code uid, props)]
    memos: dict[str, list[dict]] = field(default_factory=dict)  # annotated uid -> memo props


def study_facts(dump: GraphDump, study: str) -> StudyFacts:
    """The study's part of `dump`; raises NotFound when the dump has no such study."""
    by_label: dict[str, dict[str, dict]] = {}
    for node_id, props in dump.nodes:
        label, key = _split(node_id)
        by_label.setdefault(label, {})[key] = props
    if study not in by_label.get("Study", {}):
        raise no_study(study, sorted(by_label.get("Study", {})))
    facts = StudyFacts(by_label["Study"][study])

    def mine(label: str) -> list[dict]:
        return [p for p in by_label.get(label, {}).values() if p.get("study") == study]

    facts.themes = sorted(mine("Theme"), key=lambda t: (t.get("order", 0), t["uid"]))
    facts.subthemes = sorted(mine("SubTheme"), key=lambda t: (t.get("order", 0), t["uid"]))
    facts.experts = sorted(mine("Expert"), key=lambda e: e["uid"])
    facts.sources = sorted(mine("Source"), key=lambda x: x["uid"])
    facts.quotes = sorted(mine("Quote"), key=lambda q: (q.get("start") if q.get("start") is not None else -1, q["uid"]))
    facts.professions = {k: p.get("label", k) for k, p in by_label.get("Profession", {}).items()}
    memos = {m["uid"]: m for m in mine("Memo")}
    quotes = {q["uid"] for q in facts.quotes}
    for a, rel, b, props in dump.edges:
        (la, ka), kb = _split(a), _split(b)[1]
        if rel == "PART_OF" and la == "SubTheme":
            facts.parent[ka] = kb
        elif rel == "SAID" and kb in quotes:
            facts.speaker[kb] = ka
        elif rel == "FROM_SOURCE" and ka in quotes:
            facts.source_of[ka] = kb
        elif rel == "CODED_AS" and ka in quotes:
            facts.codings.setdefault(ka, []).append((kb, props))
        elif rel == "ANNOTATES" and ka in memos:
            facts.memos.setdefault(kb, []).append(memos[ka])
    for found in facts.codings.values():
        found.sort(key=lambda c: c[0])
    for notes in facts.memos.values():
        notes.sort(key=lambda m: (m.get("created") or "", m["uid"]))
    return facts
