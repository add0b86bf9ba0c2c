"""Text the three renderers share, so that Markdown, HTML and DOCX say the same thing: the
codebook in a few words, the small-group mark, the limitations and the evidence profile's cells."""

from __future__ import annotations

from graph.briefs.model import SMALL_GROUP, EvidenceTable, Limitations, MethodBox, ProfileRow, QuoteRef
from graph.briefs.shape import level_word
from graph.briefs.wording import plural

__all__ = [
    "SMALL_MARK", "MAX_CODES_LISTED", "codebook_line", "codebook_items", "small_legend", "is_small",
    "limitation_items", "PROFILE_HEADER", "profile_cells", "assessed_line", "translation_label",
    "heatmap_caption", "not_raised_line",
]

SMALL_MARK = "†"
MAX_CODES_LISTED = 40


def codebook_line(m: MethodBox) -> str:
    """'4 themes, 11 sub-themes'; flat: '5 themes, no sub-themes (a flat codebook): ...'; deeper:
    '11 themes and 49 codes below them, 3 levels in all (32 at level 2, 17 at level 3); ...'."""
    n_themes = f"{len(m.codebook)} theme{'s' if len(m.codebook) != 1 else ''}"
    if not m.codes_per_depth:
        return f"{n_themes}, no sub-themes (a flat codebook): the findings are the themes"
    total = sum(m.codes_per_depth.values())
    deepest = max(m.codes_per_depth)
    if deepest == 1:
        return f"{n_themes}, {total} sub-themes"
    spread = ", ".join(f"{n} at level {d + 1}" for d, n in m.codes_per_depth.items())
    return (f"{n_themes} and {total} codes below them, {deepest + 1} levels in all ({spread}); the findings are "
            f"the {m.codes_per_depth[1]} sub-themes at level 2, each counting the codes below it")


def codebook_items(m: MethodBox) -> list[str]:
    """One line per theme: a two-level codebook of at most MAX_CODES_LISTED sub-themes names
    them; a deeper or larger one counts them."""
    listed = max(m.codes_per_depth, default=1) == 1 and sum(len(t.subthemes) for t in m.codebook) <= MAX_CODES_LISTED
    items = []
    for t in m.codebook:
        label = f"{t.name} ({t.category})" if m.categorised else t.name
        if not t.subthemes:
            items.append(label + (": no sub-themes" if m.codes_per_depth else ""))
        elif listed:
            items.append(f"{label}: {'; '.join(t.subthemes)}")
        else:
            subs = f"{len(t.subthemes)} sub-theme{'s' if len(t.subthemes) != 1 else ''}"
            items.append(f"{label}: {subs}, {t.n_codes} code{'s' if t.n_codes != 1 else ''} in all")
    return items


def is_small(size: int, table: EvidenceTable | None = None) -> bool:
    return size < (table.small_group if table else SMALL_GROUP)


def small_legend(t: EvidenceTable) -> str | None:
    """The note under a table with small rows; None when it has none."""
    small = [f"{r} (n={n})" for r, n in zip(t.rows, t.row_sizes) if n < t.small_group]
    if not small:
        return None
    return (f"{SMALL_MARK} a group of fewer than {t.small_group} experts ({', '.join(small)}): its figures "
            "describe too few people to compare shares with the other groups.")


def limitation_items(lim: Limitations) -> list[tuple[str, str]]:
    """(heading, text) pairs of the limitations section, in reading order."""
    items = []
    if lim.illustrative:
        items.append(("Illustrative data", lim.illustrative))
    if lim.small_groups:
        groups = ", ".join(f"{g.label} (n={g.n})" for g in lim.small_groups)
        items.append(("Small groups", f"{groups}: fewer than {lim.small_group} experts each, so a share such as "
                      "'2 of 2' says little; their cells are marked " + SMALL_MARK + " in the tables and the "
                      "heatmap."))
    else:
        items.append(("Small groups", f"Every profession has at least {lim.small_group} experts."))
    items.append(("Sampling", " ".join(lim.sampling)))
    items.append(("Redaction", lim.redaction))
    return items


PROFILE_HEADER = ["finding", "experts", "professions", "quotes", "every profession of 3+ raised it",
                  "representative quotes", "methodological limitations", "coherence", "adequacy", "relevance",
                  "overall confidence"]


def profile_cells(r: ProfileRow) -> list[str]:
    """The row's cells after the finding and before the quotes column, then the CERQual cells."""
    if r.consistent is None:
        agree = "no profession has 3 experts"
    else:
        agree = "yes" if r.consistent else "no: not " + ", ".join(plural(g) for g in r.silent_groups)
    a = r.assessment
    return [f"{r.experts.n}/{r.experts.of}", f"{r.professions_raising}/{r.professions}", str(r.n_quotes), agree,
            a.methodological_limitations or "", a.coherence or "", a.adequacy or "", a.relevance or "",
            a.overall_confidence or ""]


def assessed_line(by: str | None, on: str | None, file: str | None) -> str:
    """Who judged the CERQual columns and when, or that nobody has yet."""
    if not file:
        return ("The CERQual columns are for reviewers to fill in: give their judgements with "
                "themegraph brief --assessments FILE.yaml.")
    who = by or "reviewers not named in the file"
    return f"CERQual judgements by {who}" + (f", {on}" if on else "") + f" (from {file})."


def translation_label(q: QuoteRef) -> str:
    """'Translation (by the researchers, from zh)' for the line under a quote's original."""
    return "Translation by the researchers" + (f", from {q.language}" if q.language else "")


def heatmap_caption(t: EvidenceTable) -> str:
    word = level_word(t.level)
    text = (f"Experts of each profession who raised each {word} (n/N); darker is a larger share. The numbers, "
            "with their quotes, are in the sections above.")
    small = small_legend(t)
    return text + (" " + small if small else "")


def not_raised_line(names: list[str]) -> str:
    """Codes nobody raised, said once for a section."""
    return f"Not raised by any expert: {'; '.join(names)}." if len(names) > 1 else \
        f"No expert raised {names[0]}." if names else ""
