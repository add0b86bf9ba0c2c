"""The bilingual domain lexicon and the `PhraseMatcher`s that find its concepts in quotes.

The shipped lexicon (`lexicon.json` beside this module) holds concepts of LLMs in mental
health practice, each a normalised name with English and Chinese surface forms. A user file
of the same shape adds concepts, or forms to a concept of the same name. English forms are
matched on the blank English pipeline with attr LOWER (case ignored, whole tokens, so "risk"
never matches inside "asterisk"); Chinese forms on the blank Chinese pipeline, one token a
character, so a term matches wherever its characters occur. A form is routed by its script:
one holding a Han character is matched as Chinese, any other as English. A quote is matched
only in the languages the lexicon covers: its English forms in English (or mixed) quotes, its
Chinese forms in Chinese (or mixed) ones (`loaders.enrich.language.lexicon_languages`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from spacy.matcher import PhraseMatcher

from graph.errors import BadInput
from graph.model import Concept
from graph.naming import name_key
from loaders.enrich.language import HAN, lexicon_languages
from loaders.enrich.pipelines import TOKENIZER_LOCK, chinese, english, tokenizer

__all__ = ["LexiconEntry", "Lexicon", "load_lexicon", "read_lexicon", "LexiconMatcher"]

_HAN = re.compile(f"[{HAN}]")


@dataclass(frozen=True)
class LexiconEntry:
    """One concept: its normalised name and the forms it takes in English and Chinese."""

    name: str
    en: tuple[str, ...] = ()
    zh: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.name} / {self.zh[0]}" if self.zh else self.name

    def concept(self) -> Concept:
        # A lexicon concept is bilingual, so it has no one language.
        return Concept(self.name, self.label, None)


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[LexiconEntry, ...]

    def merged(self, more: Iterable[LexiconEntry]) -> Lexicon:
        """This lexicon with `more` added; an entry of a known name adds its forms to it."""
        by_name = {e.name: e for e in self.entries}
        for e in more:
            old = by_name.get(e.name)
            if old is None:
                by_name[e.name] = e
            else:
                by_name[e.name] = LexiconEntry(e.name, _unique(old.en + e.en), _unique(old.zh + e.zh))
        return Lexicon(tuple(by_name.values()))


def _unique(forms: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(forms))


def _entries(data: object, where: str) -> list[LexiconEntry]:
    items = data.get("concepts") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise BadInput('a lexicon is a JSON object {"concepts": [{"name": ..., "en": [...], "zh": [...]}]}', where)
    entries = []
    for i, item in enumerate(items, 1):
        here = f"{where}: concept {i}"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise BadInput("each concept needs a non-empty 'name'", here)
        forms: list[str] = [item["name"]]
        for key in ("en", "zh"):
            value = item.get(key, [])
            if not isinstance(value, list) or not all(isinstance(f, str) for f in value):
                raise BadInput(f"'{key}' must be a list of strings", here)
            forms += value
        forms = [f.strip() for f in forms if f.strip()]
        entries.append(LexiconEntry(
            name_key(item["name"]),
            _unique(f for f in forms if not _HAN.search(f)),
            _unique(f for f in forms if _HAN.search(f)),
        ))
    return entries


def read_lexicon(path: Path) -> list[LexiconEntry]:
    """The entries of a user's lexicon file; BadInput naming the file if it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInput(f"cannot read the lexicon ({type(exc).__name__}); give a UTF-8 JSON file", str(path)) from None
    return _entries(data, str(path))


def load_lexicon(extra: Sequence[Path] = ()) -> Lexicon:
    """The shipped lexicon, extended by the user's files in order."""
    shipped = resources.files("loaders.enrich").joinpath("lexicon.json").read_text("utf-8")
    lexicon = Lexicon(tuple(_entries(json.loads(shipped), "lexicon.json")))
    for path in extra:
        lexicon = lexicon.merged(read_lexicon(path))
    return lexicon


class LexiconMatcher:
    """Finds the lexicon's concepts in texts, English and Chinese forms alike."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._en, self._zh = english(), chinese()
        self._en_matcher = PhraseMatcher(self._en.vocab, attr="LOWER")
        self._zh_matcher = PhraseMatcher(self._zh.vocab, attr="LOWER")
        with TOKENIZER_LOCK:
            for e in lexicon.entries:
                if e.en:
                    self._en_matcher.add(e.name, list(tokenizer(self._en).pipe(e.en)))
                if e.zh:
                    self._zh_matcher.add(e.name, list(tokenizer(self._zh).pipe(e.zh)))
        self._by_name = {e.name: e for e in lexicon.entries}

    def entry(self, name: str) -> LexiconEntry:
        return self._by_name[name]

    def match_many(self, texts: Sequence[str], languages: Sequence[str | None] | None = None) -> list[set[str]]:
        """For each text, the names of the concepts it mentions.

        With `languages` (each text's language tag), English forms are matched only in English or
        mixed texts and Chinese forms only in Chinese or mixed ones: Portuguese "aí" is not "AI".
        """
        found: list[set[str]] = [set() for _ in texts]
        vocab_en, vocab_zh = self._en.vocab.strings, self._zh.vocab.strings
        covered = [lexicon_languages(x) for x in languages] if languages is not None else None
        with_han = [i for i, t in enumerate(texts) if _HAN.search(t) and (covered is None or "zh" in covered[i])]
        english = [i for i in range(len(texts)) if covered is None or "en" in covered[i]]
        with TOKENIZER_LOCK:
            for i, doc in zip(english, tokenizer(self._en).pipe(texts[i] for i in english)):
                found[i].update(vocab_en[m] for m, _, _ in self._en_matcher(doc))
            for i, doc in zip(with_han, tokenizer(self._zh).pipe(texts[i] for i in with_han)):
                found[i].update(vocab_zh[m] for m, _, _ in self._zh_matcher(doc))
        return found
