"""What writing a record does to what the graph holds: the write rules, once for every store.

Each record of a batch is an entry: a node, named "Label|key", or a coding, named by its
(quote node, code node) pair, with its properties in the form `GraphStore.dump` shows them
(expert attributes as 'attr:<name>', no None values). A write sets the properties the record
names and leaves the others as they were (attributes it does not name, a store's own lookup
keys). How a named property meets the stored one is its rule:

    replace         the written value; None removes it (the default)
    keep            the written value, or the stored one when None is written (an expert's
                    profession: a table without the column does not erase it)
    union           the stored list, then the written values it lacks, in order (a quote's
                    selection ids)
    union_or_none   the same, and no property at all while the list is empty (a coding's coders)

`merged` applies the rules: the embedded store keeps what it returns, the load report compares
it with the stored entry (`outcome`), and the Neo4j store's statements set the same properties
by the same rules (`graph/stores/neo4j/cypher.py` builds their SET clauses from `KINDS`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from graph.model import GraphBatch
from graph.naming import is_theme_uid

__all__ = ["Rule", "Kind", "KINDS", "REPORTED", "Entry", "EntryId", "entries", "merged", "outcome", "node_id",
           "code_node_id"]

Rule = Literal["replace", "keep", "union", "union_or_none"]
EntryId = str | tuple[str, str]


@dataclass(frozen=True)
class Kind:
    """One kind of entry: how the load report names it, its label, and its properties' rules."""

    report: str | None  # the load report's name for it (None: not counted)
    label: str
    properties: tuple[str, ...]  # every property a record of this kind names, besides its attributes
    rules: tuple[tuple[str, Rule], ...] = ()

    def rule(self, prop: str) -> Rule:
        return self.rule_map.get(prop, "replace")

    @cached_property
    def rule_map(self) -> dict[str, Rule]:
        """The properties whose rule is not 'replace', with their rules."""
        return dict(self.rules)


STUDY = Kind(None, "Study", ("uid", "title", "year", "country", "method", "notice"), (("notice", "keep"),))
PROFESSION = Kind("professions", "Profession", ("name", "label"))
EXPERT = Kind("experts", "Expert", ("uid", "study", "pseudonym", "profession"), (("profession", "keep"),))
SOURCE = Kind("sources", "Source", ("uid", "study", "name", "language", "length"), (("length", "keep"),))
THEME = Kind("themes", "Theme", ("uid", "study", "name", "category", "order", "description"))
SUBTHEME = Kind("subthemes", "SubTheme", ("uid", "study", "name", "order", "description"))
QUOTE = Kind("quotes", "Quote", ("uid", "study", "text", "start", "end", "language", "redacted", "selections",
                                  "translation"),
             (("selections", "union"), ("translation", "keep")))
CODING = Kind("codings", "CODED_AS", ("coder", "at", "coders"), (("coders", "union_or_none"),))
CONCEPT = Kind("concepts", "Concept", ("name", "label", "language"))
CODER = Kind("coders", "Coder", ("uid", "study", "name"))
MEMO = Kind("memos", "Memo", ("uid", "study", "text", "author", "created"))

KINDS: dict[str, Kind] = {k.label: k for k in (STUDY, PROFESSION, EXPERT, SOURCE, THEME, SUBTHEME, QUOTE, CODING,
                                               CONCEPT, CODER, MEMO)}
# The load report's kinds, in the order it lists them.
REPORTED = ("experts", "professions", "sources", "themes", "subthemes", "quotes", "codings", "concepts", "coders", "memos")


@dataclass(frozen=True, slots=True)
class Entry:
    kind: Kind
    id: EntryId
    props: dict  # as written: every property of the kind (None where the record has no value)


def node_id(label: str, key: str) -> str:
    return f"{label}|{key}"


def code_node_id(code_uid: str) -> str:
    return node_id("Theme" if is_theme_uid(code_uid) else "SubTheme", code_uid)


def entries(batch: GraphBatch) -> Iterator[Entry]:
    """The batch's records as entries, nodes before the codings that join them."""
    s = batch.study
    yield Entry(STUDY, node_id("Study", s.uid), dict(uid=s.uid, title=s.title, year=s.year, country=s.country,
                                                     method=s.method, notice=s.notice))
    for p in batch.professions:
        yield Entry(PROFESSION, node_id("Profession", p.name), dict(name=p.name, label=p.label))
    for e in batch.experts:
        yield Entry(EXPERT, node_id("Expert", e.uid), dict(uid=e.uid, study=e.study, pseudonym=e.pseudonym,
                                                           profession=e.profession,
                                                           **{f"attr:{k}": v for k, v in e.attributes}))
    for x in batch.sources:
        yield Entry(SOURCE, node_id("Source", x.uid), dict(uid=x.uid, study=x.study, name=x.name, language=x.language,
                                                            length=x.length))
    for t in batch.themes:
        yield Entry(THEME, node_id("Theme", t.uid), dict(uid=t.uid, study=t.study, name=t.name, category=t.category,
                                                         order=t.order, description=t.description))
    for st in batch.subthemes:
        yield Entry(SUBTHEME, node_id("SubTheme", st.uid), dict(uid=st.uid, study=st.study, name=st.name,
                                                                order=st.order, description=st.description))
    for q in batch.quotes:
        yield Entry(QUOTE, node_id("Quote", q.uid), dict(uid=q.uid, study=q.study, text=q.text, start=q.start,
                                                         end=q.end, language=q.language, redacted=q.redacted,
                                                         selections=list(q.selections), translation=q.translation))
    for c in batch.concepts:
        yield Entry(CONCEPT, node_id("Concept", c.name), dict(name=c.name, label=c.label, language=c.language))
    for k in batch.coders:
        yield Entry(CODER, node_id("Coder", k.uid), dict(uid=k.uid, study=k.study, name=k.name))
    for m in batch.memos:
        yield Entry(MEMO, node_id("Memo", m.uid), dict(uid=m.uid, study=m.study, text=m.text, author=m.author,
                                                       created=m.created))
    for coding in batch.codings:
        yield Entry(CODING, (node_id("Quote", coding.quote), code_node_id(coding.code)),
                    dict(coder=coding.coder, at=coding.at, coders=list(coding.coders)))


def merged(kind: Kind, stored: dict | None, written: dict) -> dict:
    """The entry's properties once `written` is written over `stored` (None: a new entry), by
    the kind's rules; None values are left out, as stores hold them."""
    result = dict(stored or {})
    special = kind.rule_map
    for prop, value in written.items():
        rule = special.get(prop)
        if rule is None:  # 'replace', most properties: no list work
            if value is None:
                result.pop(prop, None)
            else:
                result[prop] = value
            continue
        if rule == "keep" and value is None:
            continue
        if rule in ("union", "union_or_none"):
            had = list(result.get(prop) or [])
            value = had + [v for v in value or [] if v not in had]
            if rule == "union_or_none" and not value:
                value = None
        if value is None:
            result.pop(prop, None)
        else:
            result[prop] = value
    return result


def outcome(stored: dict | None, result: dict) -> Literal["created", "updated", "unchanged"]:
    """What the write does to the entry: creates it, changes it, or leaves it as it was."""
    if stored is None:
        return "created"
    return "unchanged" if result == stored else "updated"
