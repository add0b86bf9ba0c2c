"""The representative-quote rule: deterministic, spread across professions, short and complete.

The rule is `RULE` below, which every brief states.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict

from graph.matrix import NOT_RECORDED
from graph.naming import name_key
from graph.quotes import QuoteItem

__all__ = ["RULE", "rule", "MAX_QUOTES", "pick_quotes", "is_complete", "length_in_words", "profession_key"]

RULE = (
    "For each sub-theme, at most three quotes coded to it are shown, at most one per expert. Professions "
    "take turns, the profession with the most experts raising the sub-theme first (ties in the matrix's "
    "row order); each turn takes that profession's best remaining quote, until three are chosen or none "
    "is left. A quote is better when, in this order: its text is not redacted; it is a complete sentence "
    "(starts with a capital letter, digit or CJK character and ends with . ! ? or their CJK forms); it "
    "has not been shown earlier in the brief; its length is 6 to 35 words (a CJK character counts as half"
    " a word); it is shorter; its uid sorts first. The same data always yields the same quotes."
)
MAX_QUOTES = 3


def rule(level: str = "subtheme") -> str:
    """RULE in the words of the brief's level ('For each theme, ...' for a flat codebook)."""
    return RULE if level == "subtheme" else RULE.replace("sub-theme", "theme")


MIN_WORDS, MAX_WORDS = 6, 35

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_OPENERS = "\"'“‘(（「『"
_START = re.compile(rf"^[{re.escape(_OPENERS)}]*[A-Z0-9À-ÖØ-Þ{_CJK}]")
_END = re.compile(r"[.!?。！？…][\"'”’)）」』]*$")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_WORD = re.compile(rf"[^\W_{_CJK}]+(?:['’][^\W_]+)*")


def is_complete(text: str) -> bool:
    """Whether the text reads as whole sentences: a capital (or CJK) start and a final stop."""
    text = text.strip()
    return bool(_START.match(text)) and bool(_END.search(text))


def length_in_words(text: str) -> int:
    """Latin-script words plus half the CJK characters, rounded up."""
    return len(_WORD.findall(text)) + math.ceil(len(_CJK_CHAR.findall(text)) / 2)


def profession_key(quote: QuoteItem) -> str:
    """The matrix row a quote's expert falls in (rows merge professions by name_key)."""
    return name_key(quote.profession or NOT_RECORDED)


def _merit(quote: QuoteItem, shown: set[str]) -> tuple:
    words = length_in_words(quote.text)
    return (
        quote.redacted,
        not is_complete(quote.text),
        quote.uid in shown,
        not MIN_WORDS <= words <= MAX_WORDS,
        words,
        quote.uid,
    )


def pick_quotes(candidates: list[QuoteItem], row_order: list[str], shown: set[str]) -> list[QuoteItem]:
    """Up to MAX_QUOTES quotes by RULE.

    `row_order` lists profession row keys (name_key of the matrix rows), the turn order;
    `shown` holds uids already shown in the brief and is not changed.
    """
    by_row: dict[str, list[QuoteItem]] = defaultdict(list)
    for quote in candidates:
        by_row[profession_key(quote)].append(quote)
    for quotes in by_row.values():
        quotes.sort(key=lambda q: _merit(q, shown))
    turns = [k for k in row_order if by_row.get(k)] + sorted(k for k in by_row if k not in row_order)

    picked: list[QuoteItem] = []
    experts: set[str] = set()
    while len(picked) < MAX_QUOTES:
        took = False
        for key in turns:
            remaining = [q for q in by_row[key] if q.expert not in experts]
            if not remaining or len(picked) == MAX_QUOTES:
                continue
            picked.append(remaining[0])
            experts.add(remaining[0].expert)
            took = True
        if not took:
            break
    return picked
