"""Loader-side trust fixes of issue #15: mapping mistakes name their columns, ids mean what they
say, unnamed REFI sources keep their file name, non-text cases are not experts, and Latin text
that is not English is neither tagged English nor matched against the English lexicon."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.errors import BadInput
from graph.store import GraphStore
from loaders.enrich import EnrichOptions, enrich_batch
from loaders.enrich.language import detect_language
from loaders.pipeline import LoadOptions, load_paths
from tests.loaders import graph_facts as facts
from tests.loaders.refi_builder import Case, Code, Coding, Project, Selection, Source, span
from tests.loaders.test_tool_exports import write_csv

ROWS = [["Participant", "Excerpt", "Code", "Coding ID", "Start", "Town"],
        ["X1", "Hard to trust.", "Risks", "c1", "10", "Hunan"],
        ["X1", "Hard to trust.", "Trust", "c2", "10", "Hunan"],
        ["X1", "Saves time.", "Benefits", "c3", "40", "Hunan"]]


def test_a_mapping_that_forgets_attributes_names_the_columns(store: GraphStore, tmp_path: Path) -> None:
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"expert": "Participant", "text": "Excerpt", "code": "Code"}), "utf-8")
    with pytest.raises(BadInput, match=r"other\.csv:3: expert 'X1' has other values than on .*other\.csv:2 in "
                                       r"column 'Coding ID'; .*`attributes: \[\]` none"):
        load_paths(store, [write_csv(tmp_path / "other.csv", ROWS)], LoadOptions(study="s", mapping=mapping))
    assert store.stats().quotes == 0


def test_a_coding_id_never_splits_a_quote_and_a_quote_id_does(store: GraphStore, tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text("expert: Participant\ntext: Excerpt\ncode: Code\nid: Coding ID\nattributes: [Town]\n", "utf-8")
    (report,) = load_paths(store, [write_csv(tmp_path / "a.csv", ROWS)], LoadOptions(study="s", mapping=mapping))
    assert (report.quotes, report.codings) == (2, 3)
    assert facts.experts(store)["X1"] == {"profession": None, "Town": "Hunan"}
    mapping.write_text("expert: Participant\ntext: Excerpt\ncode: Code\nquote_id: Coding ID\nattributes: []\n",
                       "utf-8")
    (split,) = load_paths(store, [write_csv(tmp_path / "b.csv", ROWS)], LoadOptions(study="t", mapping=mapping))
    assert (split.quotes, split.codings) == (3, 3)  # the user said each row is its own quotation


@pytest.mark.parametrize(("tag", "kind"), [("PDFSource", "PDF"), ("AudioSource", "audio"), ("VideoSource", "video")])
def test_unnamed_sources_take_their_file_name_and_non_text_cases_are_not_experts(store: GraphStore, tmp_path: Path,
                                                                                 tag: str, kind: str) -> None:
    text = "I trust it. I do not."
    code = Code("Trust")
    src = Source("", text, [Selection(*span(text, "I trust it."), [Coding(code.guid)])],
                 rich_path="internal://Interview 07.docx")
    unnamed = Source("", "Plain words.", [Selection(0, 12, [Coding(code.guid)])])  # only a guid file: its guid
    other = "0000aaaa-0000-0000-0000-000000000001"
    project = Project([code], [src, unnamed], cases=[Case("Brochure reader", sources=[other])],
                      other_sources=[(tag, 2, other)])
    (report,) = load_paths(store, [project.write_qdpx(tmp_path / "p.qdpx")], LoadOptions(study="s"))
    assert set(facts.experts(store)) == {"Interview 07", unnamed.guid}
    assert {q.source for q in facts.quotes(store)} == {"Interview 07.docx", unnamed.guid}
    assert report.skipped == {"cases of non-text sources only": 1, f"{kind} codings": 2}
    assert any("name only PDF, picture, audio or video sources" in w for w in report.warnings)


def test_refi_code_sets_group_a_flat_tree_into_themes(store: GraphStore, tmp_path: Path) -> None:
    text = "Steep stairs. Fine here."
    far, safe = Code("Far away"), Code("Safe")
    src = Source("Site A.txt", text, [Selection(*span(text, "Steep stairs."), [Coding(far.guid)]),
                                      Selection(*span(text, "Fine here."), [Coding(safe.guid)])])
    project = Project([far, safe], [src], code_sets={"Risk": [far.guid], "Place": [far.guid, safe.guid]})
    (report,) = load_paths(store, [project.write_qdpx(tmp_path / "g.qdpx")], LoadOptions(study="s"))
    assert {t.name: sorted(c.name for c in t.children) for t in store.themes("s")} == {
        "Risk": ["Far away"], "Place": ["Far away", "Safe"]}
    assert report.codings == 3  # 'Far away' counts under both of its groups


@pytest.mark.parametrize(("text", "language"), [
    ("Aí eu falei que não dá para usar a inteligência.", "unknown"),
    ("Nem tudom, hogy mi lesz a betegekkel.", "unknown"),
    ("Die Ärzte haben keine Zeit dafür.", "unknown"),
    ("The patient said it helps with the notes.", "en"),
    ("AI hallucinations", "en"),
    ("我们用ChatGPT写病历", "zh"),
])
def test_language_is_unknown_rather_than_wrong(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_concepts_only_in_languages_the_lexicon_covers() -> None:
    from graph.model import GraphBatch, Quote, Study

    quotes = [Quote("q1", "s", "s:a", "s:src", "Aí a gente usa a IA para tudo."),
              Quote("q2", "s", "s:a", "s:src", "We use AI for everything.")]
    batch, report = enrich_batch(GraphBatch(study=Study("s", "s"), quotes=quotes), EnrichOptions())
    assert {m.quote for m in batch.mentions if m.concept == "artificial intelligence"} == {"q2"}
    assert report.languages == {"unknown": 1, "en": 1}


def test_a_split_that_disagrees_with_number_of_codes_names_file_row_and_reason(store: GraphStore,
                                                                               tmp_path: Path) -> None:
    from tests.loaders.test_tool_exports import ATLAS_HEADER, CODE_MANAGER, atlas_row

    codes = write_csv(tmp_path / "codes.csv", CODE_MANAGER)
    good = atlas_row("1:1", "Fine words.", "Site A", "Safe", "1")
    for cell, count, reason in (
            ("Extensive, Non-local Unsafe, Safe", "3", r"the 'Codes' cell names 2 known code\(s\) \('Extensive, "
                                                       r"Non-local Unsafe', 'Safe'\) but 'Number of Codes' says 3"),
            ("Safe", "2", r"the 'Codes' cell names 1 code\(s\) but 'Number of Codes' says 2"),
            ("Safe, Risky", "1", r"theme 'Safe, Risky' is not in study 's''s codebook")):
        quotations = write_csv(tmp_path / "quotations.csv", [ATLAS_HEADER, good,
                                                             atlas_row("1:2", "Bad words.", "Site A", cell, count)])
        with pytest.raises(BadInput, match=r"quotations\.csv:3: " + reason):
            load_paths(store, [quotations], LoadOptions(study="s", codebook=str(codes)))
        assert store.stats().studies == 0  # nothing written, not even the codebook
    bad = write_csv(tmp_path / "q2.csv", [ATLAS_HEADER, atlas_row("2:1", "Some words.", "D", "Safe", "two")])
    with pytest.raises(BadInput, match=r"q2\.csv:2: 'Number of Codes' is 'two', not a number"):
        load_paths(store, [bad], LoadOptions(study="s"))
    assert store.stats().studies == 0


def test_the_same_label_in_two_files_is_two_people_and_an_attributes_table_names_them(store: GraphStore,
                                                                                      tmp_path: Path) -> None:
    rows = [["File", "Coder", "Coded", "Id", "Codename", "Coded_Memo", "Category"],
            ["Grupo 1.docx", "ana", "P10: Falta luz.", "ctid:1", "Moradia", "", ""],
            ["Grupo 1.docx", "ana", "P2: Falta água.", "ctid:2", "Moradia", "", ""],
            ["Grupo 2.docx", "ana", "P2: Tem ônibus.", "ctid:3", "Transporte", "", ""],
            ["Grupo 1.docx", "ana", "P1: É longe.", "ctid:4", "Transporte", "", ""]]
    (report,) = load_paths(store, [write_csv(tmp_path / "coded.csv", rows)], LoadOptions(study="s", speakers=""))
    # natural order, where the loader decides it: P1, P2, P10, not P1, P10, P2
    assert list(report.speakers or {}) == ["P1 (Grupo 1.docx)", "P2 (Grupo 1.docx)", "P2 (Grupo 2.docx)",
                                           "P10 (Grupo 1.docx)"]
    assert report.without_speaker == 0
    table = write_csv(tmp_path / "people.csv", [["Expert", "Occupation"], ["P2 (Grupo 2.docx)", "driver"]])
    load_paths(store, [table], LoadOptions(study="s"))
    people = facts.experts(store)
    assert people["P2 (Grupo 2.docx)"]["profession"] == "driver" and people["P2 (Grupo 1.docx)"]["profession"] is None


def test_sources_without_a_case_are_listed_in_natural_order(store: GraphStore, tmp_path: Path) -> None:
    code = Code("Trust")
    sources = [Source(f"P{n}.txt", "Words here.", [Selection(0, 11, [Coding(code.guid)])]) for n in (10, 2, 1)]
    (report,) = load_paths(store, [Project([code], sources).write_qdpx(tmp_path / "n.qdpx")], LoadOptions(study="s"))
    assert any("('P1', 'P2', 'P10')" in w for w in report.warnings), report.warnings


def test_natural_key_orders_numbers_by_value() -> None:
    from graph.naming import natural_key

    names = ["P10", "p2", "Interview 10", "P1", "Interview 9", "M", "P2 (Grupo 10)", "P2 (Grupo 2)"]
    assert sorted(names, key=natural_key) == ["Interview 9", "Interview 10", "M", "P1", "P2 (Grupo 2)",
                                              "P2 (Grupo 10)", "P10", "p2"]
