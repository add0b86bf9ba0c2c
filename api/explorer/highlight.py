"""Search words marked in a quote, by the rules the search itself follows (graph.quotes): a
Chinese, Japanese or Korean run anywhere, any other word as a whole word, case ignored.

The text is returned in pieces for the template, which escapes every piece; no markup is built here.
"""

from __future__ import annotations

import re

from graph.quotes import search_terms

__all__ = ["search_terms", "highlight"]

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def highlight(text: str, terms: list[str]) -> list[tuple[str, bool]]:
    """The text as (piece, is_a_match) pairs, in order; one unmarked piece when nothing matches."""
    if not terms:
        return [(text, False)]
    patterns = [re.escape(t) if _CJK.match(t) else rf"(?<![^\W_]){re.escape(t)}(?![^\W_])"
                for t in sorted(terms, key=len, reverse=True)]
    pieces: list[tuple[str, bool]] = []
    at = 0
    for m in re.finditer("|".join(patterns), text, re.IGNORECASE):
        if m.start() > at:
            pieces.append((text[at:m.start()], False))
        pieces.append((m.group(), True))
        at = m.end()
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces or [(text, False)]
