"""`enrich_batch`: redaction, language and concepts for one validated batch, before it is written.

A pure function over records: the batch given is not changed; a new one is returned with its
report. Redaction comes first, so everything after it (language aside, which is a label, and
concepts) sees only redacted text. A quote whose uid hashed its text (a table without
offsets) gets the uid of its redacted text, and its codings and mentions follow it, so the
original text is not even a hash input of what is stored. Two quotes that become the same
quote once redacted (same source, same redacted text) are merged, as a table's repeated row is.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from graph.model import Coding, Concept, GraphBatch, Mention, Quote
from graph.naming import quote_uid
from loaders.enrich.language import detect_language
from loaders.enrich.redact import PLACEHOLDER_TYPES, Redactor

if TYPE_CHECKING:
    from loaders.enrich.lexicon import LexiconMatcher
    from loaders.enrich.pretrained import PretrainedConcepts

__all__ = ["EnrichOptions", "EnrichReport", "EnrichTally", "enrich_batch"]


@dataclass(frozen=True)
class EnrichOptions:
    """What to do to a batch. Redaction is off unless asked for (`themegraph load --redact`)."""

    redact: bool = False
    names: tuple[str, ...] = ()  # names to redact wherever they occur (a user's list)
    language: bool = True  # set the language of quotes that have none
    concepts: bool = True
    lexicon_files: tuple[Path, ...] = ()  # the user's lexicon files, added to the shipped one
    spacy_model: str | None = None  # an installed pretrained pipeline (THEMEGRAPH_SPACY_MODEL)


class EnrichReport(BaseModel):
    """What enrichment did to one batch; it never holds quote text."""

    quotes: int = Field(description="Quotes in the batch after enrichment.")
    redacted_quotes: int = Field(0, description="Quotes whose text redaction changed.")
    redactions: dict[str, int] = Field(default_factory=dict, description="Placeholders put in, by type.")
    uids_changed: int = Field(0, description="Quotes re-keyed because their uid hashed the original text.")
    merged_quotes: int = Field(0, description="Quotes that became one once redacted.")
    languages: dict[str, int] = Field(default_factory=dict, description="Quotes by language (zh, en, mixed, "
                                                                         "unknown: not one the lexicon covers).")
    concepts: int = Field(0, description="Distinct concepts mentioned in the batch.")
    mentions: int = Field(0, description="Quote-concept pairs in the batch.")
    top_concepts: dict[str, int] = Field(default_factory=dict, description="The most mentioned concepts: quotes each.")


@lru_cache(maxsize=8)
def _matcher(lexicon_files: tuple[tuple[Path, int], ...]) -> LexiconMatcher:
    # spaCy is imported here, not at the top: commands that load without concepts stay quick.
    from loaders.enrich.lexicon import LexiconMatcher, load_lexicon

    return LexiconMatcher(load_lexicon([p for p, _ in lexicon_files]))


@lru_cache(maxsize=2)
def _pretrained(name: str, lexicon_files: tuple[tuple[Path, int], ...]) -> PretrainedConcepts:
    from loaders.enrich.pretrained import PretrainedConcepts, load_pretrained

    return PretrainedConcepts(load_pretrained(name), _matcher(lexicon_files).lexicon)


def _file_keys(paths: Sequence[Path]) -> tuple[tuple[Path, int], ...]:
    # The modification time is part of the key, so an edited lexicon is read again.
    return tuple((p, p.stat().st_mtime_ns if p.exists() else -1) for p in paths)


def _redact(batch: GraphBatch, redactor: Redactor, report: EnrichReport) -> tuple[list[Quote], dict[str, str]]:
    """The quotes redacted, and old uid -> new uid for those re-keyed."""
    counts: Counter[str] = Counter()
    quotes, renamed = [], {}
    for q in batch.quotes:
        r = redactor.redact(q.text)
        if not r.changed:
            quotes.append(q)
            continue
        counts.update(r.counts)
        report.redacted_quotes += 1
        uid = q.uid
        if (q.start is None or q.end is None) and q.uid == quote_uid(q.study, q.source, None, None, q.text):
            uid = quote_uid(q.study, q.source, None, None, r.text)
            renamed[q.uid] = uid
        language = q.language or detect_language(q.text)
        quotes.append(dataclasses.replace(q, uid=uid, text=r.text, redacted=True, language=language))
    report.redactions = {k: counts[k] for k in PLACEHOLDER_TYPES if counts[k]}
    report.uids_changed = sum(old != new for old, new in renamed.items())
    return quotes, renamed


def _merge_quotes(quotes: list[Quote]) -> list[Quote]:
    kept: dict[str, Quote] = {}
    for q in quotes:
        old = kept.get(q.uid)
        if old is None:
            kept[q.uid] = q
        else:
            selections = old.selections + tuple(s for s in q.selections if s not in old.selections)
            kept[q.uid] = dataclasses.replace(old, selections=selections, redacted=old.redacted or q.redacted,
                                              language=old.language or q.language)
    return list(kept.values())


def _remap_codings(codings: list[Coding], renamed: dict[str, str]) -> list[Coding]:
    merged: dict[tuple[str, str], Coding] = {}
    for c in codings:
        c = dataclasses.replace(c, quote=renamed.get(c.quote, c.quote))
        old = merged.get((c.quote, c.code))
        if old is not None:
            coders = old.coders + tuple(x for x in c.coders if x not in old.coders)
            ats = [a for a in (old.at, c.at) if a]
            c = Coding(c.quote, c.code, old.coder or c.coder, min(ats) if ats else None, coders)
        merged[(c.quote, c.code)] = c
    return list(merged.values())


def _concepts(quotes: list[Quote], options: EnrichOptions) -> tuple[list[Concept], list[Mention]]:
    keys = _file_keys(options.lexicon_files)
    matcher = _matcher(keys)
    texts = [q.text for q in quotes]
    found = matcher.match_many(texts, [q.language or detect_language(q.text) for q in quotes])
    concepts = {name: matcher.entry(name).concept() for names in found for name in names}
    mentions = [Mention(q.uid, name) for q, names in zip(quotes, found) for name in sorted(names)]
    if options.spacy_model:
        pretrained = _pretrained(options.spacy_model, keys)
        wanted = ("zh", "mixed") if pretrained.language == "zh" else ("en", "mixed")
        chosen = [i for i, q in enumerate(quotes) if (q.language or detect_language(q.text)) in wanted]
        for i, (names, chunks) in zip(chosen, pretrained.concepts_many([texts[i] for i in chosen])):
            for name in names - found[i]:
                concepts.setdefault(name, matcher.entry(name).concept())
                mentions.append(Mention(quotes[i].uid, name))
            for c in chunks:
                if c.name not in found[i] and c.name not in names:
                    concepts.setdefault(c.name, c)
                    mentions.append(Mention(quotes[i].uid, c.name))
    return list(concepts.values()), mentions


def enrich_batch(batch: GraphBatch, options: EnrichOptions) -> tuple[GraphBatch, EnrichReport]:
    """The batch redacted (if asked), with quote languages and lexicon concepts, and its report.

    Raises BadInput for an unreadable lexicon or name file, or a spaCy pipeline named in
    `options.spacy_model` that is not installed. The batch given is left unchanged.
    """
    report = EnrichReport(quotes=len(batch.quotes))
    quotes = list(batch.quotes)
    renamed: dict[str, str] = {}
    if options.redact:
        quotes, renamed = _redact(batch, Redactor(options.names), report)
    merged = _merge_quotes(quotes)
    report.merged_quotes = len(quotes) - len(merged)
    quotes = merged
    if options.language:
        quotes = [q if q.language else dataclasses.replace(q, language=detect_language(q.text)) for q in quotes]
    codings = _remap_codings(batch.codings, renamed)
    mentions = list(dict.fromkeys(Mention(renamed.get(m.quote, m.quote), m.concept) for m in batch.mentions))
    concepts = list(batch.concepts)
    if options.concepts:
        new_concepts, new_mentions = _concepts(quotes, options)
        known = {c.name for c in concepts}
        concepts += [c for c in new_concepts if c.name not in known]
        mentions = list(dict.fromkeys(mentions + new_mentions))
    report.quotes = len(quotes)
    report.languages = dict(Counter(q.language for q in quotes if q.language))
    per_concept = Counter(m.concept for m in mentions)
    report.concepts = len(per_concept)
    report.mentions = len(mentions)
    report.top_concepts = dict(per_concept.most_common(10))
    return dataclasses.replace(batch, quotes=quotes, codings=codings, concepts=concepts, mentions=mentions), report


class EnrichTally:
    """The reports of a file's chunks added up: one report for the file."""

    def __init__(self) -> None:
        self.report: EnrichReport | None = None
        self._per_concept: Counter[str] = Counter()

    def add(self, report: EnrichReport, batch: GraphBatch) -> None:
        self._per_concept.update(m.concept for m in batch.mentions)
        if self.report is None:
            self.report = report.model_copy(deep=True)
            return
        total = self.report
        for name in ("quotes", "redacted_quotes", "uids_changed", "merged_quotes", "mentions"):
            setattr(total, name, getattr(total, name) + getattr(report, name))
        total.redactions = dict(Counter(total.redactions) + Counter(report.redactions))
        total.languages = dict(Counter(total.languages) + Counter(report.languages))
        total.concepts = len(self._per_concept)
        total.top_concepts = dict(self._per_concept.most_common(10))
