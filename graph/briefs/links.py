"""What the experts who raised a gap asked for: each gap paired with the prerequisites and
expectations raised by the same experts (co-occurrence within experts), with counts. The
sentences state what the experts said, not advice."""

from __future__ import annotations

from graph.briefs.model import Count, Finding, GapLink, Pairing
from graph.briefs.wording import in_sentence

__all__ = ["gap_links", "MAX_IN_SENTENCE"]

MAX_IN_SENTENCE = 3
_ASKED = {"prerequisite": "named {what} as a prerequisite", "expectation": "expected {what}"}


def _sentence(gap: Finding, pairs: list[Pairing]) -> str:
    head = f"Of the {gap.total.n} experts who raised {in_sentence(gap.name)}"
    if not pairs:
        return head + ", none raised a prerequisite or an expectation."
    said = [f"{p.experts.n} {_ASKED[p.category].format(what=in_sentence(p.name))}" for p in pairs[:MAX_IN_SENTENCE]]
    text = ", ".join(said[:-1]) + (" and " if len(said) > 1 else "") + said[-1]
    more = len(pairs) - MAX_IN_SENTENCE
    return head + f", {text}" + (f" ({more} more in the table)." if more > 0 else ".")


def gap_links(findings: list[Finding], speaker: dict[str, str]) -> list[GapLink]:
    """Per gap finding (most experts first), the prerequisites and expectations its experts also
    raised, most shared experts first; only pairs with at least one shared expert. `speaker`
    maps quote uids to expert uids; a pair's quotes are both codes' quotes of the shared experts."""
    asks = [f for f in findings if f.category in _ASKED]
    links = []
    for gap in (f for f in findings if f.category == "gap"):
        who = set(gap.total.experts)
        pairs = []
        for ask in asks:
            both = who & set(ask.total.experts)
            if both:
                quotes = {uid for uid in (*gap.total.quotes, *ask.total.quotes) if speaker.get(uid) in both}
                pairs.append(Pairing(name=ask.name, category=ask.category, experts=Count(
                    label=f"raised {gap.name} and {ask.name}", n=len(both), of=len(who), experts=sorted(both),
                    quotes=sorted(quotes))))
        pairs.sort(key=lambda p: -p.experts.n)  # stable: prerequisites, then expectations, in brief order
        links.append(GapLink(gap=gap.name, experts=gap.total, pairs=pairs, sentence=_sentence(gap, pairs)))
    return links
