"""Read latency, p50/p95, per query case on a loaded store; the matrix also vs pandas.crosstab.

To measure a new read, add a `QueryCase` to `CASES`: a name, what it asks in words, and a
function of (store, Probe) that runs it once. A case whose store method is missing (an
older GraphStore) is reported as skipped, not failed, so the table shows what is pending.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.generate import GAP_THEME, ranked_codes
from bench.measure import loadavg, percentiles, repeat
from graph.naming import subtheme_uid, theme_uid
from graph.results import MatrixQuery

__all__ = ["STUDY", "Probe", "QueryCase", "CASES", "run_cases", "run_crosstab", "matrix_cells"]

STUDY = "bench"
RISKS = MatrixQuery(rows="profession", cols="subtheme", category="gap", measure="experts", study=STUDY)


@dataclass(frozen=True)
class Probe:
    """Things the cases ask about, the same on every store: the first expert, a gap code."""

    study: str = STUDY
    expert_uid: str = f"{STUDY}:E000001"
    profession: str = "psychiatrist"
    subtheme_uid: str = subtheme_uid(theme_uid(STUDY, GAP_THEME),
                                     next(sub for theme, sub in ranked_codes() if theme == GAP_THEME))


@dataclass(frozen=True)
class QueryCase:
    name: str
    asks: str
    needs: str  # the GraphStore method it calls; missing -> skipped
    run: Callable[[object, Probe], object]


def _quotes_page(store, probe: Probe, pages: int = 1) -> object:
    from graph.quotes import QuoteQuery

    query = QuoteQuery(study=probe.study, category="gap", profession=probe.profession, limit=50)
    page = store.quotes(query)
    for _ in range(pages - 1):
        if not page.next_cursor:
            break
        page = store.quotes(query.model_copy(update={"cursor": page.next_cursor}))
    return page


def _quotes_search(store, probe: Probe) -> object:
    from graph.quotes import QuoteQuery

    return store.quotes(QuoteQuery(study=probe.study, q="lithium dose", limit=50))


CASES: list[QueryCase] = [
    QueryCase("matrix", "rows=profession cols=subtheme category=gap measure=experts (the risks matrix)",
              "matrix", lambda s, p: s.matrix(RISKS)),
    QueryCase("matrix_themes_quotes", "rows=province cols=theme measure=quotes",
              "matrix", lambda s, p: s.matrix(MatrixQuery(rows="province", cols="theme", measure="quotes",
                                                          study=p.study))),
    QueryCase("themes", "the theme tree with experts and quotes counted at every node",
              "themes", lambda s, p: s.themes(p.study)),
    QueryCase("quotes_page", "first page (50) of gap quotes by psychiatrists, with total",
              "quotes", lambda s, p: _quotes_page(s, p)),
    QueryCase("quotes_page_3", "pages 1-3 of the same, following the cursor",
              "quotes", lambda s, p: _quotes_page(s, p, pages=3)),
    QueryCase("quotes_search", "first page of quotes containing the words 'lithium' and 'dose'",
              "quotes", lambda s, p: _quotes_search(s, p)),
    QueryCase("expert_profile", "one expert's attributes, codes with counts and quotes",
              "expert", lambda s, p: s.expert(p.expert_uid)),
    QueryCase("neighbourhood_expert", "depth 2 around one expert, limit 200",
              "neighborhood", lambda s, p: s.neighborhood(p.expert_uid, depth=2, limit=200)),
    QueryCase("neighbourhood_code", "depth 1 around the most used gap sub-theme, limit 200",
              "neighborhood", lambda s, p: s.neighborhood(p.subtheme_uid, depth=1, limit=200)),
]


def run_cases(store, store_name: str, size: int, *, budget_s: float, max_n: int,
              cases: list[QueryCase] | None = None) -> list[dict]:
    """One result row per case: p50/p95 over repeated calls, or why it was skipped or failed."""
    rows = []
    probe = Probe()
    for case in cases or CASES:
        row = {"size": size, "store": store_name, "case": case.name, "asks": case.asks, "load_before": loadavg()}
        if not callable(getattr(store, case.needs, None)):
            rows.append({**row, "skipped": f"{type(store).__name__} has no {case.needs}() yet"})
            continue
        try:
            first = time.perf_counter()
            case.run(store, probe)
            row["first_ms"] = round((time.perf_counter() - first) * 1000, 3)
            slow = row["first_ms"] > 2000  # a read of seconds: fewer samples, and say so (n)
            row.update(percentiles(repeat(lambda c=case: c.run(store, probe), warmup=0, min_n=3 if slow else 5,
                                          max_n=max_n, budget_s=budget_s)))
        except Exception as exc:  # a read that fails is a finding to report, not a crash
            row["error"] = f"{type(exc).__name__}: {str(exc)[:300]}"
        rows.append(row)
    return rows


def matrix_cells(matrix) -> dict[tuple[str, str], int]:
    """A matrix's non-zero cells by (row, column) name: order-free, for comparing answers."""
    return {(r, c): v for r, line in zip(matrix.rows, matrix.cells) for c, v in zip(matrix.cols, line) if v}


def run_crosstab(csv_path: Path, size: int, *, budget_s: float, max_n: int,
                 expected: dict[tuple[str, str], int] | None) -> dict:
    """The analyst's way: pandas.crosstab of distinct experts by profession x gap sub-theme."""
    row = {"size": size, "store": "pandas", "case": "matrix",
           "asks": "pandas.crosstab(profession, subtheme, values=expert, aggfunc='nunique') on gap rows"}
    try:
        import pandas as pd
    except ImportError:
        return {**row, "skipped": "pandas is not installed (pip install -e '.[bench]')"}
    started = time.perf_counter()
    df = pd.read_csv(csv_path)
    row["read_csv_ms"] = round((time.perf_counter() - started) * 1000, 1)

    def crosstab():
        gap = df[df["theme"] == GAP_THEME]
        return pd.crosstab(gap["profession"], gap["subtheme"], values=gap["expert"], aggfunc="nunique")

    first = time.perf_counter()
    table = crosstab()
    row["first_ms"] = round((time.perf_counter() - first) * 1000, 3)
    row.update(percentiles(repeat(crosstab, warmup=0, min_n=5, max_n=max_n, budget_s=budget_s)))
    got = {(r, c): int(v) for (r, c), v in table.stack().items() if v == v and v}
    if expected is not None:
        row["agrees_with_store"] = got == expected
    return row
