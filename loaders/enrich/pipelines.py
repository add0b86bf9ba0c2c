"""The blank spaCy pipelines enrichment runs on, built once per process; nothing is downloaded.

`english()` is a blank English pipeline whose tokenizer also splits at every Han character, so the
English words of mixed text ("用ChatGPT写病历", "AI幻觉") become tokens of their own, and
Chinese runs become one token a character. `chinese()` is `spacy.blank("zh")` with its default
character segmenter: a lexicon term of several characters is then a sequence of tokens that
`PhraseMatcher` finds wherever the characters occur. A word segmenter (jieba) was weighed and
left out: it glues a term to its neighbours (误诊率, 依赖性 are one token each), so the term
itself no longer matches, and it costs seconds of dictionary loading.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any, cast

import spacy
from spacy.lang.en import English
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from loaders.enrich.language import HAN

__all__ = ["english", "chinese", "bilingual_tokenizer_pipeline", "tokenizer", "TOKENIZER_LOCK"]

# A Han character, or a CJK punctuation mark (，。、：) that may sit against a Latin word.
# The shared tokenizers serve every thread of a server; spaCy does not promise they are thread-safe.
TOKENIZER_LOCK = threading.Lock()
_HAN_CHAR = f"[{HAN}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]"


def _han_splitting_tokenizer(nlp: Language) -> Tokenizer:
    defaults: Any = nlp.Defaults
    # Built in one go: setting prefix_search and the rest one by one reloads every special case.
    return Tokenizer(
        nlp.vocab, rules=defaults.tokenizer_exceptions, token_match=defaults.token_match,
        url_match=defaults.url_match,
        prefix_search=compile_prefix_regex([_HAN_CHAR, *defaults.prefixes]).search,
        suffix_search=compile_suffix_regex([_HAN_CHAR, *defaults.suffixes]).search,
        infix_finditer=compile_infix_regex([_HAN_CHAR, *defaults.infixes]).finditer,
    )


@cache
def tokenizer(nlp: Language) -> Tokenizer:
    """A blank pipeline's tokenizer, typed (spaCy types the attribute as any callable)."""
    return cast(Tokenizer, nlp.tokenizer)


def english() -> Language:
    """The shared blank English pipeline with the Han-splitting tokenizer (add no components)."""
    return English(create_tokenizer=_han_splitting_tokenizer)


def bilingual_tokenizer_pipeline() -> Language:
    """A new, empty pipeline to add components to, sharing `english()`'s vocabulary and tokenizer."""
    base = english()
    return English(vocab=base.vocab, create_tokenizer=lambda _: base.tokenizer)


@cache
def chinese() -> Language:
    """The shared blank Chinese pipeline, segmenting by character."""
    return spacy.blank("zh")
