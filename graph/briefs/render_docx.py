"""The brief as a Word document (python-docx), opening in Word and LibreOffice.

Figures and quotes carry Word footnotes (graph.briefs.docx_notes) that say how many quotes
by which experts stand behind them and point to the evidence appendix, where each set of
quote uids is listed once; tables are Word tables and the heatmap a captioned figure.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Inches, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from graph.briefs.docx_notes import WordFootnotes
from graph.briefs.footnotes import Footnotes
from graph.briefs.heatmap import render_heatmap
from graph.briefs.model import Brief, Count, EvidenceProfile, EvidenceTable, Finding, GapLink, MethodBox
from graph.briefs.phrases import (
    PROFILE_HEADER,
    SMALL_MARK,
    assessed_line,
    codebook_items,
    codebook_line,
    heatmap_caption,
    limitation_items,
    not_raised_line,
    profile_cells,
    small_legend,
    translation_label,
)
from graph.briefs.shape import level_word
from graph.briefs.wording import plural

__all__ = ["render_docx", "clean"]

# XML 1.0 forbids these; a stray one in a quote would make python-docx refuse the whole brief.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAX_NAMED = 12


def clean(text: str) -> str:
    """Text Word can hold: the characters XML 1.0 forbids become spaces."""
    return _NOT_XML.sub(" ", text)


def _pseudonym(expert_uid: str) -> str:
    return expert_uid.rsplit(":", 1)[-1]


class _Notes:
    """Evidence numbers (one per distinct set of quotes, listed in the appendix) and the Word
    footnotes that point to them."""

    def __init__(self) -> None:
        self.evidence = Footnotes()
        self.word = WordFootnotes()
        self.captions: dict[str, int] = {}

    def ref(self, p: Paragraph, figure: Count | list[str]) -> None:
        uids = figure.quotes if isinstance(figure, Count) else figure
        number = self.evidence.number(uids)
        if not number:
            return
        if isinstance(figure, Count) and figure.experts:
            names = [_pseudonym(e) for e in figure.experts]
            who = ", ".join(names[:MAX_NAMED]) + (f" and {len(names) - MAX_NAMED} more" if len(names) > MAX_NAMED else "")
            text = f"{len(uids)} quote{'s' if len(uids) != 1 else ''} by {who}; quote uids: evidence E{number}."
        elif len(uids) == 1:
            text = f"Quote {uids[0]} (evidence E{number})."
        else:
            text = f"{len(uids)} quotes; quote uids: evidence E{number}."
        self.word.add(p, clean(text))


def _method(doc: DocxDocument, m: MethodBox) -> None:
    doc.add_heading("Method", level=1)
    where = ", ".join(str(x) for x in (m.year, m.country) if x)
    lines = [("Study", clean(m.title) + (f" ({where})" if where else "") + f"; study id {m.study}")]
    if m.method:
        lines.append(("Method", clean(m.method)))
    who = ", ".join(f"{p.n} {plural(p.label) if p.n != 1 else p.label}" for p in m.professions)
    lines.append(("Experts", f"{m.experts.n}" + (f" ({clean(who)})" if who else "")))
    if m.provinces:
        lines.append(("Provinces", clean(", ".join(f"{p.label} {p.n}" for p in m.provinces))))
    if m.interview_dates:
        lines.append(("Interviews", f"{m.interview_dates[0]} to {m.interview_dates[1]}"))
    lines.append(("Coded quotes", str(m.n_quotes)))
    lines.append(("Codebook", clean(codebook_line(m))))
    if m.level_note:
        lines.append(("Codes counted", clean(m.level_note)))
    for key, value in lines:
        p = doc.add_paragraph()
        p.add_run(f"{key}: ").bold = True
        p.add_run(value)
    for item in codebook_items(m):
        doc.add_paragraph(clean(item), style="List Bullet")


def _finding(doc: DocxDocument, f: Finding, notes: _Notes) -> None:
    p = doc.add_paragraph(style="List Bullet")
    run = p.add_run(clean(f.recommendation or f.sentence))
    run.bold = bool(f.recommendation)
    notes.ref(p, f.total)
    for q in f.quotes:
        quote = doc.add_paragraph(style="Quote")
        quote.add_run(clean(f"“{q.text}”"))
        if q.translation:
            quote.add_run("\n" + clean(translation_label(q)) + ": ").bold = True
            quote.add_run(clean(f"“{q.translation}”"))
        quote.add_run(clean(f" — {q.attribution}" + (" (redacted)" if q.redacted else "")))
        notes.ref(quote, [q.uid])


class _Grid:
    """A Word table with a bold header row repeated on each page, its text at one size."""

    def __init__(self, doc: DocxDocument, header: list[str], rows: int, size: float = 9) -> None:
        self.table: Table = doc.add_table(rows=rows + 1, cols=len(header))
        self.table.style = "Table Grid"
        self.size = size
        for j, name in enumerate(header):
            run = self.table.cell(0, j).paragraphs[0].add_run(clean(name))
            run.bold, run.font.size = True, Pt(size)
        self.table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))

    def put(self, r: int, c: int, text: str, notes: _Notes | None = None, figure: Count | list[str] | None = None,
            italic: bool = False) -> Paragraph:
        p = self.table.cell(r, c).paragraphs[0]
        run = p.add_run(clean(text))
        run.font.size, run.italic = Pt(self.size), italic
        if notes is not None and figure is not None:
            notes.ref(p, figure)
        return p


def _table(doc: DocxDocument, t: EvidenceTable, notes: _Notes) -> None:
    table = _Grid(doc, ["profession", *t.cols, "any"], len(t.rows) + 1)
    for i, (row, size) in enumerate(zip(t.rows, t.row_sizes), start=1):
        small = size < t.small_group
        mark = SMALL_MARK if small else ""
        table.put(i, 0, f"{row} (n={size}){mark}", italic=small)
        for j, c in enumerate(t.cells[i - 1], start=1):
            table.put(i, j, f"{c.n}{mark}", notes, c, italic=small)
        table.put(i, len(t.cols) + 1, f"{t.row_totals[i - 1].n}{mark}", notes, t.row_totals[i - 1], italic=small)
    last = len(t.rows) + 1
    table.put(last, 0, f"all (n={t.n_experts})")
    for j, c in enumerate(t.col_totals, start=1):
        table.put(last, j, str(c.n), notes, c)
    legend = small_legend(t)
    if legend:
        doc.add_paragraph(clean(legend)).runs[0].font.size = Pt(9)


def _caption(doc: DocxDocument, notes: _Notes, label: str, text: str) -> None:
    """A Word caption numbered by a SEQ field (so Word's lists of figures and tables find it)."""
    number = notes.captions[label] = notes.captions.get(label, 0) + 1
    p = doc.add_paragraph(style="Caption")
    p.add_run(f"{label} ")
    p._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" SEQ {label} \\* ARABIC ">'
                          f"<w:r><w:t>{number}</w:t></w:r></w:fldSimple>"))
    p.add_run(". " + clean(text))


def _heatmap(doc: DocxDocument, t: EvidenceTable, notes: _Notes) -> None:
    doc.add_heading(clean(t.title), level=1)
    png = render_heatmap(t)
    if png is None:
        doc.add_paragraph(f"No {level_word(t.level, plural=True)} to draw.")
        return
    doc.add_picture(io.BytesIO(png), width=Inches(6.3))
    _caption(doc, notes, "Figure", heatmap_caption(t))


def _links(doc: DocxDocument, links: list[GapLink], notes: _Notes) -> None:
    doc.add_heading("What the experts who raised each gap asked for", level=1)
    doc.add_paragraph("Co-occurrence within experts: for each gap, the prerequisites and expectations raised by the "
                      "same experts. These are counts of what was said, not recommendations.")
    for link in links:
        p = doc.add_paragraph(clean(link.sentence), style="List Bullet")
        notes.ref(p, link.experts)
        for pair in link.pairs:
            q = doc.add_paragraph(clean(f"{pair.name} ({pair.category}): {pair.experts.n} of {pair.experts.of}"),
                                  style="List Bullet 2")
            notes.ref(q, pair.experts)


def _profile(doc: DocxDocument, p: EvidenceProfile, notes: _Notes) -> None:
    doc.add_heading("Evidence profile", level=1)
    doc.add_paragraph("How much evidence stands behind each finding, for GRADE-CERQual assessment: experts and "
                      "professions raising it (n/N), quotes, whether every profession of 3 or more experts raised it, "
                      "and its two most representative quotes (by the quote rule).")
    evidence = _Grid(doc, PROFILE_HEADER[:6], len(p.rows), size=8)
    for i, r in enumerate(p.rows, start=1):
        cells = profile_cells(r)
        for j, text in enumerate([r.finding, *cells[:4]]):
            evidence.put(i, j, text)
        for k, q in enumerate(r.quotes):
            evidence.put(i, 5, ("; " if k else "") + q.attribution, notes, [q.uid])
    _caption(doc, notes, "Table", "Evidence behind each finding.")
    doc.add_paragraph(clean(assessed_line(p.assessed_by, p.assessed_on, p.assessments_file)))
    judged = _Grid(doc, [PROFILE_HEADER[0], *PROFILE_HEADER[6:], "explanation"], len(p.rows), size=8)
    for i, r in enumerate(p.rows, start=1):
        for j, text in enumerate([r.finding, *profile_cells(r)[4:], r.assessment.explanation or ""]):
            judged.put(i, j, text)
    _caption(doc, notes, "Table", "GRADE-CERQual judgements (filled in by reviewers).")


def _appendix(doc: DocxDocument, notes: _Notes) -> None:
    doc.add_heading("Evidence appendix", level=1)
    doc.add_paragraph("Each entry lists the uids of the quotes behind a figure or quote; the footnotes point here. "
                      "GET /v1/quotes and themegraph export show the quotes themselves.")
    listed = notes.evidence.notes()
    table = _Grid(doc, ["evidence", "quotes", "quote uids"], len(listed), size=7)
    for i, (n, uids) in enumerate(listed, start=1):
        table.put(i, 0, f"E{n}")
        table.put(i, 1, str(len(uids)))
        table.put(i, 2, ", ".join(uids))


def render_docx(brief: Brief) -> bytes:
    """The brief as .docx bytes: Word footnotes, Word tables, the heatmap as a captioned figure."""
    notes = _Notes()
    doc = Document()
    doc.core_properties.title = clean(brief.title)
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.add_heading(clean(brief.title), level=0)
    if brief.notice:
        p = doc.add_paragraph()
        p.add_run("Note: ").bold = True
        p.add_run(clean(brief.notice)).italic = True
    _method(doc, brief.method)
    if brief.limitations:
        doc.add_heading("Limitations", level=1)
        for head, text in limitation_items(brief.limitations):
            p = doc.add_paragraph(style="List Bullet")
            p.add_run(f"{head}: ").bold = True
            p.add_run(clean(text))
    for s in brief.sections:
        doc.add_heading(clean(s.title), level=1)
        if s.note:
            doc.add_paragraph(clean(s.note))
        for t in s.themes:
            notes.ref(doc.add_paragraph(clean(t.sentence)), t.total)
        for f in s.findings:
            _finding(doc, f, notes)
        if s.not_raised:
            doc.add_paragraph(clean(not_raised_line(s.not_raised)))
    if brief.gap_links:
        _links(doc, brief.gap_links, notes)
    if brief.risks or brief.risks_note:
        doc.add_heading("Risks by profession", level=1)
    if brief.risks:
        doc.add_paragraph("Experts of each profession with at least one quote coded to each risk (the gap "
                          "sub-themes); n is the number of experts of the profession.")
        _table(doc, brief.risks, notes)
        _caption(doc, notes, "Table", "Risks by profession.")
    elif brief.risks_note:
        doc.add_paragraph(clean(brief.risks_note))
    _heatmap(doc, brief.heatmap, notes)
    if brief.profile and brief.profile.rows:
        _profile(doc, brief.profile, notes)
    doc.add_heading("How the quotes were chosen", level=1)
    doc.add_paragraph(brief.quote_rule)
    _appendix(doc, notes)
    notes.word.attach(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
