"""Memos on both stores: REFI notes on a selection, a code, a case, a source and the project, and
a table's comment column, become Memo nodes on what they annotate, shown with the quotes and the
expert profile, and survive a JSONL export and re-load (same checksum)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from graph.checksum import store_checksum
from graph.quotes import QuoteQuery
from graph.store import GraphStore
from graph.stores.memory import MemoryStore
from loaders.jsonl import jsonl_lines
from loaders.pipeline import LoadOptions, load_paths
from tests.loaders.refi_builder import NS, Case, Code, Coding, Project, Selection, Source, guid

TEXT = "Patients who are lonely may start to depend on the chatbot. That worries me."


def noted_project(tmp_path: Path) -> Path:
    risk = Code("User risk")
    gap = Code("Technological-mental health gap", [risk])
    alice = guid()
    sel = Selection(0, 59, [Coding(risk.guid, alice)])
    src = Source("P01.txt", TEXT, [sel])
    case = Case("P01", {"Profession": "nurse"}, [src.guid])
    project = Project(codes=[gap], sources=[src], users={alice: "Alice"}, cases=[case], origin="QualCoder 3.5")
    root = ET.fromstring(project.xml())
    q = lambda tag: f"{{{NS}}}{tag}"  # noqa: E731
    notes = ET.SubElement(root, q("Notes"))
    targets = {"on the quote": sel.guid, "on the code": risk.guid, "on the case": case.guid,
               "on the source": src.guid, "on the project": None}
    for i, (text, target) in enumerate(targets.items()):
        note_guid = guid()
        note = ET.SubElement(notes, q("Note"), guid=note_guid, name=f"n{i}", creatingUser=alice,
                             creationDateTime=f"2024-03-0{i + 1}T10:00:00Z")
        ET.SubElement(note, q("PlainTextContent")).text = text
        if target:
            element = next(e for e in root.iter() if (e.get("guid") or "") == target)
            ref = ET.Element(q("NoteRef"), targetGUID=note_guid)
            element.insert(0, ref) if element.tag != q("PlainTextSelection") else element.append(ref)
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "notes.qdpx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", ET.tostring(root, encoding="utf-8", xml_declaration=True))
        z.writestr(f"sources/{src.file_name}", src.data())
    return path


def test_refi_notes_become_memos_on_what_they_annotate(store: GraphStore, tmp_path: Path) -> None:
    path = noted_project(tmp_path)
    (report,) = load_paths(store, [path], LoadOptions(study="m", concepts=False))
    assert report.created["memos"] == 5
    dump = store.dump()
    nodes = dict(dump.nodes)
    on = {nodes[a]["text"]: b.split("|")[0] for a, t, b, _ in dump.edges if t == "ANNOTATES"}
    assert on == {"on the quote": "Quote", "on the code": "SubTheme", "on the case": "Expert",
                  "on the source": "Source", "on the project": "Study"}
    (item,) = store.quotes(QuoteQuery(study="m")).items
    assert [(m.text, m.author, m.created) for m in item.memos] == [("on the quote", "Alice", "2024-03-01T10:00:00Z")]
    profile = store.expert("m:P01")
    assert [m.text for m in profile.memos] == ["on the case"]
    assert [(m.source, m.text, m.author) for m in profile.source_memos] == [("P01.txt", "on the source", "Alice")]
    assert [m.text for q in profile.quotes for m in q.memos] == ["on the quote"]
    before = store_checksum(store)
    (again,) = load_paths(store, [path], LoadOptions(study="m", concepts=False))
    assert again.created == {} and again.unchanged["memos"] == 5 and store_checksum(store) == before


def test_memos_survive_a_jsonl_round_trip(store: GraphStore, tmp_path: Path) -> None:
    load_paths(store, [noted_project(tmp_path)], LoadOptions(study="m", concepts=False))
    before = store_checksum(store)
    exported = tmp_path / "out.jsonl"
    exported.write_text("\n".join(jsonl_lines(store.dump())) + "\n", encoding="utf-8")
    fresh = MemoryStore(tmp_path / "fresh")
    load_paths(fresh, [exported], LoadOptions(concepts=False))
    assert store_checksum(fresh) == before


def test_cli_quotes_json_carries_memos(cli, tmp_path: Path) -> None:
    import json

    assert cli("load", str(noted_project(tmp_path)), "--study", "m")[0] == 0
    status, out, _ = cli("quotes", "--study", "m", "--format", "json")
    assert status == 0
    assert [m["text"] for m in json.loads(out)["items"][0]["memos"]] == ["on the quote"]
