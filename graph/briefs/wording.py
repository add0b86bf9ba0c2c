"""Counts in the words a brief uses: '10 of 12 psychiatrists and all 7 mental health nurses
raised user risk'. Pure functions of the numbers they are given; they never count."""

from __future__ import annotations

import re

from graph.briefs.model import Count
from graph.matrix import NOT_RECORDED
from graph.model import Category

__all__ = ["plural", "people", "in_sentence", "finding_sentence", "theme_sentence", "recommendation",
           "SECTION_TITLES"]

SECTION_TITLES: dict[Category, str] = {
    "benefit": "Benefits",
    "gap": "Gaps and risks",
    "prerequisite": "Prerequisites named by the experts",
    "expectation": "Expectations of the experts",
    "other": "Other themes",
}
# A noun phrase's head comes before its first preposition: "researcher in medical AI".
_PREPOSITION = re.compile(r"\s(?:in|of|for|at|with|from|on|to|by)\s")
_ES_ENDINGS = ("s", "x", "z", "ch", "sh")


def plural(noun_phrase: str) -> str:
    """The plural of a profession label: 'nurse' -> 'nurses', 'researcher in AI' -> 'researchers in AI'."""
    if noun_phrase == NOT_RECORDED:
        return "experts with no recorded profession"
    match = _PREPOSITION.search(noun_phrase)
    head, tail = (noun_phrase[:match.start()], noun_phrase[match.start():]) if match else (noun_phrase, "")
    if not head or not head[-1].isalpha() or not head.isascii():
        return noun_phrase
    if head.endswith(_ES_ENDINGS):
        head += "es"
    elif head.endswith("y") and len(head) > 1 and head[-2] not in "aeiou":
        head = head[:-1] + "ies"
    else:
        head += "s"
    return head + tail


def _singular(label: str) -> str:
    return "expert with no recorded profession" if label == NOT_RECORDED else label


def people(n: int, of: int, label: str) -> str:
    """'10 of 12 psychiatrists', 'all 7 nurses', 'both researchers', 'the one nurse', 'none of the 2 ...'."""
    if of == 1:
        return f"the one {_singular(label)}" if n == 1 else f"not the one {_singular(label)}"
    if n == 0:
        return f"none of the {of} {plural(label)}"
    if n == of:
        return f"both {plural(label)}" if of == 2 else f"all {of} {plural(label)}"
    return f"{n} of {of} {plural(label) if of > 1 else _singular(label)}"


def in_sentence(name: str) -> str:
    """A code name inside a sentence: first letter lowered unless the word is an acronym ('LLMs')."""
    if len(name) > 1 and name[0].isupper() and not name[1].isupper():
        return name[0].lower() + name[1:]
    return name


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _breakdown(rows: list[Count]) -> tuple[str, str]:
    """Who raised it and who did not, as two phrases."""
    raised = _join([people(r.n, r.of or 0, r.label) for r in rows if r.n > 0])
    silent = _join([people(0, r.of or 0, r.label) for r in rows if r.n == 0 and (r.of or 0) > 1])
    return raised, silent


def _quotes(n: int) -> str:
    return f"{n} quote{'s' if n != 1 else ''}"


def finding_sentence(name: str, total: Count, n_quotes: int, rows: list[Count], verb: str = "raised") -> str:
    """'10 of 12 psychiatrists and 3 of 7 nurses raised misleading information (13 of 21 experts, 18 quotes).'"""
    what = in_sentence(name)
    if total.n == 0:
        return f"None of the {total.of} experts {verb} {what}."
    raised, silent = _breakdown(rows)
    text = f"{raised[0].upper()}{raised[1:]} {verb} {what}"
    if silent:
        text += f"; {silent} did"
    return text + f" ({total.n} of {total.of} experts, {_quotes(n_quotes)})."


def theme_sentence(name: str, total: Count, n_quotes: int, rows: list[Count]) -> str:
    """'All 21 experts raised at least one sub-theme of <theme> (50 quotes): all 12 psychiatrists, ...'."""
    if total.n == 0:
        return f"None of the {total.of} experts raised any sub-theme of {name}."
    who = people(total.n, total.of or 0, "expert")
    raised, silent = _breakdown(rows)
    text = f"{who[0].upper()}{who[1:]} raised at least one sub-theme of {name} ({_quotes(n_quotes)}): {raised}"
    if silent:
        text += f"; {silent} did not"
    return text + "."


def recommendation(category: Category, name: str, total: Count, rows: list[Count]) -> str | None:
    """A prerequisite or expectation stated as what the experts said, with counts (evidence for a
    recommendation, not advice of ThemeGraph's own); None otherwise."""
    if category not in ("prerequisite", "expectation") or total.n == 0:
        return None
    raised, _ = _breakdown(rows)
    what = in_sentence(name)
    if category == "prerequisite":
        return f"{total.n} of {total.of} experts named {what} as a prerequisite for adoption ({raised})."
    return f"{total.n} of {total.of} experts expect {what} ({raised})."
