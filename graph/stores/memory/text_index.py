"""The embedded store's token index for quote search: whole words and single CJK characters.

Compact: each quote is a number (its place in `ids`), and each token's postings are those
numbers in a 4-byte array, in ascending order. Sets of node-id strings held about ten times
as much (67 MB at 100k segments), which is why the index used to wait for the first search.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable

import numpy as np

from graph.quotes import text_terms

__all__ = ["TokenIndex"]

_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_ASCII_TERM = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def _keys(terms: Iterable[str]) -> set[str]:
    """The index keys of some terms: a word itself, a CJK run as its characters."""
    return {k for t in terms for k in (t if _CJK_CHAR.match(t) else (t,))}


def _text_keys(text: str) -> set[str]:
    """A text's words, and every CJK character in it: also those inside a word that starts with
    another letter ('abc中文'), which a search for a CJK run ('中文') finds too."""
    if text.isascii():  # the same terms as text_terms gives, found at once in the lower-cased text
        return set(_ASCII_TERM.findall(text.lower()))
    return {t for t in text_terms(text) if not _CJK_CHAR.match(t)}.union(_CJK_CHAR.findall(text))


class TokenIndex:
    """Postings from token to quote numbers; `candidates` over-approximates a search only where a
    CJK run's characters must still be checked for order (`exact` says when none must)."""

    def __init__(self, texts: Iterable[tuple[str, str]]) -> None:
        """Index (node id, text) pairs."""
        self._ids: list[str] = []
        self._postings: dict[str, array] = {}
        postings = self._postings
        for number, (node, text) in enumerate(texts):
            self._ids.append(node)
            for key in _text_keys(text):
                found = postings.get(key)
                if found is None:
                    found = postings[key] = array("i")
                found.append(number)

    @staticmethod
    def exact(terms: list[str]) -> bool:
        """Whether `candidates(terms)` are exactly the quotes that match (no CJK run among the terms)."""
        return not any(_CJK_CHAR.match(t) for t in terms)

    def candidates(self, terms: list[str]) -> set[str]:
        """Quotes holding every word and every character of every CJK run (verify CJK order after)."""
        keys = _keys(terms)
        if not keys or any(k not in self._postings for k in keys):
            return set()
        lists = sorted((np.frombuffer(self._postings[k], dtype=np.int32) for k in keys), key=len)
        found = lists[0]
        for other in lists[1:]:
            if not len(found):
                break
            # found is the shorter: look each of its numbers up in the longer, sorted list
            at = np.minimum(np.searchsorted(other, found), len(other) - 1)
            found = found[other[at] == found]
        ids = self._ids
        return {ids[i] for i in found.tolist()}
