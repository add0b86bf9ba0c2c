"""The brief as Markdown (CommonMark with GFM tables and footnotes), ready to paste.

Text from the graph (quotes, names, labels) is escaped so that it stays text: it cannot open
a link, an image, raw HTML, a heading or a table cell. The heatmap is a table here; the
image is in the HTML and DOCX forms.
"""

from __future__ import annotations

import re

from graph.briefs.footnotes import Footnotes
from graph.briefs.model import Brief, Count, EvidenceTable, Finding, MethodBox, QuoteRef
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
    n_sub = sum(len(t.subthemes) for t in m.codebook)
    lines.append(f"- **Codebook:** {len(m.codebook)} themes, {n_sub} sub-themes:")
    for t in m.codebook:
        subs = "; ".join(md_text(s) for s in t.subthemes) or "no sub-themes"
        lines.append(f"  - {md_text(t.name)} ({t.category}): {subs}.")
    return lines + [""]


def _quote(q: QuoteRef, notes: Footnotes) -> list[str]:
    flag = " (redacted)" if q.redacted else ""
    return ["", f"  > “{md_text(q.text)}”", "  >", f"  > — {md_text(q.attribution)}{flag}{_ref(notes, [q.uid])}"]


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
    def cell(c: Count) -> str:
        return f"{c.n}{_ref(notes, c)}"

    if transpose:
        head = ["sub-theme", *(f"{md_text(r)} (n={s})" for r, s in zip(t.rows, t.row_sizes)), f"all (n={t.n_experts})"]
        body = [[md_text(col), *(cell(t.cells[i][j]) for i in range(len(t.rows))), cell(t.col_totals[j])]
                for j, col in enumerate(t.cols)]
    else:
        head = ["profession", *(md_text(c) for c in t.cols), "any"]
        body = [[f"{md_text(r)} (n={s})", *(cell(c) for c in t.cells[i]), cell(t.row_totals[i])]
                for i, (r, s) in enumerate(zip(t.rows, t.row_sizes))]
        body.append([f"all (n={t.n_experts})", *(cell(c) for c in t.col_totals), ""])
    rows = [head, ["---"] * len(head), *body]
    return ["| " + " | ".join(r) + " |" for r in rows] + [""]


def render_markdown(brief: Brief) -> str:
    """The brief as one Markdown document, ending in its footnotes; same brief, same bytes."""
    notes = Footnotes()
    out = [f"# {md_text(brief.title)}", ""]
    if brief.notice:
        out += [f"> **Note:** {md_text(brief.notice)}", ""]
    out += _method(brief.method)
    for s in brief.sections:
        out += [f"## {md_text(s.title)}", ""]
        if s.note:
            out += [md_text(s.note), ""]
        out += [f"{md_text(t.sentence)}{_ref(notes, t.total)}" for t in s.themes]
        out += [""] if s.themes else []
        for f in s.findings:
            out += _finding(f, notes)
    out += ["## Risks by profession", ""]
    if brief.risks:
        out += ["Experts of each profession with at least one quote coded to each risk (the gap sub-themes); "
                "n is the number of experts of the profession.", ""]
        out += _table(brief.risks, notes, transpose=False)
    else:
        out += [md_text(brief.risks_note or "No risks table."), ""]
    out += [f"## {md_text(brief.heatmap.title)}", "",
            "The figures of the heatmap (drawn in the HTML and DOCX forms): experts of each profession "
            "who raised each sub-theme.", ""]
    out += _table(brief.heatmap, notes, transpose=True)
    out += ["## How the quotes were chosen", "", md_text(brief.quote_rule), "", "## Evidence", "",
            "Each note lists the uids of the quotes behind a figure or quote; "
            "`GET /v1/quotes` and `themegraph export` show them.", ""]
    out += [f"[^{n}]: " + ", ".join(f"`{uid}`" for uid in uids) for n, uids in notes.notes()]
    return "\n".join(out) + "\n"
