"""The brief as a Word document (python-docx), opening in Word and LibreOffice.

Word's own footnotes are beyond python-docx, so figures carry bracketed note numbers that the
'Evidence' list at the end resolves to quote uids, as the other forms do.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Inches, Pt
from docx.text.paragraph import Paragraph

from graph.briefs.footnotes import Footnotes
from graph.briefs.heatmap import render_heatmap
from graph.briefs.model import Brief, Count, EvidenceTable, Finding, MethodBox
from graph.briefs.wording import plural

__all__ = ["render_docx"]

# XML 1.0 forbids these; a stray one in a quote would make python-docx refuse the whole brief.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub(" ", text)


def _ref(p: Paragraph, notes: Footnotes, figure: Count | list[str]) -> None:
    number = notes.number(figure.quotes if isinstance(figure, Count) else figure)
    if number:
        p.add_run(f"[{number}]").font.superscript = True


def _method(doc: DocxDocument, m: MethodBox) -> None:
    doc.add_heading("Method", level=1)
    where = ", ".join(str(x) for x in (m.year, m.country) if x)
    lines = [("Study", _clean(m.title) + (f" ({where})" if where else "") + f"; study id {m.study}")]
    if m.method:
        lines.append(("Method", _clean(m.method)))
    who = ", ".join(f"{p.n} {plural(p.label) if p.n != 1 else p.label}" for p in m.professions)
    lines.append(("Experts", f"{m.experts.n}" + (f" ({_clean(who)})" if who else "")))
    if m.provinces:
        lines.append(("Provinces", _clean(", ".join(f"{p.label} {p.n}" for p in m.provinces))))
    if m.interview_dates:
        lines.append(("Interviews", f"{m.interview_dates[0]} to {m.interview_dates[1]}"))
    lines.append(("Coded quotes", str(m.n_quotes)))
    n_sub = sum(len(t.subthemes) for t in m.codebook)
    lines.append(("Codebook", f"{len(m.codebook)} themes, {n_sub} sub-themes"))
    for key, value in lines:
        p = doc.add_paragraph()
        p.add_run(f"{key}: ").bold = True
        p.add_run(value)
    for t in m.codebook:
        subs = "; ".join(t.subthemes) or "no sub-themes"
        doc.add_paragraph(_clean(f"{t.name} ({t.category}): {subs}"), style="List Bullet")


def _finding(doc: DocxDocument, f: Finding, notes: Footnotes) -> None:
    p = doc.add_paragraph(style="List Bullet")
    run = p.add_run(_clean(f.recommendation or f.sentence))
    run.bold = bool(f.recommendation)
    _ref(p, notes, f.total)
    for q in f.quotes:
        quote = doc.add_paragraph(style="Quote")
        quote.add_run(_clean(f"“{q.text}”"))
        quote.add_run(_clean(f" — {q.attribution}" + (" (redacted)" if q.redacted else "")))
        _ref(quote, notes, [q.uid])


def _table(doc: DocxDocument, t: EvidenceTable, notes: Footnotes) -> None:
    table = doc.add_table(rows=len(t.rows) + 2, cols=len(t.cols) + 2)
    table.style = "Table Grid"

    def put(r: int, c: int, text: str, figure: Count | None = None) -> None:
        p = table.cell(r, c).paragraphs[0]
        p.add_run(_clean(text))
        if figure is not None:
            _ref(p, notes, figure)

    for j, name in enumerate(["profession", *t.cols, "any"]):
        put(0, j, name)
    for i, (row, size) in enumerate(zip(t.rows, t.row_sizes), start=1):
        put(i, 0, f"{row} (n={size})")
        for j, c in enumerate(t.cells[i - 1], start=1):
            put(i, j, str(c.n), c)
        put(i, len(t.cols) + 1, str(t.row_totals[i - 1].n), t.row_totals[i - 1])
    last = len(t.rows) + 1
    put(last, 0, f"all (n={t.n_experts})")
    for j, c in enumerate(t.col_totals, start=1):
        put(last, j, str(c.n), c)


def render_docx(brief: Brief) -> bytes:
    """The brief as .docx bytes, with the heatmap as an embedded PNG."""
    notes = Footnotes()
    doc = Document()
    doc.core_properties.title = _clean(brief.title)
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.add_heading(_clean(brief.title), level=0)
    if brief.notice:
        p = doc.add_paragraph()
        p.add_run("Note: ").bold = True
        p.add_run(_clean(brief.notice)).italic = True
    _method(doc, brief.method)
    for s in brief.sections:
        doc.add_heading(_clean(s.title), level=1)
        if s.note:
            doc.add_paragraph(_clean(s.note))
        for t in s.themes:
            _ref(doc.add_paragraph(_clean(t.sentence)), notes, t.total)
        for f in s.findings:
            _finding(doc, f, notes)
    doc.add_heading("Risks by profession", level=1)
    if brief.risks:
        doc.add_paragraph("Experts of each profession with at least one quote coded to each risk (the gap "
                          "sub-themes); n is the number of experts of the profession.")
        _table(doc, brief.risks, notes)
    else:
        doc.add_paragraph(_clean(brief.risks_note or "No risks table."))
    doc.add_heading(_clean(brief.heatmap.title), level=1)
    png = render_heatmap(brief.heatmap)
    if png is None:
        doc.add_paragraph("No sub-themes to draw.")
    else:
        doc.add_picture(io.BytesIO(png), width=Inches(6.3))
        doc.add_paragraph("Experts of each profession who raised each sub-theme (n/N); darker is a larger share.")
    doc.add_heading("How the quotes were chosen", level=1)
    doc.add_paragraph(brief.quote_rule)
    doc.add_heading("Evidence", level=1)
    doc.add_paragraph("Each note lists the uids of the quotes behind a figure or quote.")
    for n, uids in notes.notes():
        doc.add_paragraph(f"[{n}] " + ", ".join(uids))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
