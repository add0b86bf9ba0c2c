"""The brief as one self-contained, print-friendly HTML file: inline CSS, the heatmap as a
data: URI, no script and no network reference. Every piece of text from the graph is escaped."""

from __future__ import annotations

import base64
from html import escape

from graph.briefs.footnotes import Footnotes
from graph.briefs.heatmap import render_heatmap
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
    heatmap_caption,
    limitation_items,
    not_raised_line,
    profile_cells,
    small_legend,
    translation_label,
)
from graph.briefs.shape import level_word
from graph.briefs.wording import plural

__all__ = ["render_html"]

STYLE = """
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
.limitations { border-left: 4px solid #7a5c00; background: #fffbea; padding: .3rem 1rem; }
td.small, th.small { background: #f3f0e8; font-style: italic; }
p.legend, p.assessed { font-size: .9rem; color: #333; }
blockquote p.translation { color: #333; } .translation em { font-style: normal; font-weight: bold; }
table.profile { font-size: .85rem; } table.profile td { text-align: left; }
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
    themes = "".join(f"<li>{escape(item)}</li>" for item in codebook_items(m))
    items.append(("Codebook", f"{escape(codebook_line(m))}<ul>{themes}</ul>"))
    if m.level_note:
        items.append(("Codes counted", escape(m.level_note)))
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in items)
    return f'<section class="method"><h2>Method</h2><dl>{body}</dl></section>'


def _quote(q: QuoteRef, notes: Footnotes) -> str:
    flag = " (redacted)" if q.redacted else ""
    translated = (f'<p class="translation" lang="en"><em>{escape(translation_label(q))}:</em> '
                  f"“{escape(q.translation)}”</p>") if q.translation else ""
    lang = f' lang="{escape(q.language)}"' if q.language and q.language != "unknown" else ""
    return (f"<blockquote><p{lang}>“{escape(q.text)}”</p>{translated}"
            f"<footer>— {escape(q.attribution)}{flag}{_ref(notes, [q.uid])}</footer></blockquote>")


def _finding(f: Finding, notes: Footnotes) -> str:
    if f.recommendation:
        head = f'<p class="rec">{escape(f.recommendation)}{_ref(notes, f.total)}</p>'
    else:
        head = f"<p>{escape(f.sentence)}{_ref(notes, f.total)}</p>"
    return f"<li>{head}{''.join(_quote(q, notes) for q in f.quotes)}</li>"


def _table(t: EvidenceTable, notes: Footnotes) -> str:
    small = [n < t.small_group for n in t.row_sizes]

    def cell(c: Count, i: int | None = None) -> str:
        if i is not None and small[i]:
            return f'<td class="small">{c.n}{SMALL_MARK}{_ref(notes, c)}</td>'
        return f"<td>{c.n}{_ref(notes, c)}</td>"

    head = "<tr><th>profession</th>" + "".join(f"<th>{escape(c)}</th>" for c in t.cols) + "<th>any</th></tr>"
    marked = ['<td class="small">' + escape(r) + f" (n={s}){SMALL_MARK}</td>" if small[i]
              else f"<td>{escape(r)} (n={s})</td>" for i, (r, s) in enumerate(zip(t.rows, t.row_sizes))]
    rows = [f"<tr>{marked[i]}" + "".join(cell(c, i) for c in t.cells[i]) + cell(t.row_totals[i], i) + "</tr>"
            for i in range(len(t.rows))]
    rows.append(f"<tr><td>all (n={t.n_experts})</td>" + "".join(cell(c) for c in t.col_totals) + "<td></td></tr>")
    legend = small_legend(t)
    return (f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
            + (f'<p class="legend">{escape(legend)}</p>' if legend else ""))


def _heatmap(t: EvidenceTable) -> str:
    png = render_heatmap(t)
    words = level_word(t.level, plural=True)
    if png is None:
        return f"<p>No {words} to draw.</p>"
    alt = (f"Heatmap of {len(t.rows)} professions by {len(t.cols)} {words}: the share of each "
           f"profession's experts who raised each {level_word(t.level)}, labelled n/N.")
    src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return (f'<figure><img id="heatmap" src="{src}" alt="{escape(alt)}">'
            f"<figcaption>Figure 1. {escape(heatmap_caption(t))}</figcaption></figure>")


def _links(links: list[GapLink], notes: Footnotes) -> str:
    items = []
    for link in links:
        pairs = "".join(f"<li>{escape(p.name)} ({p.category}): {p.experts.n} of {p.experts.of}"
                        f"{_ref(notes, p.experts)}</li>" for p in link.pairs)
        items.append(f"<li>{escape(link.sentence)}{_ref(notes, link.experts)}" + (f"<ul>{pairs}</ul>" if pairs else "")
                     + "</li>")
    return ('<section id="gap-links"><h2>What the experts who raised each gap asked for</h2>'
            "<p>Co-occurrence within experts: for each gap, the prerequisites and expectations raised by the same "
            "experts. These are counts of what was said, not recommendations.</p>"
            f"<ul>{''.join(items)}</ul></section>")


def _profile(p: EvidenceProfile, notes: Footnotes) -> str:
    """Two tables, as in the DOCX: the evidence behind each finding, then the reviewers' judgements."""
    def table(header: list[str], rows: list[list[str]]) -> str:
        head = "<tr>" + "".join(f"<th>{escape(h)}</th>" for h in header) + "</tr>"
        body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
        return f'<table class="profile"><thead>{head}</thead><tbody>{body}</tbody></table>'

    evidence, judged = [], []
    for r in p.rows:
        cells = [escape(c) for c in profile_cells(r)]
        quotes = "; ".join(f"{escape(q.attribution)}{_ref(notes, [q.uid])}" for q in r.quotes)
        evidence.append([escape(r.finding), *cells[:4], quotes])
        judged.append([escape(r.finding), *cells[4:], escape(r.assessment.explanation or "")])
    return ('<section id="profile"><h2>Evidence profile</h2>'
            "<p>How much evidence stands behind each finding, for GRADE-CERQual assessment: experts and professions "
            "raising it (n/N), quotes, whether every profession of 3 or more experts raised it, and its two most "
            "representative quotes (by the quote rule below).</p>"
            + table(PROFILE_HEADER[:6], evidence)
            + f'<p class="assessed">{escape(assessed_line(p.assessed_by, p.assessed_on, p.assessments_file))}</p>'
            + table([PROFILE_HEADER[0], *PROFILE_HEADER[6:], "explanation"], judged) + "</section>")


def render_html(brief: Brief) -> str:
    """The brief as a complete HTML document; same brief, same bytes."""
    notes = Footnotes()
    parts = [f"<h1>{escape(brief.title)}</h1>"]
    if brief.notice:
        parts.append(f'<p class="notice"><strong>Note:</strong> {escape(brief.notice)}</p>')
    parts.append(_method(brief.method))
    if brief.limitations:
        items = "".join(f"<li><strong>{escape(head)}:</strong> {escape(text)}</li>"
                        for head, text in limitation_items(brief.limitations))
        parts.append(f'<section id="limitations" class="limitations"><h2>Limitations</h2><ul>{items}</ul></section>')
    for s in brief.sections:
        parts.append(f"<section><h2>{escape(s.title)}</h2>")
        if s.note:
            parts.append(f'<p class="note">{escape(s.note)}</p>')
        parts += [f"<p>{escape(t.sentence)}{_ref(notes, t.total)}</p>" for t in s.themes]
        if s.findings:
            parts.append("<ul>" + "".join(_finding(f, notes) for f in s.findings) + "</ul>")
        if s.not_raised:
            parts.append(f'<p class="not-raised">{escape(not_raised_line(s.not_raised))}</p>')
        parts.append("</section>")
    if brief.gap_links:
        parts.append(_links(brief.gap_links, notes))
    if brief.risks:
        parts.append("<section><h2>Risks by profession</h2><p>Experts of each profession with at least one quote "
                     "coded to each risk (the gap sub-themes); n is the number of experts of the profession.</p>"
                     + _table(brief.risks, notes) + "</section>")
    elif brief.risks_note:
        parts.append(f"<section><h2>Risks by profession</h2><p>{escape(brief.risks_note)}</p></section>")
    parts.append(f"<section><h2>{escape(brief.heatmap.title)}</h2>{_heatmap(brief.heatmap)}</section>")
    if brief.profile and brief.profile.rows:
        parts.append(_profile(brief.profile, notes))
    parts.append(f"<section><h2>How the quotes were chosen</h2><p>{escape(brief.quote_rule)}</p></section>")
    items = "".join(f'<li id="fn-{n}" value="{n}">' + ", ".join(f"<code>{escape(u)}</code>" for u in uids) + "</li>"
                    for n, uids in notes.notes())
    parts.append("<section><h2>Evidence</h2><p>Each note lists the uids of the quotes behind a figure or quote; "
                 f"<code>GET /v1/quotes</code> and <code>themegraph export</code> show them.</p>"
                 f'<ol class="notes">{items}</ol></section>')
    body = "\n".join(parts)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(brief.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")
