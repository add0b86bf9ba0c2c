"""Concepts from a pretrained spaCy pipeline, used only when the user installed one and named it.

The setting (THEMEGRAPH_SPACY_MODEL, passed down as `EnrichOptions.spacy_model`) holds a
package name such as `en_core_web_sm`, or the folder of a saved pipeline. Nothing is
downloaded: a name that is not installed is refused with what to do. With a tagger or
lemmatizer, the lexicon's English forms also match by lemma ("misdiagnosing" finds
misdiagnosis through its lemma); with a parser, the noun chunks of a quote become concepts
of their own, named by their lemmas (never a chunk holding a proper noun, which may be a
person's name).
"""

from __future__ import annotations

from collections.abc import Sequence

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from graph.errors import BadInput
from graph.model import Concept
from graph.naming import name_key
from loaders.enrich.lexicon import Lexicon

__all__ = ["load_pretrained", "PretrainedConcepts", "noun_chunk_concepts"]

_DROP = {"DET", "PRON", "NUM", "PUNCT", "PART", "ADP", "CCONJ", "SCONJ", "SYM", "X", "SPACE"}
_MAX_CHUNK_TOKENS = 4


def load_pretrained(name: str) -> Language:
    """The installed spaCy pipeline `name` (a package or a folder); BadInput when it is not installed."""
    try:
        return spacy.load(name)
    except OSError:
        raise BadInput(f"the spaCy pipeline {name!r} is not installed; install that package (or unset "
                       "THEMEGRAPH_SPACY_MODEL to use the blank pipelines)", "THEMEGRAPH_SPACY_MODEL") from None


def _chunk_concept(chunk: Span, language: str) -> Concept | None:
    kept = [t for t in chunk if t.pos_ not in _DROP and not t.is_stop]
    # A proper noun may be a person's name: never make one a concept.
    if not kept or chunk.root.pos_ in ("PRON", "PROPN") or any(t.pos_ == "PROPN" for t in kept):
        return None
    if len(kept) > _MAX_CHUNK_TOKENS:
        return None
    lemma = " ".join((t.lemma_ or t.text).lower() for t in kept)
    if len(lemma) < 3 or not any(c.isalpha() for c in lemma):
        return None
    return Concept(name_key(lemma), lemma, language)


def noun_chunk_concepts(doc: Doc) -> list[Concept]:
    """The concepts of a parsed doc's noun chunks (lemmas, determiners and pronouns dropped);
    none when the doc has no dependency parse."""
    if not doc.has_annotation("DEP"):
        return []
    try:
        chunks = list(doc.noun_chunks)
    except NotImplementedError:  # the language defines no noun chunks
        return []
    found = (_chunk_concept(c, doc.lang_) for c in chunks)
    return list({c.name: c for c in found if c is not None}.values())


class PretrainedConcepts:
    """Lexicon matches by lemma and noun-chunk concepts, from one pretrained pipeline."""

    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self.nlp = nlp
        self.language = nlp.lang
        self._lemmas: PhraseMatcher | None = None
        forms = [(e.name, f) for e in lexicon.entries for f in (e.en if nlp.lang != "zh" else e.zh)]
        if forms:
            lemmatised = [(name, doc) for (name, _), doc in zip(forms, nlp.pipe(f for _, f in forms))
                          if doc.has_annotation("LEMMA")]
            if lemmatised:
                self._lemmas = PhraseMatcher(nlp.vocab, attr="LEMMA")
                for name, doc in lemmatised:
                    self._lemmas.add(name, [doc])

    def concepts_many(self, texts: Sequence[str]) -> list[tuple[set[str], list[Concept]]]:
        """For each text: the lexicon concept names found by lemma, and its noun-chunk concepts."""
        out = []
        strings = self.nlp.vocab.strings
        for doc in self.nlp.pipe(texts):
            names: set[str] = set()
            if self._lemmas is not None and doc.has_annotation("LEMMA"):
                names = {strings[m] for m, _, _ in self._lemmas(doc)}
            out.append((names, noun_chunk_concepts(doc)))
        return out
