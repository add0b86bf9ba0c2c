"""The brief as one self-contained, print-friendly HTML file: inline CSS, the heatmap as a
data: URI, no script and no network reference. Every piece of text from the graph is escaped."""

from __future__ import annotations

import base64
from html import escape

from graph.briefs.footnotes import Footnotes
from graph.briefs.heatmap import render_heatmap
from graph.briefs.model import Brief, Count, EvidenceTable, Finding, MethodBox, QuoteRef
from graph.briefs.wording import plural

__all__ = ["render_html"]

_CSS = """
body { font: 11pt/1.45 "DejaVu Sans", "Noto Sans CJK SC", Arial, sans-serif; color: #1a1a1a;
       max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; } h2 { font-size: 1.25rem; margin-top: 2rem;
     border-bottom: 1px solid #ccc; } h3 { font-size: 1.05rem; }
.notice { border-left: 4px solid #b35900; background: #fff4e5; padding: .5rem 1rem; }
.method { border: 1px solid #999; background: #f6f6f6; padding: .5rem 1rem; }
.method h2 { margin-top: .5rem; } .method dt { font-weight: bold; } .method dd { margin: 0 0 .4rem 0; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #bbb; padding: .25rem .5rem; text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
blockquote { margin: .4rem 0 .6rem 1.2rem; padding-left: .8rem; border-left: 3px solid #7da7d9; }
blockquote p { margin: .2rem 0; } blockquote footer { font-size: .9rem; color: #444; }
.rec { font-weight: bold; }
figure { margin: 1rem 0; } figure img { max-width: 100%; height: auto; }
sup.fn a { text-decoration: none; } ol.notes { font-size: .8rem; word-break: break-all; }
@media print {
  body { max-width: none; margin: 0; font-size: 10pt; }
  h2 { break-after: avoid; } table, figure, blockquote, .method { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  @page { size: A4; margin: 16mm; }
}
"""


def _ref(notes: Footnotes, figure: Count | list[str]) -> str:
    number = notes.number(figure.quotes if isinstance(figure, Count) else figure)
    return f'<sup class="fn"><a href="#fn-{number}">{number}</a></sup>' if number else ""


def _method(m: MethodBox) -> str:
    where = ", ".join(str(x) for x in (m.year, m.country) if x)
    items = [("Study", escape(m.title) + (f" ({escape(where)})" if where else "")
              + f"; study id <code>{escape(m.study)}</code>")]
    if m.method:
        items.append(("Method", escape(m.method)))
    who = ", ".join(f"{p.n} {escape(plural(p.label) if p.n != 1 else p.label)}" for p in m.professions)
    items.append(("Experts", f"{m.experts.n}" + (f" ({who})" if who else "")))
    if m.provinces:
        items.append(("Provinces", ", ".join(f"{escape(p.label)} {p.n}" for p in m.provinces)))
    if m.interview_dates:
        items.append(("Interviews", f"{escape(m.interview_dates[0])} to {escape(m.interview_dates[1])}"))
    items.append(("Coded quotes", str(m.n_quotes)))
    themes = "".join(
        f"<li>{escape(t.name)} ({t.category}): {'; '.join(escape(s) for s in t.subthemes) or 'no sub-themes'}</li>"
        for t in m.codebook)
    n_sub = sum(len(t.subthemes) for t in m.codebook)
    items.append(("Codebook", f"{len(m.codebook)} themes, {n_sub} sub-themes<ul>{themes}</ul>"))
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in items)
    return f'<section class="method"><h2>Method</h2><dl>{body}</dl></section>'


def _quote(q: QuoteRef, notes: Footnotes) -> str:
    flag = " (redacted)" if q.redacted else ""
    return (f"<blockquote><p>“{escape(q.text)}”</p>"
            f"<footer>— {escape(q.attribution)}{flag}{_ref(notes, [q.uid])}</footer></blockquote>")


def _finding(f: Finding, notes: Footnotes) -> str:
    if f.recommendation:
        head = f'<p class="rec">{escape(f.recommendation)}{_ref(notes, f.total)}</p>'
    else:
        head = f"<p>{escape(f.sentence)}{_ref(notes, f.total)}</p>"
    return f"<li>{head}{''.join(_quote(q, notes) for q in f.quotes)}</li>"


def _table(t: EvidenceTable, notes: Footnotes) -> str:
    def cell(c: Count) -> str:
        return f"<td>{c.n}{_ref(notes, c)}</td>"

    head = "<tr><th>profession</th>" + "".join(f"<th>{escape(c)}</th>" for c in t.cols) + "<th>any</th></tr>"
    rows = [f"<tr><td>{escape(r)} (n={s})</td>" + "".join(cell(c) for c in t.cells[i]) + cell(t.row_totals[i])
            + "</tr>" for i, (r, s) in enumerate(zip(t.rows, t.row_sizes))]
    rows.append(f"<tr><td>all (n={t.n_experts})</td>" + "".join(cell(c) for c in t.col_totals) + "<td></td></tr>")
    return f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"


def _heatmap(t: EvidenceTable) -> str:
    png = render_heatmap(t)
    if png is None:
        return "<p>No sub-themes to draw.</p>"
    alt = (f"Heatmap of {len(t.rows)} professions by {len(t.cols)} sub-themes: the share of each "
           "profession's experts who raised each sub-theme, labelled n/N.")
    src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return (f'<figure><img id="heatmap" src="{src}" alt="{escape(alt)}">'
            "<figcaption>Experts of each profession who raised each sub-theme (n/N); darker is a larger "
            "share. The numbers, with their quotes, are in the sections above.</figcaption></figure>")


def render_html(brief: Brief) -> str:
    """The brief as a complete HTML document; same brief, same bytes."""
    notes = Footnotes()
    parts = [f"<h1>{escape(brief.title)}</h1>"]
    if brief.notice:
        parts.append(f'<p class="notice"><strong>Note:</strong> {escape(brief.notice)}</p>')
    parts.append(_method(brief.method))
    for s in brief.sections:
        parts.append(f"<section><h2>{escape(s.title)}</h2>")
        if s.note:
            parts.append(f'<p class="note">{escape(s.note)}</p>')
        parts += [f"<p>{escape(t.sentence)}{_ref(notes, t.total)}</p>" for t in s.themes]
        if s.findings:
            parts.append("<ul>" + "".join(_finding(f, notes) for f in s.findings) + "</ul>")
        parts.append("</section>")
    parts.append("<section><h2>Risks by profession</h2>")
    if brief.risks:
        parts.append("<p>Experts of each profession with at least one quote coded to each risk (the gap "
                     "sub-themes); n is the number of experts of the profession.</p>" + _table(brief.risks, notes))
    else:
        parts.append(f"<p>{escape(brief.risks_note or 'No risks table.')}</p>")
    parts.append(f"</section><section><h2>{escape(brief.heatmap.title)}</h2>{_heatmap(brief.heatmap)}</section>")
    parts.append(f"<section><h2>How the quotes were chosen</h2><p>{escape(brief.quote_rule)}</p></section>")
    items = "".join(f'<li id="fn-{n}" value="{n}">' + ", ".join(f"<code>{escape(u)}</code>" for u in uids) + "</li>"
                    for n, uids in notes.notes())
    parts.append("<section><h2>Evidence</h2><p>Each note lists the uids of the quotes behind a figure or quote; "
                 f"<code>GET /v1/quotes</code> and <code>themegraph export</code> show them.</p>"
                 f'<ol class="notes">{items}</ol></section>')
    body = "\n".join(parts)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(brief.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")
