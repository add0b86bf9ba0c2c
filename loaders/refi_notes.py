"""REFI-QDA notes (`<Notes><Note>`) and what their `<NoteRef>`s annotate, as memos.

A note referenced from a selection is a memo on that selection's quote (`SegmentMemo`); from a
code, a case or a text source, a memo on that code, expert or source (`MemoSpec`); a note that
nothing references, or that the project itself references, is a memo on the study. Project.xsd
gives a case no NoteRef, so a `<Link>` from a note to a case (as ThemeGraph writes) counts as one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.records import MemoSpec
from loaders.refi_codebook import guid_of
from loaders.safe_xml import Element, child, children, local
from loaders.segment_row import SegmentMemo

__all__ = ["ProjectNotes", "read_notes"]


@dataclass
class ProjectNotes:
    on_selection: dict[str, list[SegmentMemo]] = field(default_factory=dict)  # selection guid -> memos
    specs: list[MemoSpec] = field(default_factory=list)  # memos on codes, experts, sources, the study


def _notes(root: Element, users: dict[str, str], where: str) -> dict[str, SegmentMemo]:
    found = {}
    for i, note in enumerate(children(child(root, "Notes") or root, "Note")):
        content = child(note, "PlainTextContent")
        text = (content.text or "").strip() if content is not None else ""
        if not text:
            continue
        user = (note.get("creatingUser") or "").strip().lower()
        found[guid_of(note, f"{where}/Notes/Note[{i + 1}]")] = SegmentMemo(
            text, users.get(user) or user or None, note.get("creationDateTime") or None)
    return found


def read_notes(root: Element, users: dict[str, str], where: str) -> ProjectNotes:
    """Every note with text, placed on what references it (see the module docstring)."""
    notes = _notes(root, users, where)
    placed = ProjectNotes()
    used: set[str] = set()
    here = f"{where}/Notes"
    linked: dict[str, list[str]] = {}  # element guid -> notes linked to it (ThemeGraph's memos on cases)
    for link in children(child(root, "Links") or root, "Link"):
        origin = (link.get("originGUID") or "").strip().lower()
        if origin in notes:
            linked.setdefault((link.get("targetGUID") or "").strip().lower(), []).append(origin)
    for element in root.iter():
        refs = [(r.get("targetGUID") or "").strip().lower() for r in children(element, "NoteRef")]
        refs = [r for r in refs if r in notes] + linked.get((element.get("guid") or "").strip().lower(), [])
        if not refs or local(element.tag) in ("Link", "Note"):
            continue
        kind = local(element.tag)
        key = (element.get("guid") or "").strip().lower()
        for ref in refs:
            memo = notes[ref]
            used.add(ref)
            if kind == "PlainTextSelection":
                placed.on_selection.setdefault(key, []).append(memo)
            elif kind == "Code":
                placed.specs.append(MemoSpec(here, "code", key, memo.text, memo.author, memo.created))
            elif kind == "Case":
                placed.specs.append(MemoSpec(here, "expert", (element.get("name") or "").strip(), memo.text,
                                             memo.author, memo.created))
            elif kind == "TextSource":
                placed.specs.append(MemoSpec(here, "source", key, memo.text, memo.author, memo.created))
            else:
                placed.specs.append(MemoSpec(here, "study", None, memo.text, memo.author, memo.created))
    placed.specs += [MemoSpec(here, "study", None, m.text, m.author, m.created)
                     for guid, m in notes.items() if guid not in used]
    return placed
