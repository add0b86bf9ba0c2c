"""Commands that explore: studies, experts, quotes, expert, themes, cooccurrence, saturation, concepts.

Each prints a table for people, or `--format json|csv` for scripts, with the same numbers
as the HTTP API.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Optional

import typer
from pydantic import BaseModel, ValidationError
from rich.table import Table

from api.cli.app import OutFile, OutFormat, app, bad_option, opened_store, out, say_level_note, write_xlsx
from graph.cooccurrence import CooccurrenceQuery
from graph.errors import BadInput
from graph.exports.tables import cooccurrence_table, quote_table, theme_table
from graph.levels import codebook_shape, level_words, tree_depth
from graph.quotes import AttributeFilter, QuoteItem, QuoteQuery
from graph.studies import resolve_study, study_summary
from graph.tabular import to_csv


def _json(answer: BaseModel | Sequence[BaseModel]) -> None:
    if not isinstance(answer, BaseModel):
        print("[" + ",\n".join(a.model_dump_json(indent=2) for a in answer) + "]")
    else:
        print(answer.model_dump_json(indent=2))


def _emit(answer: BaseModel | Sequence[BaseModel], format: OutFormat, title: str, header: list[str],
          rows: list[list[object]], whole: tuple[str, ...] = (), table_columns: int | None = None,
          out_file: Path | None = None, xlsx: bool = False) -> None:
    """Print the answer as JSON, or its rows as CSV or as a table for people (its first
    `table_columns` columns; those named in `whole` never wrap, so that a uid can be copied),
    or (where the command offers `xlsx`) write them as a workbook."""
    if format is OutFormat.xlsx:
        if not xlsx:
            raise BadInput("--format xlsx is offered by matrix, quotes, themes, cooccurrence and agreement",
                           "--format")
        write_xlsx(out_file, title, header, rows)
    elif format is OutFormat.json:
        _json(answer)
    elif format is OutFormat.csv:
        sys.stdout.write(to_csv(header, rows))
    else:
        table = Table(title=title)
        for column in header[:table_columns]:
            table.add_column(column, overflow="fold", no_wrap=column in whole)
        for r in rows:
            table.add_row(*map(str, r[:table_columns]))
        out.print(table)


@app.command()
def studies(format: Annotated[OutFormat, typer.Option(help="table, csv or json.")] = OutFormat.table) -> None:
    """The studies loaded, with their experts, quotes, themes and sub-themes."""
    with opened_store() as store:
        found = store.studies()
    _emit(found, format, f"{len(found)} stud{'y' if len(found) == 1 else 'ies'} loaded",
          ["study", "title", "experts", "quotes", "themes", "subthemes"],
          [[s.uid, s.title, s.experts, s.quotes, s.themes, s.subthemes] for s in found])
    if format is OutFormat.table:
        for s in found:
            if s.notice:
                out.print(f"{s.uid}: {s.notice}", soft_wrap=True)


def _quote_table(title: str, items: list[QuoteItem]) -> Table:
    table = Table(title=title, show_lines=True)
    for column in ("expert", "codes", "text"):
        table.add_column(column, overflow="fold")
    for q in items:
        table.add_row(f"{q.pseudonym}\n{q.profession or ''}", "\n".join(c.name for c in q.codes), q.text)
    return table


@app.command()
def quotes(
    study: Annotated[Optional[str], typer.Option(help="Study id.")] = None,
    theme: Annotated[Optional[str], typer.Option(help="Theme name or uid.")] = None,
    subtheme: Annotated[Optional[str], typer.Option(help="Sub-theme name or uid.")] = None,
    category: Annotated[Optional[str], typer.Option(help="benefit, gap, prerequisite, expectation or other.")] = None,
    profession: Annotated[Optional[str], typer.Option(help="Profession.")] = None,
    expert: Annotated[Optional[str], typer.Option(help="Expert uid or pseudonym.")] = None,
    attr: Annotated[Optional[list[str]], typer.Option(help="NAME:VALUE or NAME:LOW..HIGH, repeatable.")] = None,
    coder: Annotated[Optional[str], typer.Option(help="Only quotes this coder coded.")] = None,
    q: Annotated[Optional[str], typer.Option("--q", "--search", help="Words that must all occur.")] = None,
    limit: Annotated[int, typer.Option(help="Quotes per page (at most 500).")] = 50,
    cursor: Annotated[Optional[str], typer.Option(help="next_cursor of a previous page.")] = None,
    format: Annotated[OutFormat, typer.Option(help="table, csv, json or xlsx (with --out).")] = OutFormat.table,
    out_file: OutFile = None,
) -> None:
    """The quotes behind any count: filter by study, code, profession, expert, attribute or words."""
    try:
        query = QuoteQuery(study=study, theme=theme, subtheme=subtheme, category=category, profession=profession,
                           expert=expert, attrs=tuple(AttributeFilter.parse(a) for a in attr or []), coder=coder, q=q,
                           limit=limit, cursor=cursor)
    except ValidationError as exc:
        raise bad_option(exc) from None
    with opened_store() as store:
        page = store.quotes(query)
    if format is OutFormat.json:
        _json(page)
    elif format is OutFormat.csv:
        sys.stdout.write(to_csv(*quote_table(page.items)))
    elif format is OutFormat.xlsx:
        write_xlsx(out_file, "Quotes", *quote_table(page.items))
    else:
        out.print(_quote_table(f"{len(page.items)} of {page.total} quotes", page.items))
        if page.next_cursor:
            out.print(f"more: --cursor {page.next_cursor}", soft_wrap=True)


@app.command()
def experts(
    study: Annotated[Optional[str], typer.Option(help="Study id; every study's experts when left out.")] = None,
    profession: Annotated[Optional[str], typer.Option(help="Only this profession (any case).")] = None,
    format: Annotated[OutFormat, typer.Option(help="table, csv or json.")] = OutFormat.table,
) -> None:
    """The experts with their uids (what `expert UID` and `view expert:UID` take), professions and counts."""
    with opened_store() as store:
        found = store.experts(study, profession)
    names = sorted({k for e in found for k in e.attributes})
    _emit(found, format, f"{len(found)} experts",
          ["uid", "study", "pseudonym", "profession", "quotes", "codes", *names],
          [[e.uid, e.study, e.pseudonym, e.profession or "", e.quotes, e.codes,
            *(e.attributes.get(n, "") for n in names)] for e in found], whole=("uid",), table_columns=6)


@app.command()
def expert(
    uid: Annotated[str, typer.Argument(help="Expert uid, 'study:pseudonym'.", show_default=False)],
    format: Annotated[OutFormat, typer.Option(help="table, csv or json.")] = OutFormat.table,
) -> None:
    """What one expert said: attributes, themes and sub-themes with counts, quotes."""
    with opened_store() as store:
        profile = store.expert(uid)
    if format is OutFormat.json:
        _json(profile)
    elif format is OutFormat.csv:
        sys.stdout.write(to_csv(*quote_table(profile.quotes)))
    else:
        e = profile.expert
        out.print(f"[bold]{e.pseudonym}[/bold] ({e.profession or 'profession not recorded'}), study {e.study}")
        for key, value in e.attributes.items():
            out.print(f"  {key}: {value}")
        codes = Table(title="Codes raised")
        for column in ("code", "theme", "quotes"):
            codes.add_column(column, overflow="fold")
        for tally in profile.themes + profile.subthemes:
            codes.add_row(("" if tally.kind == "theme" else "  ") + tally.name, tally.theme, str(tally.quotes))
        out.print(codes)
        out.print(_quote_table("Quotes", profile.quotes))


@app.command()
def themes(
    study: Annotated[Optional[str], typer.Option(help="Study id; may be left out when one study is loaded.")] = None,
    by: Annotated[Optional[str], typer.Option(help="Split counts by 'profession' or an attribute.")] = None,
    format: Annotated[OutFormat, typer.Option(help="table, csv, json or xlsx (with --out).")] = OutFormat.table,
    out_file: OutFile = None,
) -> None:
    """The theme tree with experts and quotes at every node, and the codebook's shape."""
    with opened_store() as store:
        summary = study_summary(store, study)
        tree = store.themes(summary.uid, by)
    header, rows = theme_table(tree, by)
    if format is OutFormat.csv:
        rows = [[str(v).strip() for v in r] for r in rows]
    _emit(tree, format, "Themes", header, rows, out_file=out_file, xlsx=True)
    if format is OutFormat.table:
        out.print(codebook_shape(summary.themes, summary.subthemes, tree_depth(tree)), soft_wrap=True)


@app.command()
def cooccurrence(
    level: Annotated[str, typer.Option(help="subtheme (a flat codebook's themes) or theme.")] = "subtheme",
    unit: Annotated[str, typer.Option(help="expert or quote.")] = "expert",
    study: Annotated[Optional[str], typer.Option(help="Study id; may be left out when one study is loaded.")] = None,
    category: Annotated[Optional[str], typer.Option(help="Only codes of this category.")] = None,
    format: Annotated[OutFormat, typer.Option(help="table, csv, json or xlsx (with --out).")] = OutFormat.table,
    out_file: OutFile = None,
) -> None:
    """Which codes travel together: pairs by count of experts (or quotes) and Jaccard."""
    try:
        query = CooccurrenceQuery(level=level, unit=unit, study=study, category=category)
    except ValidationError as exc:
        raise bad_option(exc) from None
    with opened_store() as store:
        co = store.cooccurrence(query.model_copy(update={"study": resolve_study(store, study)}))
    _emit(co, format, f"{level_words(co.level).capitalize()} raised together (by {unit})",
          *cooccurrence_table(co, numbers=format is OutFormat.xlsx), out_file=out_file, xlsx=True)
    say_level_note(co.level_note, format)


@app.command()
def saturation(
    study: Annotated[Optional[str], typer.Option(help="Study id; may be left out when one study is loaded.")] = None,
    level: Annotated[str, typer.Option(help="subtheme (a flat codebook's themes) or theme.")] = "subtheme",
    format: Annotated[OutFormat, typer.Option(help="table, csv or json.")] = OutFormat.table,
) -> None:
    """New codes per successive interview, and the interview after which nothing new appeared."""
    if level not in ("subtheme", "theme"):
        raise bad_option(ValidationError.from_exception_data("level", [
            {"type": "literal_error", "loc": ("level",), "input": level, "ctx": {"expected": "'subtheme' or 'theme'"}}]))
    with opened_store() as store:
        s = store.saturation(resolve_study(store, study), level)
    _emit(s, format, f"Saturation, interviews in order of {s.order}",
          ["interview", "date", "experts", f"new {level_words(s.level)}", "cumulative"],
          [[st.name, st.date or "", " ".join(st.experts), "; ".join(st.new), st.cumulative] for st in s.steps])
    if format is OutFormat.table:
        if not s.steps:
            verdict = "no interview (source) in this study"
        elif not s.total_codes:
            verdict = "no quote is coded at this level"
        elif s.saturated_after:
            verdict = f"nothing new after {s.saturated_after}"
        else:
            verdict = "the last interview still brought something new: saturation not shown"
        out.print(f"{level_words(s.level, s.total_codes)} in {len(s.steps)} interviews; {verdict}", soft_wrap=True)
    say_level_note(s.level_note, format)


@app.command()
def concepts(
    study: Annotated[Optional[str], typer.Option(help="Study id; may be left out when one study is loaded.")] = None,
    by: Annotated[Optional[str], typer.Option(help="Split by 'profession', an attribute, 'subtheme' or 'theme'.")] = None,
    format: Annotated[OutFormat, typer.Option(help="table, csv or json.")] = OutFormat.table,
) -> None:
    """Concepts the experts mention (from the loaders' lexicon), most widely first."""
    with opened_store() as store:
        found = store.concepts(resolve_study(store, study), by)
    split = level_words(found[0].by_level)[:-1] if found and found[0].by_level else by
    header = ["concept", "experts", "quotes", *([f"by {split}"] if by else [])]
    rows = [[c.label, c.experts, c.quotes,
             *(["; ".join(f"{b.value} {b.experts}" for b in c.breakdown or [])] if by else [])] for c in found]
    _emit(found, format, "Concepts", header, rows)
