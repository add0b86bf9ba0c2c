"""A comparison of several studies (graph.briefs.compare) as Markdown, HTML or DOCX. The
figures are a table, finding by study, with the pooled figure last; every piece of text from
the graph is escaped as in the single-study forms."""

from __future__ import annotations

import io
from html import escape

from docx import Document
from docx.shared import Pt

from graph.briefs.compare import Comparison, StudyFigure, StudyPart
from graph.briefs.render_docx import clean
from graph.briefs.render_html import STYLE
from graph.briefs.render_md import md_text
from graph.briefs.shape import level_word

__all__ = ["comparison_markdown", "comparison_html", "comparison_docx"]

_INTRO = ("Each finding per study (experts who raised it, of the study's experts) and pooled (the studies that have "
          "the code, added up). ")


def _cell(f: StudyFigure | None) -> str:
    return "—" if f is None else f"{f.experts.n}/{f.experts.of} ({f.n_quotes} q.)"


def _header(c: Comparison) -> list[str]:
    return ["finding", *(s.study for s in c.studies), "pooled"]


def _rows(c: Comparison) -> list[list[str]]:
    return [[f.name, *(_cell(x) for x in f.figures), f"{f.pooled.n}/{f.pooled.of} ({f.pooled_quotes} q.)"]
            for f in c.findings]


def _about(s: StudyPart) -> str:
    return (f"{s.title} (study id {s.study}): {s.experts} experts, {s.n_quotes} coded quotes; findings at the "
            f"{level_word(s.level)} level.")


def _unmatched(s: StudyPart) -> str:
    if not s.unmatched:
        return f"{s.study}: every code has a counterpart."
    return f"{s.study}: " + "; ".join(f"{u.code} ({u.experts.n} of {u.experts.of} experts)" for u in s.unmatched) + "."


def comparison_markdown(c: Comparison) -> str:
    """The comparison as one Markdown document."""
    out = [f"# {md_text(c.title)}", ""]
    out += [f"> **Note:** {md_text(s.study)}: {md_text(s.notice)}" for s in c.studies if s.notice]
    out += ["", "## Studies", ""] + [f"- {md_text(_about(s))}" for s in c.studies]
    out += ["", "## Limitations", ""] + [f"- {md_text(line)}" for line in c.limitations]
    out += ["", "## Findings by study", "", md_text(_INTRO + c.matching + "; q. = quotes."), ""]
    rows = [[md_text(x) for x in r] for r in [_header(c), *_rows(c)]]
    rows.insert(1, ["---"] * len(rows[0]))
    out += ["| " + " | ".join(r) + " |" for r in rows] + [""]
    out += [f"- {md_text(f.sentence)}" for f in c.findings]
    out += ["", "## Codes without a counterpart", ""] + [f"- {md_text(_unmatched(s))}" for s in c.studies]
    return "\n".join(out) + "\n"


def comparison_html(c: Comparison) -> str:
    """The comparison as a self-contained HTML document."""
    notices = "".join(f'<p class="notice"><strong>Note:</strong> {escape(s.study)}: {escape(s.notice)}</p>'
                      for s in c.studies if s.notice)
    head = "".join(f"<th>{escape(h)}</th>" for h in _header(c))
    body = "".join("<tr>" + "".join(f"<td>{escape(x)}</td>" for x in r) + "</tr>" for r in _rows(c))
    parts = [
        f"<h1>{escape(c.title)}</h1>{notices}",
        "<section><h2>Studies</h2><ul>" + "".join(f"<li>{escape(_about(s))}</li>" for s in c.studies) + "</ul></section>",
        '<section id="limitations" class="limitations"><h2>Limitations</h2><ul>'
        + "".join(f"<li>{escape(line)}</li>" for line in c.limitations) + "</ul></section>",
        f'<section id="compared"><h2>Findings by study</h2><p>{escape(_INTRO + c.matching)}; q. = quotes.</p>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table><ul>"
        + "".join(f"<li>{escape(f.sentence)}</li>" for f in c.findings) + "</ul></section>",
        '<section id="unmatched"><h2>Codes without a counterpart</h2><ul>'
        + "".join(f"<li>{escape(_unmatched(s))}</li>" for s in c.studies) + "</ul></section>",
    ]
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(c.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            + "\n".join(parts) + "\n</body>\n</html>\n")


def comparison_docx(c: Comparison) -> bytes:
    """The comparison as .docx bytes, the figures as a Word table."""
    doc = Document()
    doc.core_properties.title = clean(c.title)
    doc.add_heading(clean(c.title), level=0)
    for s in c.studies:
        if s.notice:
            p = doc.add_paragraph()
            p.add_run(clean(f"Note: {s.study}: ")).bold = True
            p.add_run(clean(s.notice)).italic = True
    doc.add_heading("Studies", level=1)
    for s in c.studies:
        doc.add_paragraph(clean(_about(s)), style="List Bullet")
    doc.add_heading("Limitations", level=1)
    for line in c.limitations:
        doc.add_paragraph(clean(line), style="List Bullet")
    doc.add_heading("Findings by study", level=1)
    doc.add_paragraph(_INTRO + c.matching + "; q. = quotes.")
    header, rows = _header(c), _rows(c)
    table = doc.add_table(rows=len(rows) + 1, cols=len(header))
    table.style = "Table Grid"
    for i, row in enumerate([header, *rows]):
        for j, text in enumerate(row):
            run = table.cell(i, j).paragraphs[0].add_run(clean(text))
            run.font.size, run.bold = Pt(9), i == 0
    for f in c.findings:
        doc.add_paragraph(clean(f.sentence), style="List Bullet")
    doc.add_heading("Codes without a counterpart", level=1)
    for s in c.studies:
        doc.add_paragraph(clean(_unmatched(s)), style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
