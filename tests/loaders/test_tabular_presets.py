"""One header fixture per QDA tool's tabular export, a mapping file for any other layout, and
an attributes table that joins onto experts already loaded; CSV and XLSX alike."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from graph.errors import BadInput
from graph.stores.memory import MemoryStore
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


# Headers copied from real exports in public repositories (sources at each preset in
# loaders/tabular_layouts.py); the rows are made up in their shape.
MAXQDA_DE_CSV = [  # julianschuler/MAXQDA-encoding-statistics: a `;` CSV from a German MAXQDA
    ["Farbe", "Kommentar", "Dokumentgruppe", "Dokumentname", "Code", "Anfang", "Ende", "Gewicht", "Segment",
     "Bearbeitet von", "Bearbeitet am", "Erstellt von", "Erstellt am", "Fläche", "Abdeckungsgrad %"],
    ["#ff0000", "", "Pflege", "N01", "Risiken > Daten", "3", "3", "0", "Daten können abfließen.", "Li",
     "01.03.2024", "Li", "01.03.2024", "23", "2,10"],
    ["#00ff00", "", "Ärzte", "D01", "Nutzen", "5", "6", "0", "Es spart Zeit.", "Wang", "02.03.2024", "Wang",
     "02.03.2024", "14", "1,00"],
]
MAXQDA_DE_VARIABLES = [  # M-Gartiser/GR_Redistribution: document variables repeat Dokumentname/-gruppe
    ["Farbe", "Dokumentgruppe", "Dokumentname", "Code", "Segment", "Erstellt am", "Dokumentgruppe",
     "Dokumentname", "Datum (Veröffentlichung)", "Category"],
    ["#ff0000", "Medien", "Artikel 1", "Structure", "Der Rat tagt.", "28.11.2024", "Medien", "Artikel 1",
     "09.01.2024", "Media"],
    ["#ff0000", "Medien", "Artikel 1", "Structure > Failures", "Niemand hört zu.", "28.11.2024", "Medien",
     "Artikel 1", "09.01.2024", "Media"],
    ["#00ff00", "Eigen", "Beitrag 2", "Reporting style", "Wir berichten.", "28.11.2024", "Eigen", "Beitrag 2",
     "16.03.2024", "GR"],
]
MAXQDA_24 = [  # aufildelanuit/semi-controlled-touch-survey: MAXQDA 24 coded segments, per-segment columns
    ["Document name", "Code", "Segment", "Other codes assigned to segment", "Code: Social_self > Partner", "Age",
     "Gender", "Country", "Language", "Belongingness"],
    ["R_01", "RELATIONAL INTIMACY > Situational > What > Annoy / Tease", "To tease him.",
     "Video > 8_Social_self", "1", "34", "Female", "Sweden", "Swedish", "High"],
    ["R_01", "Video", "8", "", "0", "34", "Female", "Sweden", "Swedish", "High"],
    ["R_02", "RELATIONAL INTIMACY > Situational > What > Comfort", "To comfort her.", "", "0", "51", "Male",
     "Norway", "Norwegian", "Low"],
]
ATLASTI_9 = [  # eddiechapman/reddit-capitol-insurrection-url-analysis: quotation manager CSV, ATLAS.ti 9
    ["ID", "Quotation Name", "Document", "Document Groups", "Quotation Content", "Comment", "Codes", "Reference",
     "Density", "Created by", "Modified by", "Created", "Modified"],
    ["88:2", "A livestream of it…", "gicj4h6", "", "A livestream of it ", "", "evidence\nsource::livestream",
     "1 - 1", "2", "Eddie", "Eddie", "4/15/2021", "4/15/2021"],
    ["88:3", "Another stream", "gicj4h6", "", "Another stream", "", "evidence", "3 - 3", "1", "Eddie", "Eddie",
     "4/15/2021", "4/15/2021"],
    ["139:2", "Got it", "gickh2c", "", "Got it ", " 6/1/2021 12:16:27 PM, merged with 139:1 Got it ",
     "deduplication", "1 - 1", "1", "Eddie", "Eddie", "5/6/2021", "6/1/2021"],
]
NVIVO_12 = [  # ohtap/ohtap NVivo_output/data/errors_12-22-20.txt: node, then file, both `Hierarchical Name`
    ["Hierarchical Name", "Code Type", "Description", "Aggregate", "List Order", "Hierarchical Name", "File Type",
     "Classification", "Folder Location", "Coverage", "Number Of Coding References", "Reference Number",
     "Coded By Initials", "Modified On", "Coded Text"],
    ["Nodes\\\\Errors", "Node", "Use these codes to identify false hits.", "True", "202",
     "Files\\\\BWOH\\\\BWOH_Craft_Juanita", "Document", "", "Files\\\\BWOH", "0.0025", "1", "1", "AA",
     "11/30/2020 9:28:57 AM", "They are still harassing the students."],
    ["Nodes\\\\Topic\\\\Sexual harassment", "Node", "Unwanted conduct.", "False", "17",
     "Files\\\\BWOH\\\\BWOH_Craft_Juanita", "Document", "", "Files\\\\BWOH", "0.0011", "1", "1", "NN",
     "7/17/2019 7:55:35 PM", "He would not leave her alone."],
    ["Nodes\\\\Errors", "Node", "Use these codes to identify false hits.", "True", "202",
     "Files\\\\BWSP\\\\BWSP_Black_Lois", "Document", "", "Files\\\\BWSP", "0.0026", "2", "1", "NJMS",
     "8/1/2019 7:20:54 PM", "I took advantage of them"],
]


def test_real_maxqda_german_csv(tmp_path: Path) -> None:
    store, report = load(tmp_path, write(tmp_path / "codings.csv", MAXQDA_DE_CSV, delimiter=";"))
    assert report.format == "csv:maxqda"
    assert facts.experts(store) == {"N01": {"profession": None, "Dokumentgruppe": "Pflege"},
                                    "D01": {"profession": None, "Dokumentgruppe": "Ärzte"}}
    assert {q.text: q.codes for q in facts.quotes(store)} == {
        "Daten können abfließen.": {"Daten": ("Li",)}, "Es spart Zeit.": {"Nutzen": ("Wang",)}}
    assert facts.parents(store) == {"Daten": "Risiken"}


def test_real_maxqda_german_repeated_variable_columns(tmp_path: Path) -> None:
    store, report = load(tmp_path, write_xlsx(tmp_path / "coded_segments.xlsx", MAXQDA_DE_VARIABLES))
    assert report.format == "xlsx:maxqda" and (report.quotes, report.codings) == (3, 3)
    assert facts.experts(store) == {
        "Artikel 1": {"profession": None, "Dokumentgruppe": "Medien", "Datum (Veröffentlichung)": "09.01.2024",
                      "Category": "Media"},
        "Beitrag 2": {"profession": None, "Dokumentgruppe": "Eigen", "Datum (Veröffentlichung)": "16.03.2024",
                      "Category": "GR"}}
    assert {q.text: sorted(q.codes) for q in facts.quotes(store)} == {
        "Der Rat tagt.": ["Structure"], "Niemand hört zu.": ["Failures"], "Wir berichten.": ["Reporting style"]}


def test_real_maxqda_24_per_segment_columns_are_not_attributes(tmp_path: Path) -> None:
    store, report = load(tmp_path, write_xlsx(tmp_path / "MAXQDA 24 Coded Segments.xlsx", MAXQDA_24))
    assert report.format == "xlsx:maxqda"
    people = facts.experts(store)
    assert people["R_01"] == {"profession": None, "Age": "34", "Gender": "Female", "Country": "Sweden",
                              "Language": "Swedish", "Belongingness": "High"}
    assert set(people) == {"R_01", "R_02"}
    assert {q.text: sorted(q.codes) for q in facts.quotes(store)} == {
        "To tease him.": ["Annoy / Tease"], "8": ["Video"], "To comfort her.": ["Comfort"]}
    assert facts.parents(store)["Annoy / Tease"] == "What"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_real_atlasti_9_quotation_manager(tmp_path: Path, kind: str) -> None:
    if kind == "csv":
        path = write(tmp_path / "quotation_manager_output.csv", ATLASTI_9)
    else:  # ateeuw/FoodSecGovSim2 splits the Codes cell of the XLSX export on "\r\n"
        rows = [[c.replace("\n", "\r\n") for c in row] for row in ATLASTI_9]
        path = write_xlsx(tmp_path / "all_quotes.xlsx", rows)
    store, report = load(tmp_path, path)
    assert report.format == f"{kind}:atlasti" and report.quotes == 3
    assert facts.experts(store) == {"gicj4h6": {"profession": None}, "gickh2c": {"profession": None}}
    assert {q.text: (q.source, sorted(q.codes)) for q in facts.quotes(store)} == {
        "A livestream of it": ("gicj4h6", ["evidence", "source::livestream"]),
        "Another stream": ("gicj4h6", ["evidence"]), "Got it": ("gickh2c", ["deduplication"])}
    assert {c for q in facts.quotes(store) for coders in q.codes.values() for c in coders} == {"Eddie"}


def test_real_nvivo_12_coding_extract(tmp_path: Path) -> None:
    store, report = load(tmp_path, write(tmp_path / "errors.csv", NVIVO_12))
    assert report.format == "csv:nvivo"
    assert facts.experts(store) == {"BWOH_Craft_Juanita": {"profession": None},
                                    "BWSP_Black_Lois": {"profession": None}}
    assert {q.text: (q.source, q.codes) for q in facts.quotes(store)} == {
        "They are still harassing the students.": ("BWOH_Craft_Juanita", {"Errors": ("AA",)}),
        "He would not leave her alone.": ("BWOH_Craft_Juanita", {"Sexual harassment": ("NN",)}),
        "I took advantage of them": ("BWSP_Black_Lois", {"Errors": ("NJMS",)})}
    assert facts.parents(store) == {"Sexual harassment": "Topic"}


def test_real_nvivo_12_txt_extract_with_comma_space_separators(tmp_path: Path) -> None:
    """The ohtap file is a .txt whose fields are separated by ", ", texts quoted when they hold a comma."""
    rows = [list(r) for r in NVIVO_12]
    rows[1][-1] = "They are, still, harassing the students."

    def field(value: str) -> str:
        return f'"{value}"' if "," in value or '"' in value else value

    path = tmp_path / "errors_12-22-20.txt"
    path.write_text("\r\n".join(", ".join(field(v) for v in row) for row in rows) + "\r\n", encoding="utf-8")
    store, report = load(tmp_path, path)
    assert report.format == "csv:nvivo" and report.quotes == 3
    assert "They are, still, harassing the students." in {q.text for q in facts.quotes(store)}
    assert {q.source for q in facts.quotes(store)} == {"BWOH_Craft_Juanita", "BWSP_Black_Lois"}
