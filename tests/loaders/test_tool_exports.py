"""Each QDA tool's export exactly as the tool writes it, loaded with no mapping file, on both stores:
QualCoder 3.x coded text, ATLAS.ti 23/24 Quotation Manager with its Code Manager export, MAXQDA
coded segments in seven interface languages as .xlsx and legacy .xls. Headers are the real ones
(sources in loaders/presets/); the texts are invented."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.errors import BadInput
from graph.store import GraphStore
from loaders.pipeline import LoadOptions, load_paths
from tests.loaders import graph_facts as facts


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",", quoting: int = csv.QUOTE_MINIMAL) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter, quoting=quoting).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def write_xls(path: Path, rows: list[list[str]]) -> Path:
    """A legacy BIFF .xls workbook, as MAXQDA's older exports are (numbers kept as numbers)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Coded segments")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, float(value) if r and value.isdigit() else value)
    book.save(str(path))
    return path


def load(store: GraphStore, *paths: Path, **options):
    return load_paths(store, list(paths), LoadOptions(**{"study": "s", **options}))


# ---- QualCoder 3.x ------------------------------------------------------------------------------

QUALCODER_3 = [
    ["File", "Coder", "Coded", "Id", "Codename", "Coded_Memo", "Category"],
    ["Grupo 2.docx", "ana", "P8: É um teto para morar.", "ctid:1", "Moradia", "key passage", "Necessidades"],
    ["Grupo 2.docx", "ana", "M: E o trabalho?", "ctid:2", "Trabalho", "", "Necessidades"],
    ["Grupo 2.docx", "rui", "P8: É um teto para morar.", "ctid:3", "Moradia", "", "Necessidades"],
    ["Grupo 3.docx", "ana", "Sem rótulo aqui.", "ctid:4", "Trabalho", "", "Necessidades"],
    ["Grupo 3.docx", "ana", "P8: Aí eu falei que não dá.", "ctid:5", "", "", ""],
]


def test_qualcoder_3_file_column_memos_and_an_uncoded_row(store: GraphStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "coded_text.csv", QUALCODER_3, quoting=csv.QUOTE_ALL)
    (report,) = load(store, path)
    assert report.format == "csv:qualcoder" and (report.quotes, report.codings) == (3, 3)
    assert report.skipped == {"rows without a code": 1}
    assert report.created["memos"] == 1  # the comment is a Memo on its quote (issue #18)
    assert facts.parents(store) == {"Moradia": "Necessidades", "Trabalho": "Necessidades"}
    assert {q.text: (q.expert, q.codes) for q in facts.quotes(store)} == {
        "P8: É um teto para morar.": ("Grupo 2.docx", {"Moradia": ("ana", "rui")}),
        "M: E o trabalho?": ("Grupo 2.docx", {"Trabalho": ("ana",)}),
        "Sem rótulo aqui.": ("Grupo 3.docx", {"Trabalho": ("ana",)})}
    # the coder's memo is read into the record, with its author: not an attribute
    assert facts.experts(store)["Grupo 2.docx"] == {"profession": None}


def test_qualcoder_memo_is_parsed_into_the_segment_record(tmp_path: Path) -> None:
    from loaders.reading import ReadContext
    from loaders.segment_row import SegmentMemo, SegmentRow
    from loaders.tabular_files import read_csv

    (section,) = read_csv(write_csv(tmp_path / "c.csv", QUALCODER_3), ReadContext())
    rows = [r for r in section.records if isinstance(r, SegmentRow)]
    assert rows[0].memos == (SegmentMemo("key passage", "ana", None),) and rows[1].memos == ()


# ---- speakers -------------------------------------------------------------------------------------

def test_speakers_in_a_table_become_experts_per_file(store: GraphStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "coded_text.csv", QUALCODER_3)
    (report,) = load(store, path, speakers="")
    assert report.speakers == {"P8 (Grupo 2.docx)": 1, "M (Grupo 2.docx)": 1}
    assert report.without_speaker == 1
    quotes = {q.text: (q.expert, q.source) for q in facts.quotes(store)}
    assert quotes == {"É um teto para morar.": ("P8 (Grupo 2.docx)", "Grupo 2.docx"),
                      "E o trabalho?": ("M (Grupo 2.docx)", "Grupo 2.docx"),
                      "Sem rótulo aqui.": ("Grupo 3.docx", "Grupo 3.docx")}
    before = store.stats()
    (again,) = load(store, path, speakers="")
    assert store.stats() == before and again.created == {}  # the speakers' ids are stable


def test_speakers_with_a_pattern_and_in_a_refi_project(store: GraphStore, tmp_path: Path) -> None:
    from tests.loaders.refi_builder import Code, Coding, Project, Selection, Source, span

    text = "Moderadora - O que acham?\nAna - Eu acho bom.\nSem rótulo."
    code = Code("Opinião")
    src = Source("Grupo focal 1.txt", text, [Selection(*span(text, part), [Coding(code.guid)])
                                             for part in ("Moderadora - O que acham?", "Ana - Eu acho bom.",
                                                          "Sem rótulo.")])
    path = Project([code], [src]).write_qdpx(tmp_path / "fg.qdpx")
    (report,) = load(store, path, speakers=r"^(\w+) - ")
    assert report.speakers == {"Moderadora (Grupo focal 1)": 1, "Ana (Grupo focal 1)": 1}
    assert report.without_speaker == 1
    assert {q.text: q.expert for q in facts.quotes(store)} == {
        "O que acham?": "Moderadora (Grupo focal 1)", "Eu acho bom.": "Ana (Grupo focal 1)",
        "Sem rótulo.": "Grupo focal 1"}
    with pytest.raises(BadInput, match=r"--speakers: not a regular expression"):
        load(store, path, speakers="(")


def test_the_load_command_lists_speakers(cli, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "coded_text.csv", QUALCODER_3)
    status, out, _ = cli("load", str(path), "--speakers")
    assert status == 0, out
    assert "speakers: 2 found: M (Grupo 2.docx) (1), P8 (Grupo 2.docx) (1); 1 quote(s) without a label" in out
    assert "skipped: 1 rows without a code" in out  # the uncoded row is counted, not silently dropped


# ---- ATLAS.ti 23/24 -----------------------------------------------------------------------------

ATLAS_HEADER = ["Number", "Reference", "Name", "Text Content", "Document", "Codes", "Number of Codes", "Comment",
                "Start position", "End position", "Extent", "Creator", "Creation Date", "Modifier",
                "Modification Date"]


def atlas_row(number: str, text: str, document: str, codes: str, count: str, comment: str = "") -> list[str]:
    return [number, "3 - 3", text[:20], text, document, codes, count, comment, "3", "3", str(len(text)), "Kim",
            "2024-03-01 10:00:00", "Kim", "2024-03-02 10:00:00"]


ATLAS_QUOTATIONS = [
    ATLAS_HEADER,
    atlas_row("1:1", "The stairs are steep.", "Site A", "Extensive, Non-local Unsafe, Safe", "2", "check again"),
    atlas_row("1:2", "Nothing to fear here.", "Site A", "Safe", "1"),
    atlas_row("2:1", "We walk the long way.", "Site B", "Extensive, Non-local Unsafe", "1"),
    atlas_row("2:2", "Just a greeting.", "Site B", "", "0"),
]
CODE_MANAGER = [
    ["Code", "Groundedness", "Density", "Groups", "Number of Groups", "Comment", "Creator", "Creation Date",
     "Modifier", "Modification Date"],
    ["Extensive, Non-local Unsafe", "2", "0", "Risk, Place", "2", "Far from home", "Kim", "2024-01-01", "Kim",
     "2024-01-01"],
    ["Safe", "2", "0", "Place", "1", "", "Kim", "2024-01-01", "Kim", "2024-01-01"],
    ["Risk", "0", "0", "", "0", "", "Kim", "2024-01-01", "Kim", "2024-01-01"],
]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_atlasti_23_quotations_with_the_code_manager_groups_as_themes(store: GraphStore, tmp_path: Path,
                                                                     kind: str) -> None:
    writer = write_csv if kind == "csv" else write_xlsx
    quotations = writer(tmp_path / f"quotations.{kind}", ATLAS_QUOTATIONS)
    codes = writer(tmp_path / f"codes.{kind}", CODE_MANAGER)
    manager, report = load(store, quotations, codebook=codes)
    assert manager.format == f"{kind}:atlasti-codes" and manager.codebook == "file"
    assert report.format == f"{kind}:atlasti" and report.codebook == "existing"
    assert report.skipped == {"rows without a code": 1}
    assert report.created["memos"] == 1  # the comment is a Memo on its quote (issue #18)
    # groups are themes; a code in two groups is a sub-theme under each; a code in none is a theme
    themes = {t.name: sorted(s.name for s in t.children) for t in store.themes("s")}
    assert themes == {"Risk": ["Extensive, Non-local Unsafe"], "Place": ["Extensive, Non-local Unsafe", "Safe"]}
    by_text = {q.text: q.codes for q in facts.quotes(store)}
    assert set(by_text["The stairs are steep."]) == {"Extensive, Non-local Unsafe", "Safe"}
    assert len(by_text["The stairs are steep."]["Extensive, Non-local Unsafe"]) == 1  # coders of one coding
    assert report.codings == 6  # 1:1: its code under Risk and Place, plus Safe; 1:2: Safe; 2:1: under both groups
    assert facts.experts(store) == {"Site A": {"profession": None}, "Site B": {"profession": None}}


def test_atlasti_23_without_a_codebook_splits_only_when_certain(store: GraphStore, tmp_path: Path) -> None:
    certain = [ATLAS_HEADER, atlas_row("1:1", "Plain one.", "D", "Alpha, Beta", "2"),
               atlas_row("1:2", "Plain two.", "D", "Extensive, Non-local Unsafe", "1")]
    (report,) = load(store, write_csv(tmp_path / "q.csv", certain))
    assert sorted(t.name for t in store.themes("s")) == ["Alpha", "Beta", "Extensive, Non-local Unsafe"]
    # the names this study now knows resolve a cell that ", " alone could not
    known = [ATLAS_HEADER, atlas_row("2:1", "Plain three.", "E", "Extensive, Non-local Unsafe, Alpha", "2")]
    (second,) = load(store, write_csv(tmp_path / "known.csv", known))
    assert second.codings == 2
    unclear = [ATLAS_HEADER, atlas_row("3:1", "Plain four.", "F", "Far, Near, Middle", "2")]
    with pytest.raises(BadInput, match=r"unclear\.csv:2: the 'Codes' cell joins 2 codes with ', '.*pass ATLAS\.ti's "
                                       r"Code Manager export .* with --codebook"):
        load(store, write_csv(tmp_path / "unclear.csv", unclear), study="t")
    wrong = [ATLAS_HEADER, atlas_row("4:1", "Plain five.", "G", "Alpha", "3")]
    with pytest.raises(BadInput, match=r"wrong\.csv:2: the 'Codes' cell names 1 code\(s\) but 'Number of Codes' "
                                       r"says 3"):
        load(store, write_csv(tmp_path / "wrong.csv", wrong), study="t")


def test_a_code_manager_export_alone_sets_the_codebook(store: GraphStore, tmp_path: Path) -> None:
    (report,) = load(store, write_csv(tmp_path / "codes.csv", CODE_MANAGER))
    assert report.format == "csv:atlasti-codes" and report.rows == 0
    assert {t.name for t in store.themes("s")} == {"Risk", "Place"}


# ---- MAXQDA in its interface languages --------------------------------------------------------------

MAXQDA_HEADERS = {
    "en": ["Color", "Comment", "Document group", "Document name", "Code", "Beginning", "End", "Weight score",
           "Segment", "Modified by", "Modified", "Created by", "Created", "Area", "Coverage %"],
    "de": ["Farbe", "Kommentar", "Dokumentgruppe", "Dokumentname", "Code", "Anfang", "Ende", "Gewicht", "Segment",
           "Bearbeitet von", "Bearbeitet am", "Erstellt von", "Erstellt am", "Fläche", "Abdeckungsgrad %"],
    "pl": ["Color", "Komentarz", "Grupa dokumentów", "Nazwa dokumentu", "Kod", "Początek", "Koniec", "Waga",
           "Fragment", "Objętość", "Obszar %", "Autor", "Data utworzenia"],
    "es": ["Color", "Comentario", "Grupo de documentos", "Nombre del documento", "Código", "Inicio", "Fin", "Peso",
           "Segmento", "Modificado por", "Modificado", "Creado por", "Creado", "Área", "Cobertura %"],
    "fr": ["Couleur", "Commentaire", "Groupe de documents", "Nom du document", "Code", "Début", "Fin", "Poids",
           "Segment", "Modifié par", "Modifié le", "Créé par", "Créé le", "Surface", "Couverture %"],
    "pt": ["Cor", "Comentário", "Grupo de documentos", "Nome do documento", "Código", "Início", "Fim", "Peso",
           "Segmento", "Modificado por", "Modificado em", "Criado por", "Criado em", "Área", "Cobertura %"],
    "zh": ["颜色", "注释", "文档组", "文档名称", "代码", "开始", "结束", "权重", "片段", "修改者", "修改时间", "创建者",
           "创建时间", "面积", "覆盖率 %"],
}


def maxqda_rows(header: list[str]) -> list[list[str]]:
    """Three segments in `header`'s shape: one with a comment, one sub-code path, one uncoded."""
    values = [
        {"comment": "Ask again", "group": "Nurses", "doc": "N01", "code": "Risks > Data", "begin": "3", "end": "4",
         "segment": "Records may leak.", "by": "Li", "at": "2024-03-01"},
        {"comment": "", "group": "Doctors", "doc": "D01", "code": "Benefits", "begin": "5", "end": "5",
         "segment": "It saves time.", "by": "Wang", "at": "2024-03-02"},
        {"comment": "", "group": "Doctors", "doc": "D01", "code": "", "begin": "7", "end": "7",
         "segment": "Hello.", "by": "Wang", "at": "2024-03-02"},
    ]
    roles = ["color", "comment", "group", "doc", "code", "begin", "end", "weight", "segment"]
    rest = {15: ["mod_by", "mod_at", "by", "at", "area", "coverage"], 13: ["area", "coverage", "by", "at"]}
    columns = roles + rest[len(header)]
    filler = {"color": "#ff0000", "weight": "0", "mod_by": "Li", "mod_at": "2024-03-03", "area": "17",
              "coverage": "2"}
    return [header] + [[v.get(c, filler.get(c, "")) for c in columns] for v in values]


@pytest.mark.parametrize("language", sorted(MAXQDA_HEADERS))
def test_maxqda_coded_segments_in_each_interface_language(store: GraphStore, tmp_path: Path, language: str) -> None:
    path = write_xlsx(tmp_path / f"coded_segments_{language}.xlsx", maxqda_rows(MAXQDA_HEADERS[language]))
    (report,) = load(store, path)
    assert report.format == "xlsx:maxqda"
    assert report.skipped == {"rows without a code": 1}
    assert report.created["memos"] == 1  # the comment is a Memo on its quote (issue #18)
    assert facts.parents(store) == {"Data": "Risks"}
    coder = {"en": "Li", "de": "Li", "pl": "Li", "es": "Li", "fr": "Li", "pt": "Li", "zh": "Li"}[language]
    assert {q.text: q.codes for q in facts.quotes(store)} == {
        "Records may leak.": {"Data": (coder,)}, "It saves time.": {"Benefits": ("Wang",)}}
    group = MAXQDA_HEADERS[language][2]  # the document group is an attribute; comments, positions are not
    assert facts.experts(store) == {"N01": {"profession": None, group: "Nurses"},
                                    "D01": {"profession": None, group: "Doctors"}}


@pytest.mark.parametrize("language", ["pl", "de"])
def test_maxqda_legacy_xls(store: GraphStore, tmp_path: Path, language: str) -> None:
    path = write_xls(tmp_path / f"Zakodowane segmenty {language}.xls", maxqda_rows(MAXQDA_HEADERS[language]))
    (report,) = load(store, path)
    assert report.format == "xls:maxqda" and (report.quotes, report.codings) == (2, 2)
    assert report.skipped == {"rows without a code": 1}
    assert report.created["memos"] == 1  # the comment is a Memo on its quote (issue #18)
    assert {q.text for q in facts.quotes(store)} == {"Records may leak.", "It saves time."}
    (again,) = load(store, path, format="maxqda")
    assert again.created == {} and again.format == "xls:maxqda"


def test_an_xls_that_is_not_a_workbook_is_refused(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "broken.xls"
    path.write_bytes(b"not a workbook at all")
    with pytest.raises(BadInput, match=r"broken\.xls: not a readable \.xls workbook"):
        load(store, path)
    assert store.stats().quotes == 0


# ---- --format TOOL finds the same preset as the header ----------------------------------------------

@pytest.mark.parametrize(("tool", "rows", "shape"), [
    ("qualcoder", QUALCODER_3, "csv:qualcoder"),
    ("atlasti", ATLAS_QUOTATIONS[:1] + ATLAS_QUOTATIONS[2:], "csv:atlasti"),
    ("maxqda", maxqda_rows(MAXQDA_HEADERS["pl"]), "csv:maxqda"),
])
def test_format_tool_names_the_preset_the_header_would_find(store: GraphStore, tmp_path: Path, tool: str,
                                                          rows: list[list[str]], shape: str) -> None:
    path = write_csv(tmp_path / f"{tool}.csv", rows)
    (named,) = load(store, path, format=tool)
    assert named.format == shape and named.quotes >= 2
    (sniffed,) = load(store, path)
    assert sniffed.format == shape and sniffed.created == {}  # the same reading: nothing new


@pytest.mark.parametrize(("text", "speaker"), [
    ("P8: É um teto para morar.", "P8"), ("M: E o trabalho?", "M"), ("Moderator: Next question.", "Moderator"),
    ("[R12]: Yes.", "R12"), ("Entrevistadora: Certo.", "Entrevistadora"), ("Note: the room was loud.", None),
    ("Maria: Oi.", None), ("P8 said it was fine.", None),
])
def test_the_default_speaker_labels(text: str, speaker: str | None) -> None:
    from loaders.segment_row import SegmentRow
    from loaders.speakers import Speakers, SpeakerTally

    tally = SpeakerTally()
    row = SegmentRow(where="f:2", expert="Grupo 1", profession=None, text=text, theme="T", subtheme=None)
    (moved,) = Speakers().apply([row], tally)
    assert moved.expert == (f"{speaker} (Grupo 1)" if speaker else "Grupo 1")
    assert tally.without_label == (0 if speaker else 1)
