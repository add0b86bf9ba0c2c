"""Coders and intercoder agreement on both stores: a double-coded REFI project loads with its
coders, and kappa and alpha per code equal scikit-learn's and the krippendorff package's on
per-character arrays built here from the project's own selections."""

from __future__ import annotations

import json
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from fastapi.testclient import TestClient
from sklearn.metrics import cohen_kappa_score

from api.app import create_app
from api.settings import Settings
from graph.agreement.report import Agreement, SegmentAgreement, study_agreement
from graph.errors import BadInput
from graph.quotes import QuoteQuery
from graph.store import GraphStore
from loaders.pipeline import LoadOptions, load_paths
from tests.factories import write_csv
from tests.loaders.refi_builder import Code, Coding, Project, Selection, Source, guid

ONE = "Nurses worry that lonely patients will talk to the chatbot all night. " * 3 + "🙂 The end."
TWO = "Psychiatrists say the model invents doses. It sounds sure of itself. " * 4
THREE = "An interview nobody coded at all."


def double_coded(tmp_path: Path) -> tuple[Path, dict[str, dict[str, list[tuple[str, int, int]]]]]:
    """Alice and Bob code two texts with two codes (a third text is left uncoded); Carol codes one
    segment. Returns the project and coder -> code name -> [(source, start, end)]."""
    risk, doses = Code("User risk"), Code("Misleading information")
    gap = Code("Technological-mental health gap", [risk, doses])
    alice, bob, carol = guid(), guid(), guid()
    plan = {
        ("one", risk.guid): {alice: [(0, 70), (100, 150)], bob: [(5, 70), (140, 160)]},
        ("one", doses.guid): {alice: [(200, 215)]},
        ("two", doses.guid): {alice: [(0, 44), (50, 69)], bob: [(0, 44)], carol: [(0, 20)]},
        ("two", risk.guid): {bob: [(100, 140)]},
    }
    sels: dict[str, list[Selection]] = {"one": [], "two": []}
    for (src, code), by in plan.items():
        for user, ranges in by.items():
            sels[src] += [Selection(s, e, [Coding(code, user)]) for s, e in ranges]
    project = Project(codes=[gap], users={alice: "Alice", bob: "Bob", carol: "Carol"}, origin="QualCoder 3.5",
                      sources=[Source("one.txt", ONE, sels["one"]), Source("two.txt", TWO, sels["two"]),
                               Source("three.txt", THREE)])
    names = {alice: "Alice", bob: "Bob", carol: "Carol"}
    code_names = {risk.guid: "User risk", doses.guid: "Misleading information"}
    expected: dict[str, dict[str, list[tuple[str, int, int]]]] = {}
    for (src, code), by in plan.items():
        for user, ranges in by.items():
            expected.setdefault(names[user], {}).setdefault(code_names[code], []).extend((src, s, e) for s, e in ranges)
    return project.write_qdpx(tmp_path / "double.qdpx"), expected


def characters(selections: list[tuple[str, int, int]]) -> np.ndarray:
    """The reference: the three texts one after the other, one 0/1 per character."""
    texts = {"one": ONE, "two": TWO, "three": THREE}
    parts = []
    for name, text in texts.items():
        part = np.zeros(len(text), dtype=int)
        for src, s, e in selections:
            if src == name:
                part[s:e] = 1
        parts.append(part)
    return np.concatenate(parts)


@pytest.fixture
def loaded(store: GraphStore, tmp_path: Path) -> dict:
    path, expected = double_coded(tmp_path)
    load_paths(store, [path], LoadOptions(study="dc", concepts=False))
    return expected


def test_coders_are_nodes_of_the_study_and_codings_keep_every_coder(store: GraphStore, loaded: dict) -> None:
    dump = store.dump()
    coders = {p["name"]: n for n, p in dump.nodes if n.startswith("Coder|")}
    assert sorted(coders) == ["Alice", "Bob", "Carol"]
    assert {(a, b) for a, t, b, _ in dump.edges if t == "IN_STUDY" and a.startswith("Coder|")} == {
        (n, "Study|dc") for n in coders.values()}
    both = [p["coders"] for _, t, _, p in dump.edges if t == "CODED_AS" and len(p.get("coders", [])) > 1]
    assert both == [["Alice", "Bob"]]  # (0, 44) of two.txt, one quote coded by both
    spans = store.coded_spans("dc")
    assert {s.name: s.length for s in spans.sources} == {"one.txt": len(ONE), "two.txt": len(TWO),
                                                        "three.txt": len(THREE)}


def test_quotes_filter_by_coder(store: GraphStore, loaded: dict) -> None:
    bob = store.quotes(QuoteQuery(study="dc", coder="Bob", limit=100))
    assert bob.total == sum(len(r) for r in loaded["Bob"].values())
    carol = store.quotes(QuoteQuery(study="dc", coder="Carol", subtheme="Misleading information"))
    assert [(q.source, q.start, q.end) for q in carol.items] == [("two.txt", 0, 20)]
    assert store.quotes(QuoteQuery(study="dc", coder="Nobody")).total == 0


def test_kappa_and_alpha_per_code_equal_independent_computations(store: GraphStore, loaded: dict) -> None:
    answer = study_agreement(store, "dc", ["Alice", "Bob"])
    assert isinstance(answer, Agreement)
    assert answer.coders == ["Alice", "Bob"] and answer.unit == "character"
    assert [c.code for c in answer.codes] == ["User risk", "Misleading information"]
    pooled_a, pooled_b = [], []
    for c in answer.codes:
        a, b = characters(loaded["Alice"].get(c.code, [])), characters(loaded["Bob"].get(c.code, []))
        pooled_a.append(a)
        pooled_b.append(b)
        assert c.units == len(ONE) + len(TWO) + len(THREE) == len(a)
        assert c.percent_agreement == pytest.approx(100 * np.mean(a == b))
        assert c.kappa == pytest.approx(cohen_kappa_score(a, b))
        assert c.alpha == pytest.approx(krippendorff.alpha(reliability_data=[a, b], level_of_measurement="nominal"))
    a, b = np.concatenate(pooled_a), np.concatenate(pooled_b)
    assert answer.overall.units == len(a)
    assert answer.overall.kappa == pytest.approx(cohen_kappa_score(a, b))
    assert answer.overall.alpha == pytest.approx(krippendorff.alpha(reliability_data=[a, b],
                                                                    level_of_measurement="nominal"))


def test_coders_must_be_two_of_the_study(store: GraphStore, loaded: dict, tmp_path: Path) -> None:
    with pytest.raises(BadInput, match=r"has 3 coder\(s\) \('Alice', 'Bob', 'Carol'\).*--coders A,B"):
        study_agreement(store, "dc")
    with pytest.raises(BadInput, match="no coder 'Dora'"):
        study_agreement(store, "dc", ["Alice", "Dora"])
    header = ["expert", "profession", "theme", "subtheme", "text", "coder"]
    rows = [["P1", "nurse", "Gap", "Risk", "A worry.", "Ann"]]
    load_paths(store, [write_csv(tmp_path / "one.csv", rows, header)], LoadOptions(study="one", concepts=False))
    with pytest.raises(BadInput, match=r"has 1 coder\(s\) \('Ann'\); agreement needs the codings of two coders"):
        study_agreement(store, "one")


def test_segment_view_counts_matched_segments(store: GraphStore, loaded: dict) -> None:
    answer = study_agreement(store, "dc", ["Alice", "Carol"], unit="segment", threshold=0.4)
    assert isinstance(answer, SegmentAgreement)
    (doses,) = [c for c in answer.codes if c.code == "Misleading information"]
    # Alice: (200, 215) of one, (0, 44) and (50, 69) of two; Carol's (0, 20) overlaps (0, 44) by 20/44
    assert doses.segments == [3, 1] and doses.matched == [1, 1]
    assert doses.percent_agreement == pytest.approx(50.0)
    strict = study_agreement(store, "dc", ["Alice", "Carol"], unit="segment", threshold=0.5)
    assert [c.matched for c in strict.codes if c.code == "Misleading information"] == [[0, 0]]


def test_table_exports_are_refused_for_character_units(store: GraphStore, tmp_path: Path) -> None:
    header = ["expert", "profession", "theme", "subtheme", "text", "coder"]
    rows = [["P1", "nurse", "Gap", "Risk", "A worry.", "Ann"], ["P1", "nurse", "Gap", "Risk", "A worry.", "Ben"]]
    load_paths(store, [write_csv(tmp_path / "t.csv", rows, header)], LoadOptions(study="tab", concepts=False))
    with pytest.raises(BadInput, match=r"1 source\(s\) have no known length \('Interview P1'\).*--unit segment"):
        study_agreement(store, "tab")
    seg = study_agreement(store, "tab", unit="segment")
    assert seg.overall.matched == [1, 1] and seg.overall.percent_agreement == 100.0


def test_cli_and_http_give_the_issue_shape(store: GraphStore, loaded: dict, cli, tmp_path: Path) -> None:
    with TestClient(create_app(Settings(store="memory"), store=store)) as client:
        r = client.get("/v1/agreement", params={"study": "dc", "coders": "Alice,Bob"})
        assert r.status_code == 200
        body = r.json()
        assert list(body)[:3] == ["unit", "study", "coders"] and body["unit"] == "character"
        assert {"code", "uid", "percent_agreement", "kappa", "alpha", "units"} <= set(body["codes"][0])
        assert body["overall"]["units"] == 2 * (len(ONE) + len(TWO) + len(THREE))
        csv_text = client.get("/v1/agreement", params={"study": "dc", "coders": "Alice,Bob", "format": "csv"}).text
        assert csv_text.splitlines()[0].startswith("code,uid,percent_agreement,kappa,alpha")
        problem = client.get("/v1/agreement", params={"study": "dc"})
        assert problem.status_code == 400 and "coders" in problem.json()["detail"]
    if store.name == "memory":  # the command line opens its own embedded store
        path, _ = double_coded(tmp_path)
        assert cli("load", str(path), "--study", "dc")[0] == 0
        status, out, _ = cli("agreement", "--study", "dc", "--coders", "Alice,Bob", "--format", "json")
        assert status == 0
        strip = lambda codes: [{k: v for k, v in c.items() if k != "uid"} for c in codes]  # noqa: E731  (new guids)
        assert strip(json.loads(out)["codes"]) == strip(body["codes"])
        status, _, err = cli("agreement", "--study", "dc")
        assert status == 2 and "--coders A,B" in err
