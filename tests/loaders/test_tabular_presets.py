"""One header fixture per QDA tool's tabular export, a mapping file for any other layout, and
an attributes table that joins onto experts already loaded; CSV and XLSX alike."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from graph.errors import BadInput
from graph.memory_store import MemoryStore
from loaders.pipeline import LoadOptions, load_paths
from tests.loaders import graph_facts as facts


def write(path: Path, rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


MAXQDA = [
    ["Color", "Document group", "Document name", "Code", "Beginning", "End", "Weight score", "Segment", "Comment",
     "Created by", "Created", "Area", "Coverage %", "Profession", "Province"],
    ["#ff0000", "Nurses", "N01", "Risks > Data > Leaks", "3", "3", "0", "Records may leak.", "", "Li", "2024-03-01",
     "17", "2.1", "nurse", "Hunan"],
    ["#ff0000", "Nurses", "N01", "Risks > Bias", "3", "3", "0", "Records may leak.", "", "Li", "2024-03-01", "17",
     "2.1", "nurse", "Hunan"],
    ["#00ff00", "Doctors", "D01", "Benefits", "5", "6", "0", "It saves time.", "", "Wang", "2024-03-02", "14", "1.0",
     "psychiatrist", "Sichuan"],
]
ATLASTI = [
    ["ID", "Quotation Name", "Document", "Document Groups", "Codes", "Quotation Content", "Comment", "Created by",
     "Created"],
    ["1:1", "Records may…", "N01", "gender: female\nprofession: nurse", "Risks\nPrivacy", "Records may leak.", "",
     "Li", "2024-03-01"],
    ["1:2", "Records may…", "N01", "gender: female\nprofession: nurse", "Risks", "Records may leak.", "", "Li",
     "2024-03-01"],
    ["2:1", "It saves…", "D01", "gender: male", "Benefits", "It saves time.", "", "Wang", "2024-03-02"],
]
NVIVO = [
    ["Hierarchical Name", "File", "Aggregate", "Classification", "Coverage", "Reference Number", "Coded By Initials",
     "Modified On", "Coded Text"],
    ["Codes\\\\Risks\\\\Data", "N01", "No", "Person", "0.02", "1", "LI", "2024-03-01", "Records may leak."],
    ["Codes\\\\Benefits", "D01", "No", "Person", "0.01", "1", "WA", "2024-03-02", "It saves time."],
]
QUALCODER = [
    ["File/case", "Coder", "Coded", "Id", "Codename", "Coded_Memo", "Category", "Category", "FileVar_Site",
     "CaseVar_Profession"],
    ["N01", "li", "Records may leak.", "ctid:1", "Leaks", "", "Data", "Risks", "Changsha", "nurse"],
    ["N01", "wang", "Records may leak.", "ctid:2", "Leaks", "", "Data", "Risks", "Changsha", "nurse"],
    ["D01", "wang", "It saves time.", "ctid:3", "Benefits", "", "", "", "Wuhan", "psychiatrist"],
    ["D01", "wang", "image", "imid:4", "Benefits", "", "", "", "Wuhan", "psychiatrist"],
]
TAGUETTE = [
    ["id", "document", "tag", "content"],
    ["11", "N01", "Risks", "Records may leak."],
    ["11", "N01", "Privacy", "Records may leak."],
    ["12", "D01", "Benefits", "It saves time."],
    ["13", "D01", "", "Untagged words."],
]


def load(tmp_path: Path, path: Path, **options) -> tuple[MemoryStore, object]:
    store = MemoryStore(tmp_path / "store")
    (report,) = load_paths(store, [path], LoadOptions(study="s", **options))
    return store, report


def test_maxqda_coded_segments(tmp_path: Path) -> None:
    store, report = load(tmp_path, write(tmp_path / "maxqda.csv", MAXQDA))
    assert report.format == "csv:maxqda"
    assert {q.text: q.codes for q in facts.quotes(store)} == {
        "Records may leak.": {"Leaks": ("Li",), "Bias": ("Li",)}, "It saves time.": {"Benefits": ("Wang",)}}
    assert facts.parents(store) == {"Data": "Risks", "Leaks": "Data", "Bias": "Risks"}
    assert facts.experts(store) == {
        "N01": {"profession": "nurse", "Province": "Hunan", "Document group": "Nurses"},
        "D01": {"profession": "psychiatrist", "Province": "Sichuan", "Document group": "Doctors"}}


def test_maxqda_xlsx_and_german_headers(tmp_path: Path) -> None:
    german = [["Farbe", "Dokumentgruppe", "Dokumentname", "Code", "Anfang", "Ende", "Gewicht", "Segment",
               "Kommentar", "Erstellt von", "Erstellt am", "Fläche", "Abdeckungsgrad %", "Beruf"]]
    german += [r[:14] for r in MAXQDA[1:]]
    store, report = load(tmp_path, write_xlsx(tmp_path / "maxqda.xlsx", german), profession_variable="Beruf")
    assert report.format == "xlsx:maxqda" and (report.quotes, report.codings) == (2, 3)
    assert facts.experts(store)["D01"]["profession"] == "psychiatrist"


def test_atlasti_quotations(tmp_path: Path) -> None:
    store, report = load(tmp_path, write_xlsx(tmp_path / "atlas.xlsx", ATLASTI))
    assert report.format == "xlsx:atlasti"
    # the quotation id is the quote's identity: 1:1 and 1:2 are two quotes of the same words
    assert sorted((q.text, tuple(sorted(q.codes))) for q in facts.quotes(store)) == [
        ("It saves time.", ("Benefits",)), ("Records may leak.", ("Privacy", "Risks")),
        ("Records may leak.", ("Risks",))]
    assert facts.experts(store) == {"N01": {"profession": "nurse", "gender": "female"},
                                    "D01": {"profession": None, "gender": "male"}}


def test_nvivo_coding_summary(tmp_path: Path) -> None:
    store, report = load(tmp_path, write(tmp_path / "nvivo.csv", NVIVO))
    assert report.format == "csv:nvivo"
    assert facts.parents(store) == {"Data": "Risks"}
    assert {q.text: q.codes for q in facts.quotes(store)} == {
        "Records may leak.": {"Data": ("LI",)}, "It saves time.": {"Benefits": ("WA",)}}


def test_qualcoder_report_with_bom_categories_and_variables(tmp_path: Path) -> None:
    store, report = load(tmp_path, write(tmp_path / "qc.csv", QUALCODER, encoding="utf-8-sig"))
    assert report.format == "csv:qualcoder"
    assert report.skipped == {"image codings": 1}
    assert facts.parents(store) == {"Data": "Risks", "Leaks": "Data"}
    assert {q.text: q.codes for q in facts.quotes(store)} == {
        "Records may leak.": {"Leaks": ("li", "wang")}, "It saves time.": {"Benefits": ("wang",)}}
    assert facts.experts(store) == {"N01": {"profession": "nurse", "Site": "Changsha"},
                                    "D01": {"profession": "psychiatrist", "Site": "Wuhan"}}


def test_taguette_highlights(tmp_path: Path) -> None:
    store, report = load(tmp_path, write(tmp_path / "taguette.csv", TAGUETTE))
    assert report.format == "csv:taguette"
    assert report.skipped == {"highlights without a tag": 1}
    assert {q.text: sorted(q.codes) for q in facts.quotes(store)} == {
        "Records may leak.": ["Privacy", "Risks"], "It saves time.": ["Benefits"]}


def test_utf16_tab_separated_and_a_forced_preset(tmp_path: Path) -> None:
    path = write(tmp_path / "taguette.txt", TAGUETTE, encoding="utf-16", delimiter="\t")
    store, report = load(tmp_path, path, format="taguette")
    assert report.format == "csv:taguette" and store.stats().quotes == 2
    with pytest.raises(BadInput, match=r"taguette\.txt:1: missing column 'document name', 'segment', 'code' "
                                       r"\(found: id, document, tag, content\); the maxqda layout needs them"):
        load(tmp_path, path, format="maxqda")
    with pytest.raises(BadInput, match="--format: unknown format 'spss'"):
        load(tmp_path, path, format="spss")


@pytest.mark.parametrize("kind", ["yaml", "json"])
def test_a_mapping_file_names_the_columns(tmp_path: Path, kind: str) -> None:
    rows = [["Participant", "Job", "Excerpt", "Code path", "Town"],
            ["X1", "nurse", "Hard to trust.", "Risks / Trust", "Hunan"],
            ["X2", "doctor", "Saves time.", "Benefits", "Wuhan"]]
    mapping = {"expert": "participant", "profession": "JOB", "text": "Excerpt", "code": "Code path",
               "code_separator": " / ", "attributes": ["Town"]}
    map_file = tmp_path / f"map.{kind}"
    if kind == "json":
        map_file.write_text(json.dumps(mapping), "utf-8")
    else:
        map_file.write_text("".join(f"{k}: {json.dumps(v)}\n" for k, v in mapping.items()), "utf-8")
    store, report = load(tmp_path, write(tmp_path / "other.csv", rows), mapping=map_file)
    assert report.format == "csv:mapping"
    assert facts.parents(store) == {"Trust": "Risks"}
    assert facts.experts(store)["X1"] == {"profession": "nurse", "Town": "Hunan"}
    map_file.write_text(json.dumps({"speaker": "Participant"}) if kind == "json" else "speaker: x\n", "utf-8")
    with pytest.raises(BadInput, match=r"map\.\w+: unknown key\(s\) 'speaker'"):
        load(tmp_path, write(tmp_path / "other.csv", rows), mapping=map_file)


def test_an_attributes_table_joins_onto_existing_experts(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "store")
    load_paths(store, [write(tmp_path / "maxqda.csv", MAXQDA)], LoadOptions(study="s"))
    before = store.stats()
    table = write(tmp_path / "people.csv", [["Expert", "Years of experience", "Occupation"],
                                            ["N01", "12", "Mental health nurse"], ["D01", "20", ""]])
    (report,) = load_paths(store, [table], LoadOptions(study="s"))
    assert report.format == "csv:attributes" and report.updated == {"experts": 2}
    assert store.stats() == before.model_copy(update={"experts": 2})
    people = facts.experts(store)
    assert people["N01"]["Years of experience"] == "12" and people["N01"]["profession"] == "mental health nurse"
    assert people["D01"]["profession"] == "psychiatrist"  # an empty cell keeps the stored profession
    stranger = write(tmp_path / "stranger.csv", [["Expert", "Age"], ["Z9", "30"]])
    with pytest.raises(BadInput, match=r"stranger\.csv:2: expert 'Z9' is not in study 's'"):
        load_paths(store, [stranger], LoadOptions(study="s"))
