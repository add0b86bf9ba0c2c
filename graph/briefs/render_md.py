"""The brief as Markdown (CommonMark with GFM tables and footnotes), ready to paste.

Text from the graph (quotes, names, labels) is escaped so that it stays text: it cannot open
a link, an image, raw HTML, a heading or a table cell. The heatmap is a table here; the
image is in the HTML and DOCX forms.
"""

from __future__ import annotations

import re

from graph.briefs.footnotes import Footnotes
from graph.briefs.model import (
    Brief,
    Count,
    EvidenceProfile,
    EvidenceTable,
    Finding,
    GapLink,
    MethodBox,
    QuoteRef,
)
from graph.briefs.phrases import (
    PROFILE_HEADER,
    SMALL_MARK,
    assessed_line,
    codebook_items,
    codebook_line,
    limitation_items,
    not_raised_line,
    profile_cells,
    small_legend,
    translation_label,
)
from graph.briefs.shape import level_word
from graph.briefs.wording import plural

__all__ = ["md_text", "render_markdown"]

_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
_LINE_START = re.compile(r"^([#+=\-]|\d+(?=[.)]))")
_AUTOLINK = re.compile(r"(?i)(\b[a-z][a-z0-9+.\-]*)(:)(?=//)|(\bwww)(\.)")


def md_text(text: str) -> str:
    """Text shown literally in Markdown: one line, every construct that could start markup escaped."""
    text = " ".join(text.split())
    text = _INLINE.sub(r"\\\1", text)
    # GFM turns bare 'http://...' and 'www....' into links; an escaped ':' or '.' stops that.
    text = _AUTOLINK.sub(lambda m: (m[1] + "\\" + m[2]) if m[1] else (m[3] + "\\" + m[4]), text)
    return _LINE_START.sub(lambda m: "\\" + m[1] if not m[1].isdigit() else m[1] + "\\", text)


def _ref(notes: Footnotes, figure: Count | list[str]) -> str:
    number = notes.number(figure.quotes if isinstance(figure, Count) else figure)
    return f"[^{number}]" if number else ""


def _method(m: MethodBox) -> list[str]:
    where = ", ".join(str(x) for x in (m.year, m.country) if x)
    lines = ["## Method", "", f"- **Study:** {md_text(m.title)}" + (f" ({md_text(where)})" if where else "")
             + f"; study id `{m.study}`."]
    if m.method:
        lines.append(f"- **Method:** {md_text(m.method)}.")
    who = ", ".join(f"{p.n} {md_text(plural(p.label) if p.n != 1 else p.label)}" for p in m.professions)
    lines.append(f"- **Experts:** {m.experts.n}" + (f" ({who})." if who else "."))
    if m.provinces:
        lines.append("- **Provinces:** " + ", ".join(f"{md_text(p.label)} {p.n}" for p in m.provinces) + ".")
    if m.interview_dates:
        lines.append(f"- **Interviews:** {m.interview_dates[0]} to {m.interview_dates[1]}.")
    lines.append(f"- **Coded quotes:** {m.n_quotes}.")
    lines.append(f"- **Codebook:** {md_text(codebook_line(m))}:")
    lines += [f"  - {md_text(item)}." for item in codebook_items(m)]
    if m.level_note:
        lines.append(f"- **Codes counted:** {md_text(m.level_note)}")
    return lines + [""]


def _quote(q: QuoteRef, notes: Footnotes) -> list[str]:
    flag = " (redacted)" if q.redacted else ""
    lines = ["", f"  > “{md_text(q.text)}”"]
    if q.translation:
        lines += ["  >", f"  > *{md_text(translation_label(q))}:* “{md_text(q.translation)}”"]
    return lines + ["  >", f"  > — {md_text(q.attribution)}{flag}{_ref(notes, [q.uid])}"]


def _finding(f: Finding, notes: Footnotes) -> list[str]:
    if f.recommendation:
        head = f"- **{md_text(f.recommendation)}**{_ref(notes, f.total)}"
    else:
        head = f"- {md_text(f.sentence)}{_ref(notes, f.total)}"
    lines = [head]
    for q in f.quotes:
        lines += _quote(q, notes)
    return lines + [""]


def _table(t: EvidenceTable, notes: Footnotes, transpose: bool) -> list[str]:
    """A Markdown table; transposed puts codes down the side, so long names stay readable."""
    small = [n < t.small_group for n in t.row_sizes]

    def cell(c: Count, i: int | None = None) -> str:
        return f"{c.n}{SMALL_MARK if i is not None and small[i] else ''}{_ref(notes, c)}"

    labels = [f"{md_text(r)} (n={s}){SMALL_MARK if small[i] else ''}"
              for i, (r, s) in enumerate(zip(t.rows, t.row_sizes))]
    if transpose:
        head = [level_word(t.level), *labels, f"all (n={t.n_experts})"]
        body = [[md_text(col), *(cell(t.cells[i][j], i) for i in range(len(t.rows))), cell(t.col_totals[j])]
                for j, col in enumerate(t.cols)]
    else:
        head = ["profession", *(md_text(c) for c in t.cols), "any"]
        body = [[labels[i], *(cell(c, i) for c in t.cells[i]), cell(t.row_totals[i], i)] for i in range(len(t.rows))]
        body.append([f"all (n={t.n_experts})", *(cell(c) for c in t.col_totals), ""])
    rows = [head, ["---"] * len(head), *body]
    legend = small_legend(t)
    return ["| " + " | ".join(r) + " |" for r in rows] + [""] + ([md_text(legend), ""] if legend else [])


def _links(links: list[GapLink], notes: Footnotes) -> list[str]:
    out = ["## What the experts who raised each gap asked for", "",
           "Co-occurrence within experts: for each gap, the prerequisites and expectations raised by the same "
           "experts. These are counts of what was said, not recommendations.", ""]
    for link in links:
        out.append(f"- {md_text(link.sentence)}{_ref(notes, link.experts)}")
        out += [f"  - {md_text(p.name)} ({p.category}): {p.experts.n} of {p.experts.of}{_ref(notes, p.experts)}"
                for p in link.pairs]
    return out + [""]


def _profile(p: EvidenceProfile, notes: Footnotes) -> list[str]:
    out = ["## Evidence profile", "",
           "How much evidence stands behind each finding, for GRADE-CERQual assessment: experts and professions "
           "raising it (n/N), quotes, whether every profession of 3 or more experts raised it, and its two most "
           "representative quotes (by the quote rule below).", "", md_text(assessed_line(
               p.assessed_by, p.assessed_on, p.assessments_file)), ""]
    rows = [PROFILE_HEADER, ["---"] * len(PROFILE_HEADER)]
    for r in p.rows:
        cells = [md_text(c) for c in profile_cells(r)]
        quotes = "; ".join(f"{md_text(q.attribution)}{_ref(notes, [q.uid])}" for q in r.quotes)
        rows.append([md_text(r.finding), *cells[:4], quotes, *cells[4:]])
    out += ["| " + " | ".join(row) + " |" for row in rows] + [""]
    explained = [(r.finding, r.assessment.explanation) for r in p.rows if r.assessment.explanation]
    out += [f"- **{md_text(name)}:** {md_text(text)}" for name, text in explained if text]
    return out + ([""] if explained else [])


def render_markdown(brief: Brief) -> str:
    """The brief as one Markdown document, ending in its footnotes; same brief, same bytes."""
    notes = Footnotes()
    out = [f"# {md_text(brief.title)}", ""]
    if brief.notice:
        out += [f"> **Note:** {md_text(brief.notice)}", ""]
    out += _method(brief.method)
    if brief.limitations:
        out += ["## Limitations", ""]
        out += [f"- **{head}:** {md_text(text)}" for head, text in limitation_items(brief.limitations)] + [""]
    for s in brief.sections:
        out += [f"## {md_text(s.title)}", ""]
        if s.note:
            out += [md_text(s.note), ""]
        out += [f"{md_text(t.sentence)}{_ref(notes, t.total)}" for t in s.themes]
        out += [""] if s.themes else []
        for f in s.findings:
            out += _finding(f, notes)
        if s.not_raised:
            out += [md_text(not_raised_line(s.not_raised)), ""]
    if brief.gap_links:
        out += _links(brief.gap_links, notes)
    if brief.risks or brief.risks_note:
        out += ["## Risks by profession", ""]
    if brief.risks:
        out += ["Experts of each profession with at least one quote coded to each risk (the gap sub-themes); "
                "n is the number of experts of the profession.", ""]
        out += _table(brief.risks, notes, transpose=False)
    elif brief.risks_note:
        out += [md_text(brief.risks_note), ""]
    out += [f"## {md_text(brief.heatmap.title)}", "",
            "The figures of the heatmap (drawn in the HTML and DOCX forms): experts of each profession "
            f"who raised each {level_word(brief.heatmap.level)}.", ""]
    out += _table(brief.heatmap, notes, transpose=True)
    if brief.profile and brief.profile.rows:
        out += _profile(brief.profile, notes)
    out += ["## How the quotes were chosen", "", md_text(brief.quote_rule), "", "## Evidence", "",
            "Each note lists the uids of the quotes behind a figure or quote; "
            "`GET /v1/quotes` and `themegraph export` show them.", ""]
    out += [f"[^{n}]: " + ", ".join(f"`{uid}`" for uid in uids) for n, uids in notes.notes()]
    return "\n".join(out) + "\n"
