"""A word search finds a Latin word written against Chinese, as a word of its own, in both stores."""

from __future__ import annotations

from pathlib import Path

from graph.quotes import QuoteQuery, all_quotes
from loaders.pipeline import LoadOptions, load_paths
from tests.factories import GAP, write_csv

TEXTS = ["我们用GPT做诊断。", "GPT-4 writes notes.", "诊断很难。", "模型abc中文", "It's a GPTs thing."]


def test_latin_words_against_chinese_are_words(store, tmp_path: Path) -> None:
    rows = [[f"P{i}", "psychiatrist", "Hunan", GAP, "User risk", t] for i, t in enumerate(TEXTS)]
    load_paths(store, [write_csv(tmp_path / "mixed.csv", rows)], LoadOptions(study="mixed", codebook="reference"))

    def found(q: str) -> set[str]:
        return {i.text for i in all_quotes(store, QuoteQuery(q=q))}

    assert found("GPT") == {TEXTS[0], TEXTS[1]}  # not 'GPTs'
    assert found("gpt 诊断") == {TEXTS[0]}
    assert found("诊断") == {TEXTS[0], TEXTS[2]}
    assert found("abc") == found("中文") == found("abc中文") == {TEXTS[3]}
