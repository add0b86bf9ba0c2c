"""Sub-theme suggestions: learnt from coded quotes with a fixed seed, cross-validated against a
majority baseline, never written unless accepted; the command and the endpoint."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli.main import main
from api.settings import Settings
from graph.errors import BadInput, NotFound
from graph.quotes import QuoteQuery
from graph.stores.memory import MemoryStore
from loaders.enrich.suggest import study_suggester, training_set
from loaders.enrich.textcat import score_texts, train_textcat
from loaders.pipeline import LoadOptions, load_paths
from tests.enrich.generated import HEADER, generated_rows
from tests.factories import write_csv

STUDY = "gen"
HELD_OUT = ["The chatbot invents doses and gives wrong answers.", "我们需要培训课程和数字素养。",
            "Discharge summaries take half the time now; it saves time."]


def _load(store, tmp_path: Path, n: int = 120) -> None:
    path = write_csv(tmp_path / "coded.csv", generated_rows(n), HEADER)
    load_paths(store, [path], LoadOptions(study=STUDY, codebook="reference"))


@pytest.fixture
def coded(tmp_path: Path) -> MemoryStore:
    store = MemoryStore(tmp_path / "data")
    _load(store, tmp_path)
    return store


def test_f1_well_above_the_majority_baseline_and_deterministic(coded: MemoryStore) -> None:
    ts = training_set(coded, STUDY)
    assert len(ts.texts) == 120 and len(ts.names) == 4
    e = study_suggester(coded, STUDY).evaluation()
    assert e.folds == 5 and e.quotes == 120
    assert e.macro_f1 >= 0.8 and e.macro_f1 - e.baseline_macro_f1 >= 0.5
    assert e.micro_f1 - e.baseline_micro_f1 >= 0.3
    twice = [score_texts(train_textcat(ts.texts, ts.labels, ts.label_names, seed=0), HELD_OUT) for _ in range(2)]
    assert twice[0] == twice[1]


def test_suggestions_on_held_out_text(coded: MemoryStore) -> None:
    found = study_suggester(coded, STUDY).suggest(HELD_OUT, top=1, threshold=0.0)
    assert [(s.index, s.subtheme, s.kind) for s in found] == [
        (0, "Misleading information", "suggestion"), (1, "Training and competence", "suggestion"),
        (2, "Improvement in work efficiency and quality", "suggestion")]
    assert all(0 <= s.score <= 1 for s in found)


def test_too_little_to_learn_from_and_unknown_study(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "data")
    _load(store, tmp_path, n=6)
    with pytest.raises(BadInput, match="at least 10 coded quotes"):
        study_suggester(store, STUDY)
    with pytest.raises(NotFound):
        study_suggester(store, "nope")


def _cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["--store", "memory", "--data-dir", str(tmp_path / "data"), *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_command_prints_scores_and_f1_and_writes_nothing(coded: MemoryStore, tmp_path: Path, capsys) -> None:
    text = tmp_path / "uncoded.txt"
    text.write_text("\n".join(HELD_OUT) + "\n\n", encoding="utf-8")
    before = coded.stats()
    status, out, _ = _cli(tmp_path, capsys, "suggest", str(text), "--study", STUDY)
    assert status == 0
    assert "Misleading information" in out and "suggestions, not codings" in out
    assert "macro F1" in out and "majority baseline" in out
    status, out, _ = _cli(tmp_path, capsys, "suggest", str(text), "--format", "json", "--top", "1")
    report = json.loads(out)
    assert status == 0 and report["kind"] == "suggestion" and report["study"] == STUDY
    assert report["evaluation"]["macro_f1"] > report["evaluation"]["baseline_macro_f1"]
    assert MemoryStore(tmp_path / "data").stats() == before


def test_accept_needs_an_expert_then_loads_codings(coded: MemoryStore, tmp_path: Path, capsys) -> None:
    text = tmp_path / "uncoded.txt"
    text.write_text(HELD_OUT[0] + "\n", encoding="utf-8")
    status, _, err = _cli(tmp_path, capsys, "suggest", str(text), "--study", STUDY, "--accept")
    assert status == 2 and "uncoded.txt:1" in err and "expert" in err
    table = tmp_path / "uncoded.csv"
    with open(table, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["expert", "profession", "text"], ["N1", "psychiatrist", HELD_OUT[0]]])
    kept = tmp_path / "accepted.csv"
    status, out, _ = _cli(tmp_path, capsys, "suggest", str(table), "--study", STUDY, "--top", "1", "--out",
                          str(kept), "--accept")
    assert status == 0 and "accepted: 1 codings" in out
    with open(kept, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["expert"], r["subtheme"], r["coder"]) for r in rows] == [
        ("N1", "Misleading information", "themegraph-suggest")]
    [quote] = MemoryStore(tmp_path / "data").quotes(QuoteQuery(study=STUDY, expert="N1")).items
    assert [c.name for c in quote.codes] == ["Misleading information"]


def test_endpoint_suggests_and_writes_nothing(coded: MemoryStore) -> None:
    before = coded.stats()
    with TestClient(create_app(Settings(store="memory"), store=coded)) as client:
        r = client.post("/v1/suggest", json={"study": STUDY, "texts": HELD_OUT, "top": 1})
        assert r.status_code == 200
        body = r.json()
        assert body["kind"] == "suggestion" and "not codings" in body["note"]
        assert {s["kind"] for s in body["suggestions"]} == {"suggestion"}
        assert body["evaluation"]["macro_f1"] > body["evaluation"]["baseline_macro_f1"]
        assert client.post("/v1/suggest", json={"study": "nope", "texts": ["x"]}).status_code == 404
        assert client.post("/v1/suggest", json={"study": STUDY, "texts": []}).status_code == 422
    assert coded.stats() == before
