"""Quotes with filters: the query, the answer page, the cursor and the text search rules.

Both stores page in one stable order, (study, pseudonym, source name, start, uid), names
compared with the numbers in them by value (P2 before P10, `graph.naming.natural_key`), with an
opaque cursor holding the last key seen. Text search matches whole words (case ignored) and
runs of Chinese, Japanese or Korean characters as substrings; every term must match.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from typing import Protocol

from pydantic import Field, field_validator

from graph.errors import BadInput
from graph.model import Category
from graph.naming import code_key, name_key, natural_key
from graph.results import _Answer

__all__ = [
    "MAX_LIMIT", "QuoteQuery", "CodeRef", "QuoteItem", "MemoNote", "memo_order", "sorted_memos", "QuotePage", "AttributeFilter",
    "all_quotes", "encode_cursor", "decode_cursor", "search_terms", "text_terms", "matches_terms", "sort_key", "speaker_key", "place_key",
    "lucene_query",
]

MAX_LIMIT = 500
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
# A CJK run, or a word of other letters and digits: a Latin word written against Chinese ('用GPT做')
# is a word of its own, as Neo4j's full-text analyser has it.
_TERM = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+(?:['’][^\W_{_CJK}]+)*")
_IS_CJK = re.compile(rf"[{_CJK}]")


class AttributeFilter(_Answer):
    """An expert attribute equal to a value (case ignored), or a number in lo..hi inclusive."""

    name: str
    value: str | None = None
    lo: float | None = None
    hi: float | None = None

    @classmethod
    def parse(cls, text: str) -> AttributeFilter:
        name, sep, value = text.partition(":")
        if not sep or not name.strip():
            raise BadInput(f"attribute filter {text!r} must be NAME:VALUE or NAME:LOW..HIGH", "attr")
        lo, dots, hi = value.partition("..")
        if dots:
            try:
                return cls(name=name.strip(), lo=float(lo), hi=float(hi))
            except ValueError:
                raise BadInput(f"attribute range {value!r} must be two numbers, like 10..19", "attr") from None
        return cls(name=name.strip(), value=value.strip().lower())

    def admits(self, value: str | None) -> bool:
        if value is None:
            return False
        if self.value is not None:
            return value.lower() == self.value
        try:
            number = float(value)
        except ValueError:
            return False
        return self.lo is not None and self.hi is not None and self.lo <= number <= self.hi


class QuoteQuery(_Answer):
    study: str | None = None
    theme: str | None = Field(None, description="Theme name (any case, spacing, dash) or uid.")
    subtheme: str | None = Field(None, description="Sub-theme name or uid.")
    category: Category | None = None
    profession: str | None = None
    expert: str | None = Field(None, description="Expert uid (study:P07) or pseudonym (P07).")
    attrs: tuple[AttributeFilter, ...] = ()
    coder: str | None = Field(None, description="Only quotes this coder coded (a coder's name, as the QDA tool gave it).")
    q: str | None = Field(None, description="Words that must all occur; Chinese runs match as substrings.")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    cursor: str | None = None

    @field_validator("theme", "subtheme", "profession", "q", "expert", "coder")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value if value and value.strip() else None

    def name_filters(self) -> dict[str, str | None]:
        """The name filters as the keys stores compare them with."""
        return {
            "theme": self.theme and code_key(self.theme),
            "subtheme": self.subtheme and code_key(self.subtheme),
            "profession": self.profession and name_key(self.profession),
        }


class CodeRef(_Answer):
    uid: str
    name: str
    kind: str
    theme: str = Field(description="The name of the theme at the top of the code's branch.")
    category: Category


class MemoNote(_Answer):
    """A memo on a quote, expert or code, with its author and date where the QDA tool gave them."""

    uid: str
    text: str
    author: str | None = None
    created: str | None = None


def memo_order(m: MemoNote) -> tuple:
    """Memos oldest first (undated last), then by uid."""
    return m.created is None, m.created or "", m.uid


def sorted_memos(memos: list[dict]) -> list[MemoNote]:
    """The memos in `memo_order`."""
    return sorted((MemoNote(**m) for m in memos), key=memo_order)


class QuoteItem(_Answer):
    uid: str
    study: str
    text: str
    expert: str
    pseudonym: str
    profession: str | None
    source: str
    start: int | None = None
    end: int | None = None
    language: str | None = None
    redacted: bool = False
    translation: str | None = Field(None, description="The researchers' translation of the quote, where given.")
    codes: list[CodeRef]
    memos: list[MemoNote] = Field(default_factory=list, description="Memos and comments on the quote.")


class QuotePage(_Answer):
    items: list[QuoteItem]
    next_cursor: str | None
    total: int


class QuoteReader(Protocol):
    def quotes(self, query: QuoteQuery) -> QuotePage: ...


def all_quotes(store: QuoteReader, query: QuoteQuery) -> Iterator[QuoteItem]:
    """Every quote matching `query` (a GraphStore's, or any reader of pages), page after page."""
    query = query.model_copy(update={"limit": MAX_LIMIT, "cursor": None})
    while True:
        page = store.quotes(query)
        yield from page.items
        if not page.next_cursor:
            return
        query = query.model_copy(update={"cursor": page.next_cursor})


def sort_key(study: str, pseudonym: str, source: str, start: int | None, uid: str) -> list:
    """Where a quote sorts: by study, expert and source (numbers in names by value: P2 before
    P10), then its place in the source. Neo4j's quote pages read the names' keys stored at write."""
    return [*speaker_key(study, pseudonym, source), *place_key(start, uid)]


def speaker_key(study: str, pseudonym: str, source: str) -> tuple:
    """The first parts of `sort_key`, which every quote of one expert in one source shares."""
    return study, natural_key(pseudonym), natural_key(source)


def place_key(start: int | None, uid: str) -> tuple:
    """The last parts of `sort_key`: the quote's place in its source."""
    return -1 if start is None else start, uid


def encode_cursor(key: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, ensure_ascii=False).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> list | None:
    """The sort key a cursor holds; BadInput if it is not one this service handed out."""
    if cursor is None:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if (isinstance(key, list) and len(key) == 5 and isinstance(key[3], int) and -1 <= key[3] < 2**63
                and all(isinstance(k, str) for k in key[:3] + key[4:])):
            return key
    except (ValueError, UnicodeDecodeError):
        pass
    raise BadInput("this cursor is not one the API handed out; start again without a cursor", "cursor")


MAX_TERMS = 64  # distinct words in one search: more is no longer a search (and Lucene refuses ~1,000)


def text_terms(text: str) -> list[str]:
    """The terms of a text as searches see them: lower-cased words, Chinese runs kept whole."""
    return [t.lower() for t in _TERM.findall(text)]


def search_terms(q: str | None) -> list[str]:
    """The distinct terms of a text search (see text_terms); BadInput past MAX_TERMS."""
    terms = list(dict.fromkeys(text_terms(q or "")))
    if len(terms) > MAX_TERMS:
        raise BadInput(f"the search has {len(terms)} distinct words; search for at most {MAX_TERMS} at once", "q")
    return terms


def matches_terms(text: str, terms: list[str], words: set[str] | None = None) -> bool:
    """Whether every term occurs: a CJK run as a substring, any other term as a whole word."""
    words = words if words is not None else {w.lower() for w in _TERM.findall(text) if not _IS_CJK.match(w)}
    lowered = text.lower()
    return all(t in lowered if _IS_CJK.match(t) else t in words for t in terms)


def lucene_query(terms: list[str]) -> str:
    """A Lucene query requiring every term, each as a phrase so CJK runs stay consecutive."""
    return " AND ".join('"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"' for t in terms)
