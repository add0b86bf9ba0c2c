"""The brief's limitations: small groups (named with their n), sampling as the study and its
experts' attributes describe it, whether quote texts were redacted, and illustrative data."""

from __future__ import annotations

import statistics
from collections import Counter

from graph.briefs.method import INTERVIEW_DATE
from graph.briefs.model import SMALL_GROUP, Count, Limitations
from graph.experts import ExpertSummary
from graph.quotes import QuoteItem
from graph.results import Matrix, StudySummary
from graph.store import GraphStore

__all__ = ["limitations", "small_groups", "sampling"]

MAX_VALUES_LISTED = 8


def small_groups(m: Matrix, below: int = SMALL_GROUP) -> list[Count]:
    """The matrix rows (professions) of fewer than `below` experts, as n of all experts."""
    return [Count(label=row, n=size, of=m.n_experts) for row, size in zip(m.rows, m.row_sizes) if size < below]


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _attribute(name: str, values: list[str], of: int) -> str:
    """'province (Hunan 8, Sichuan 5, ...)', or 'years_experience 3 to 25 (median 9)'."""
    missing = f", not recorded for {of - len(values)}" if len(values) < of else ""
    numbers = [_number(v) for v in values]
    if values and all(n is not None for n in numbers):
        nums = sorted(n for n in numbers if n is not None)
        fmt = "{:g}".format
        return f"{name} {fmt(nums[0])} to {fmt(nums[-1])} (median {fmt(statistics.median(nums))}{missing})"
    counted = Counter(values).most_common()
    if len(counted) > MAX_VALUES_LISTED:
        return f"{name} ({len(counted)} different values{missing})"
    return f"{name} (" + ", ".join(f"{v} {n}" for v, n in counted) + missing + ")"


def sampling(summary: StudySummary, experts: list[ExpertSummary]) -> list[str]:
    """Who was asked, in the study's own terms: its method, place and time, and the spread of
    every attribute recorded for its experts."""
    lines = []
    where = ", ".join(str(x) for x in (summary.country, summary.year) if x)
    if summary.method:
        lines.append(f"Method as the study records it: {summary.method}" + (f" ({where})." if where else "."))
    elif where:
        lines.append(f"The study records no method; it is placed in {where}.")
    dates = sorted(e.attributes[INTERVIEW_DATE] for e in experts if e.attributes.get(INTERVIEW_DATE))
    if dates:
        lines.append(f"Interviews from {dates[0]} to {dates[-1]}.")
    names = sorted({k for e in experts for k in e.attributes} - {INTERVIEW_DATE})
    if names:
        lines.append("Recorded for the experts: " + "; ".join(
            _attribute(name, [e.attributes[name] for e in experts if e.attributes.get(name)], len(experts))
            for name in names) + ".")
    else:
        lines.append("The study records no attribute of its experts beyond their profession, so how they were "
                     "chosen cannot be read from the data.")
    lines.append("The experts were chosen by the researchers, not drawn at random: the counts describe "
                 "these experts, not the professions at large.")
    return lines


def limitations(store: GraphStore, summary: StudySummary, everyone: Matrix, quotes: list[QuoteItem]) -> Limitations:
    """The limitations of `summary`'s brief; `everyone` is its profession matrix, `quotes` every
    quote the brief counted."""
    n_redacted = sum(q.redacted for q in quotes)
    if n_redacted:
        redaction = (f"Personal data were redacted at load: {n_redacted} of {len(quotes)} quotes had names, contact "
                     "details or ID numbers replaced by markers such as [NAME]; their original text is not stored.")
    else:
        redaction = ("No quote carries a redaction mark: the study was loaded without --redact, or redaction "
                     "found nothing to replace. Quotes are shown as loaded.")
    return Limitations(small_groups=small_groups(everyone), sampling=sampling(summary, store.experts(summary.uid)),
                       redaction=redaction, n_redacted=n_redacted, illustrative=summary.notice)
