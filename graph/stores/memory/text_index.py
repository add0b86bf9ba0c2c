"""The embedded store's token index for quote search: whole words and single CJK characters."""

from __future__ import annotations

import re
from collections import defaultdict

from graph.quotes import text_terms

__all__ = ["TokenIndex"]

_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


class TokenIndex:
    """Posting sets from token to quote node ids; `candidates` over-approximates a search."""

    def __init__(self, texts: dict[str, str]) -> None:
        self._postings: dict[str, set[str]] = defaultdict(set)
        for node, text in texts.items():
            for term in text_terms(text):
                if _CJK_CHAR.match(term):
                    for char in term:
                        self._postings[char].add(node)
                else:
                    self._postings[term].add(node)

    def candidates(self, terms: list[str]) -> set[str]:
        """Quotes holding every word and every character of every CJK run (verify CJK order after)."""
        keys = [c for t in terms for c in (t if _CJK_CHAR.match(t) else [t])]
        sets = sorted((self._postings.get(k, set()) for k in keys), key=len)
        if not sets:
            return set()
        found = set(sets[0])
        for s in sets[1:]:
            found &= s
        return found
