"""REFI-QDA projects built here with the standard library load to exactly the expected graph:
nested codes, two coders, cases with variables, a Chinese source with emoji before its
selections (code points and UTF-16 units differ), a CRLF source with a BOM."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import BadInput
from graph.store import GraphStore
from graph.stores.memory import MemoryStore
from loaders.pipeline import LoadOptions, load_paths
from tests.loaders import graph_facts as facts
from tests.loaders.refi_builder import Case, Code, Coding, Project, Selection, Source, guid, span

GAP = "Technological-mental health gap"
BENEFIT = "Practice and application reform brought by LLMs"
ZH = "访谈开始。😀我觉得这个工具很有用，但是😡它有时会编造药物剂量，这很危险。结束。"
CRLF = "Interviewer: Go on.\r\nP02: Patients in crisis may trust it too much.\r\nInterviewer: Thanks.\r\n"
FOCUS = "We worry 🙂 about data. It saves time."
QUOTE_A, QUOTE_B = "它有时会编造药物剂量", "我觉得这个工具很有用"
QUOTE_C, QUOTE_D = "Patients in crisis may trust it too much.", "It saves time."


def study_project(origin: str, unit: str) -> Project:
    """Three experts (two cases, one source without a case), four quotes, five codings."""
    crisis = Code("Crisis situations")
    user_risk, misleading = Code("User risk", [crisis]), Code("Misleading information")
    improvement = Code("Improvement in work efficiency and quality")
    gap, benefit = Code(GAP, [user_risk, misleading]), Code(BENEFIT, [improvement])
    memos = Code("Memos", [Code("Follow up")], codable=False)
    alice, bob = guid(), guid()
    a = span(ZH, QUOTE_A, unit)
    s1 = Source("P01 interview.txt", ZH, [
        Selection(*a, [Coding(misleading.guid, alice, "2024-03-02T10:00:00Z")]),
        Selection(*a, [Coding(misleading.guid, bob, "2024-03-01T09:00:00Z")]),  # NVivo: one selection per coding
        Selection(*a, [Coding(user_risk.guid, alice)]),
        Selection(*span(ZH, QUOTE_B, unit), [Coding(improvement.guid, bob)]),
        Selection(*span(ZH, "结束", unit)),  # no coding
    ])
    s2 = Source("P02 interview.txt", CRLF, [Selection(*span(CRLF, QUOTE_C, unit), [Coding(crisis.guid, alice)])],
                bom=True)
    s3 = Source("Focus group.docx", FOCUS, [Selection(*span(FOCUS, QUOTE_D, unit), [Coding(improvement.guid, alice)])],
                variables={"Site": "Changsha"})
    return Project(
        codes=[gap, benefit, memos], sources=[s1, s2, s3], users={alice: "Alice", bob: "Bob"}, origin=origin,
        cases=[Case("P01", {"Profession": "Psychiatrist", "Province": "Hunan"}, [s1.guid]),
               Case("P02", {"role": "mental health nurse", "Gender": "female"}, [s2.guid])],
        other_sources=[("PDFSource", 2)],
    )


EXPECTED_QUOTES = [
    # (source, text, expert, {code: coders})
    ("Focus group.docx", QUOTE_D, "Focus group", {"Improvement in work efficiency and quality": ("Alice",)}),
    ("P01 interview.txt", QUOTE_B, "P01", {"Improvement in work efficiency and quality": ("Bob",)}),
    ("P01 interview.txt", QUOTE_A, "P01", {"Misleading information": ("Alice", "Bob"), "User risk": ("Alice",)}),
    ("P02 interview.txt", QUOTE_C, "P02", {"Crisis situations": ("Alice",)}),
]


def check_study_graph(store: GraphStore) -> None:
    stats = store.stats()
    assert (stats.experts, stats.sources, stats.quotes, stats.codings) == (3, 3, 4, 5)
    assert (stats.themes, stats.subthemes) == (3, 5)
    got = sorted(((q.source, q.text, q.expert, q.codes) for q in facts.quotes(store)), key=lambda x: (x[0], x[1]))
    assert got == sorted(EXPECTED_QUOTES, key=lambda x: (x[0], x[1]))
    quote_a = next(q for q in facts.quotes(store) if q.text == QUOTE_A)
    assert len(quote_a.selections) == 3
    assert facts.experts(store) == {
        "P01": {"profession": "psychiatrist", "Province": "Hunan"},
        "P02": {"profession": "mental health nurse", "Gender": "female"},
        "Focus group": {"profession": None, "Site": "Changsha"},
    }
    assert facts.parents(store) == {
        "User risk": GAP, "Crisis situations": "User risk", "Misleading information": GAP,
        "Improvement in work efficiency and quality": BENEFIT, "Follow up": "Memos",
    }
    assert {t.name: t.category for t in store.codebook("s").themes} == {GAP: "gap", BENEFIT: "benefit", "Memos": "other"}


@pytest.mark.parametrize(("origin", "unit", "said"), [
    ("NVivo 14 (Windows)", "u16", "UTF-16 code units, as 'NVivo 14 (Windows)' counts them"),
    ("QualCoder 3.5", "cp", "code points, as 'QualCoder 3.5' counts them"),
    ("Quirkos 2.5", "u16", "UTF-16 code units: the tool 'Quirkos 2.5' is not known, and read that way 0 of 10 "
                           "selection ends fall inside a word or past the text (read as code points: 9)"),
    ("Quirkos 2.5", "cp", "code points: the tool 'Quirkos 2.5' is not known, and read that way 0 of 10 "
                          "selection ends fall inside a word or past the text (read as UTF-16 code units: 5)"),
])
def test_project_loads_every_count_and_quote(store: GraphStore, tmp_path: Path, origin: str, unit: str, said: str) -> None:
    path = study_project(origin, unit).write_qdpx(tmp_path / "study.qdpx")
    (report,) = load_paths(store, [path], LoadOptions(study="s", concepts=False))
    check_study_graph(store)
    assert report.offsets.startswith(said)
    assert report.skipped == {"PDF codings": 2, "selections without a coding": 1}
    assert report.created == {"experts": 3, "professions": 2, "sources": 3, "themes": 3, "subthemes": 5,
                              "quotes": 4, "codings": 5, "coders": 2}
    assert any("'Focus group'" in w and "no case" in w for w in report.warnings)
    assert (report.rows, report.quotes, report.codings) == (6, 4, 5)


def test_a_second_load_changes_nothing_and_says_so(store: GraphStore, tmp_path: Path) -> None:
    path = study_project("NVivo 12", "u16").write_qdpx(tmp_path / "study.qdpx")
    load_paths(store, [path], LoadOptions(study="s", concepts=False))
    once = store.dump()
    (report,) = load_paths(store, [path], LoadOptions(study="s", concepts=False))
    assert store.dump() == once
    assert report.created == {} and report.updated == {}
    assert report.unchanged["quotes"] == 4 and report.unchanged["codings"] == 5


def test_utf16_positions_read_as_code_points_drift_off_the_text(memory_store: MemoryStore, tmp_path: Path) -> None:
    # UTF-16 positions under an origin known to count code points: they run past the text's end
    path = study_project("QualCoder 3.5", "u16").write_qdpx(tmp_path / "study.qdpx")
    with pytest.raises(BadInput, match=r"TextSource\[guid=.*: the selection \(\d+-38\) runs past the end of its "
                                       r"text \(37 code points\)"):
        load_paths(memory_store, [path], LoadOptions(study="s", concepts=False))
    assert memory_store.stats().quotes == 0


def test_project_name_is_the_default_study_and_dry_run_writes_nothing(memory_store: MemoryStore, tmp_path: Path) -> None:
    project = study_project("NVivo 12", "u16")
    project.name = "LLM interviews (pilot) 2024"
    path = project.write_qdpx(tmp_path / "study.qdpx")
    (report,) = load_paths(memory_store, [path], LoadOptions(dry_run=True))
    assert report.study == "LLM-interviews-pilot-2024" and not report.written
    assert memory_store.stats().quotes == 0
    load_paths(memory_store, [path], LoadOptions())
    assert [s.uid for s in memory_store.studies()] == ["LLM-interviews-pilot-2024"]
    assert memory_store.studies()[0].title == "LLM interviews (pilot) 2024"


def test_capitalised_names_and_a_bare_qde_with_its_sources_folder(memory_store: MemoryStore, tmp_path: Path) -> None:
    project = study_project("NVivo 12", "u16")
    zipped = project.write_qdpx(tmp_path / "caps.qdpx", qde="Trial.qde", folder="Sources")
    load_paths(memory_store, [zipped], LoadOptions(study="s", concepts=False))
    check_study_graph(memory_store)
    other = MemoryStore(tmp_path / "other")
    bare = project.write_qde(tmp_path / "bare", sources_folder="Sources")
    load_paths(other, [bare], LoadOptions(study="s", local_files=True))
    check_study_graph(other)
    # without local files (an upload) the texts beside a bare .qde are not read: skipped, counted
    (report,) = load_paths(MemoryStore(tmp_path / "third"), [bare], LoadOptions(study="s", concepts=False))
    assert report.quotes == 0 and report.skipped["selections whose text is not in the file"] == 6


def test_text_from_plain_text_content_bare_names_and_relative_paths(memory_store: MemoryStore, tmp_path: Path) -> None:
    code = Code("Theme")
    inline = Source("inline", "Alpha beta gamma.", [Selection(6, 10, [Coding(code.guid)])], inline=True)
    bare = Source("bare", "One two three.", [Selection(4, 7, [Coding(code.guid)])], path="bare-name.txt")
    relative = Source("relative", "Red green blue.", [Selection(4, 9, [Coding(code.guid)])], path="relative://rel.txt")
    project = Project([code], [inline, bare, relative], base_path=str(tmp_path / "base"))
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "rel.txt").write_text("Red green blue.", "utf-8")
    path = project.write_qdpx(tmp_path / "p.qdpx")
    import zipfile

    with zipfile.ZipFile(path, "a") as z:
        z.writestr("bare-name.txt", "One two three.")
    # relative:// points outside the project: read only from the folder the user names
    (report,) = load_paths(memory_store, [path], LoadOptions(study="s", local_files=True))
    assert sorted(q.text for q in facts.quotes(memory_store)) == ["beta", "two"]
    assert report.skipped == {"selections whose text is outside the project": 1}
    load_paths(memory_store, [path], LoadOptions(study="s", local_files=True, sources_dir=tmp_path / "base"))
    assert sorted(q.text for q in facts.quotes(memory_store)) == ["beta", "green", "two"]


def test_other_ways_of_attaching_attributes(memory_store: MemoryStore, tmp_path: Path) -> None:
    code = Code("Theme", guid=guid(upper=True))
    maxqda = Source("Interview 1.docx", "Some words here.", [Selection(5, 10, [Coding(code.guid)])], guid=guid(upper=True))
    atlas = Source("Interview 2.txt", "Other words here.", [Selection(6, 11, [Coding(code.guid)])])
    project = Project([code], [maxqda, atlas], origin="MAXQDA 2022",
                      cases=[Case("", {"Beruf": "nurse", "Occupation": "Nurse", "Age": "41"}, [maxqda.guid])],
                      sets={"gender: male": [atlas.guid], "Profession: psychiatrist": [atlas.guid],
                            "Text files": [atlas.guid, maxqda.guid]})
    load_paths(memory_store, [project.write_qdpx(tmp_path / "p.qdpx")], LoadOptions(study="s", concepts=False))
    assert facts.experts(memory_store) == {
        "Interview 1": {"profession": "nurse", "Beruf": "nurse", "Age": "41"},
        "Interview 2": {"profession": "psychiatrist", "gender": "male"},
    }


def test_selection_refs_and_the_profession_variable(memory_store: MemoryStore, tmp_path: Path) -> None:
    code = Code("Theme")
    one, two = Selection(0, 5, [Coding(code.guid)]), Selection(6, 11, [Coding(code.guid)])
    src = Source("Group.txt", "Hello there all.", [one, two])
    project = Project([code], [src], cases=[
        Case("M1", {"Speciality": "psychiatry"}, [src.guid]),
        Case("M2", {"Speciality": "nursing"}, selections=[two.guid]),
    ])
    path = project.write_qdpx(tmp_path / "p.qdpx")
    load_paths(memory_store, [path], LoadOptions(study="s", profession_variable="speciality"))
    assert {q.text: q.expert for q in facts.quotes(memory_store)} == {"Hello": "M1", "there": "M2"}
    assert facts.experts(memory_store)["M2"] == {"profession": "nursing"}
    with pytest.raises(BadInput, match="--profession-variable: no case variable or column named 'Job'"):
        load_paths(MemoryStore(tmp_path / "x"), [path], LoadOptions(study="s", profession_variable="Job"))


def test_absent_texts_are_skipped_and_counted(memory_store: MemoryStore, tmp_path: Path) -> None:
    code = Code("Theme")
    src = Source("gone.txt", None, [Selection(0, 4, [Coding(code.guid)]), Selection(5, 9, [Coding(code.guid)])])
    (report,) = load_paths(memory_store, [Project([code], [src]).write_qdpx(tmp_path / "p.qdpx")], LoadOptions())
    assert report.skipped == {"selections whose text is not in the file": 2}
    assert report.quotes == 0 and memory_store.stats().themes == 1
    assert any("not in the file" in w for w in report.warnings)


def test_utf16_texts_and_a_code_outside_the_codebook(memory_store: MemoryStore, tmp_path: Path) -> None:
    code = Code("Technological – mental health gap", [Code("User risk")])
    text = "Ärger 😀 über Risiken."
    src = Source("de.txt", text, [Selection(*span(text, "über", "u16"), [Coding(code.children[0].guid)])],
                 encoding="utf-16")
    project = Project([code], [src], origin="NVivo 12")
    load_paths(memory_store, [project.write_qdpx(tmp_path / "p.qdpx")], LoadOptions(study="s", codebook="reference"))
    (quote,) = facts.quotes(memory_store)
    assert quote.text == "über" and quote.codes == {"User risk": ()}
    assert memory_store.stats().themes == 4  # matched the reference codebook by name
    stray = Project([Code("Shoe size")], [Source("x.txt", "abc def", [Selection(0, 3)])])
    stray.sources[0].selections[0].codings.append(Coding(stray.codes[0].guid))
    with pytest.raises(BadInput, match=r"PlainTextSelection\[guid=.*theme 'Shoe size' is not in study 's'"):
        load_paths(memory_store, [stray.write_qdpx(tmp_path / "stray.qdpx")], LoadOptions(study="s", concepts=False))
