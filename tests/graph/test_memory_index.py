"""The embedded store's per-graph index: exact for quotes said by several experts, and
replaced with the graph on every write."""

from __future__ import annotations

from pathlib import Path

from graph.results import Matrix, MatrixQuery
from graph.stores.memory import MemoryStore
from loaders.pipeline import LoadOptions, load_paths
from tests.factories import GAP, write_csv

HEADER = ["expert", "profession", "province", "source", "theme", "subtheme", "text"]
RISKS = MatrixQuery(rows="profession", cols="subtheme", category="gap", measure="experts", study="s1")


def cells(m: Matrix) -> dict[tuple[str, str], int]:
    return {(r, c): v for r, line in zip(m.rows, m.cells) for c, v in zip(m.cols, line) if v}


def load(store: MemoryStore, path: Path) -> None:
    load_paths(store, [path], LoadOptions(study="s1", codebook="reference"))


def test_a_quote_said_by_two_experts_counts_for_both(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "store")
    # the same segment of the same source, loaded again from a file naming another speaker
    load(store, write_csv(tmp_path / "a.csv", [
        ["A1", "psychiatrist", "Hunan", "Panel", GAP, "User risk", "We all worry about doses."],
        ["A2", "mental health nurse", "Sichuan", "Ward", GAP, "Misleading information", "It is often wrong."],
    ], HEADER))
    assert cells(store.matrix(RISKS)) == {("psychiatrist", "User risk"): 1,
                                          ("mental health nurse", "Misleading information"): 1}
    load(store, write_csv(tmp_path / "b.csv", [
        ["B1", "mental health nurse", "Hunan", "Panel", GAP, "Misleading information", "We all worry about doses."],
    ], HEADER))

    by_experts = store.matrix(RISKS)
    assert cells(by_experts) == {("psychiatrist", "User risk"): 1, ("psychiatrist", "Misleading information"): 1,
                                 ("mental health nurse", "User risk"): 1,
                                 ("mental health nurse", "Misleading information"): 2}
    assert (by_experts.row_totals, by_experts.n_quotes) == ([2, 1], 2)

    by_quotes = store.matrix(RISKS.model_copy(update={"measure": "quotes"}))
    assert cells(by_quotes) == {("psychiatrist", "User risk"): 1, ("psychiatrist", "Misleading information"): 1,
                                ("mental health nurse", "User risk"): 1,
                                ("mental health nurse", "Misleading information"): 2}
    assert {c: n for c, n in zip(by_quotes.cols, by_quotes.col_totals) if n} == {"User risk": 1,
                                                                                "Misleading information": 2}
    assert (by_quotes.row_totals, by_quotes.n_quotes) == ([2, 1], 2)


def test_kept_results_with_a_weight_are_bounded_by_their_total_weight() -> None:
    import networkx as nx

    from graph.stores.memory.index import GraphIndex

    ix, computed = GraphIndex(nx.MultiDiGraph()), []

    def keep(key: str, n: int) -> list[int]:
        return ix.kept("matches", key, lambda: computed.append(key) or list(range(n)), most=10, weight=len)

    keep("a", 4), keep("b", 5), keep("a", 4), keep("b", 5)
    assert computed == ["a", "b"]  # 9 of 10: both kept
    keep("c", 3)  # 12 > 10: the others are dropped for it
    keep("c", 3), keep("a", 4)
    assert computed == ["a", "b", "c", "a"]
    assert keep("big", 11) == list(range(11)) and keep("big", 11) == list(range(11))  # never kept: over the bound
    assert computed[-2:] == ["big", "big"]
