"""A study as a REFI-QDA project (`.qdpx`): what every QDA tool imports.

`project.qde` (namespace urn:QDA-XML:project:1.0, valid against REFI's Project.xsd 1.0) holds
the users (coders and memo authors), the code tree with descriptions, the experts as cases with
their attributes as text variables, the sources with one selection per quote and a coding per
code and coder, and the memos as notes; `sources/<guid>.txt` holds each source's text.

ThemeGraph keeps the quotes, not whole texts, so a source's text is rebuilt: each quote's text
at its place, spaces between, to the source's length (a source of a table export, without
positions, becomes its quotes one after the other). Positions are written in Unicode code points,
as the standard says; a source whose positions counted UTF-16 units (NVivo) is converted. Guids
are those the study was loaded with where its uids keep them (REFI loads), so loading the
export again into the same study gives the identical graph; otherwise they are derived from the
uids (uuid5), the same on every export.
"""

from __future__ import annotations

import io
import re
import uuid
import xml.etree.ElementTree as ET
import zipfile

from graph.exports.study_facts import StudyFacts
from graph.naming import is_theme_uid

__all__ = ["NS", "project_xml", "write_qdpx", "guid_for"]

NS = "urn:QDA-XML:project:1.0"
ORIGIN = "ThemeGraph"
_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")


def guid_for(uid: str, kept: str | None = None) -> str:
    """The guid a node was loaded with (`kept`, when it is one), else one derived from its uid."""
    if kept and _GUID.fullmatch(kept.lower()):
        return kept.lower()
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"themegraph:{uid}"))


def _tail(uid: str, marker: str) -> str | None:
    return uid.split(marker, 1)[1] if marker in uid else None


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _sub(parent: ET.Element, tag: str, **attrs: str | None) -> ET.Element:
    return ET.SubElement(parent, _q(tag), {k: v for k, v in attrs.items() if v is not None})


def _when(value: str | None) -> str | None:
    """A date the schema accepts (xsd:dateTime), or None."""
    return value if value and _DATETIME.fullmatch(value) else None


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def source_text(length: int | None, quotes: list[dict]) -> tuple[str, dict[str, tuple[int, int]]]:
    """The source's text rebuilt from its quotes, and each quote's (start, end) in code points."""
    placed = [q for q in quotes if q.get("start") is not None and q.get("end") is not None]
    if length is None or len(placed) < len(quotes):
        text, where, at = "", {}, 0
        for q in quotes:
            where[q["uid"]] = (at, at + len(q["text"]))
            text += q["text"] + "\n\n"
            at = len(text)
        return text, where
    u16 = any(q["end"] - q["start"] != len(q["text"]) and q["end"] - q["start"] == _utf16(q["text"]) for q in placed)
    slots = [" "] * length
    for q in placed:
        i = q["start"]
        for ch in q["text"]:
            if i >= min(q["end"], length):
                break
            slots[i] = ch
            if u16 and ord(ch) > 0xFFFF and i + 1 < length:
                slots[i + 1] = ""
                i += 1
            i += 1
    cp, index = 0, []
    for s in slots:
        index.append(cp)
        cp += 1 if s else 0
    index.append(cp)
    return "".join(slots), {q["uid"]: (index[q["start"]], index[min(q["end"], length)]) for q in placed}


class _Writer:
    def __init__(self, facts: StudyFacts) -> None:
        self.f = facts
        self.root = ET.Element(_q("Project"), name=facts.study.get("title") or facts.study["uid"], origin=ORIGIN)
        self.users: dict[str, str] = {}
        self.notes: list[tuple[str, dict]] = []  # (note guid, memo)
        self.texts: dict[str, str] = {}  # file name -> text

    def user(self, name: str | None) -> str | None:
        if not name:
            return None
        return self.users.setdefault(name, guid_for(f"{self.f.study['uid']}:user:{name}"))

    def note_refs(self, parent: ET.Element, uid: str) -> None:
        for memo in self.f.memos.get(uid, []):
            _sub(parent, "NoteRef", targetGUID=self.note(memo))

    def code_guid(self, uid: str) -> str:
        return guid_for(uid, _tail(uid, ":theme:") if is_theme_uid(uid) else _tail(uid, ":subtheme:"))

    def codebook(self, parent: ET.Element) -> None:
        children: dict[str, list[dict]] = {}
        for s in self.f.subthemes:
            children.setdefault(self.f.parent.get(s["uid"], ""), []).append(s)

        def add(under: ET.Element, code: dict) -> None:
            el = _sub(under, "Code", guid=self.code_guid(code["uid"]), name=code["name"], isCodable="true")
            if code.get("description"):
                _sub(el, "Description").text = code["description"]
            self.note_refs(el, code["uid"])
            for child in children.get(code["uid"], []):
                add(el, child)

        codes = _sub(_sub(parent, "CodeBook"), "Codes")
        for t in self.f.themes:
            add(codes, t)
        if not self.f.themes:
            parent.remove(parent[-1])

    def build(self) -> ET.Element:
        f, root = self.f, self.root
        users = _sub(root, "Users")
        self.codebook(root)
        names = sorted({k[5:] for e in f.experts for k in e if k.startswith("attr:")})
        has_profession = any(e.get("profession") for e in f.experts)
        variables = {n: guid_for(f"{f.study['uid']}:variable:{n}") for n in (["Profession"] if has_profession else [])
                     + names}
        if variables:
            holder = _sub(root, "Variables")
            for n, g in variables.items():
                _sub(holder, "Variable", guid=g, name=n, typeOfVariable="Text")
        sources_el, selections = self.sources()
        root.remove(sources_el)
        self.cases(variables, selections)
        root.append(sources_el)
        links = [(self.case_guid[e["uid"]], self.note(memo)) for e in f.experts for memo in f.memos.get(e["uid"], [])]
        on_study = [self.note(memo) for memo in f.memos.get(f.study["uid"], [])]
        if self.notes:
            holder = _sub(root, "Notes")
            for g, memo in self.notes:
                note = _sub(holder, "Note", guid=g, name="Memo", creatingUser=self.user(memo.get("author")),
                            creationDateTime=_when(memo.get("created")))
                _sub(note, "PlainTextContent").text = memo["text"]
        if links:  # Project.xsd gives a case no NoteRef: a memo on an expert is a link from its note to the case
            holder = _sub(root, "Links")
            for case, note_guid in links:
                _sub(holder, "Link", guid=guid_for(f"{note_guid}:link"), name="annotates", direction="OneWay",
                     originGUID=note_guid, targetGUID=case)
        for note_guid in on_study:
            _sub(root, "NoteRef", targetGUID=note_guid)
        for name, g in self.users.items():
            _sub(users, "User", guid=g, name=name)
        if not self.users:
            root.remove(users)
        return root

    def note(self, memo: dict) -> str:
        g = guid_for(memo["uid"])
        self.notes.append((g, memo))
        return g

    def sources(self) -> tuple[ET.Element, dict[str, list[tuple[str, str]]]]:
        """<Sources>, and per expert the (source guid, selection guid) of their quotes."""
        f = self.f
        holder = _sub(self.root, "Sources")
        by_source: dict[str, list[dict]] = {}
        for q in f.quotes:
            by_source.setdefault(f.source_of.get(q["uid"], ""), []).append(q)
        said: dict[str, list[tuple[str, str]]] = {}
        self.owner: dict[str, str] = {}
        for src in f.sources:
            g = guid_for(src["uid"], _tail(src["uid"], ":source:"))
            file_name = f"{g}.txt"
            el = _sub(holder, "TextSource", guid=g, name=src["name"], plainTextPath=f"internal://{file_name}")
            quotes = by_source.get(src["uid"], [])
            text, where = source_text(src.get("length"), quotes)
            self.texts[file_name] = text
            counts: dict[str, int] = {}
            for q in quotes:
                counts[f.speaker[q["uid"]]] = counts.get(f.speaker[q["uid"]], 0) + 1
                start, end = where[q["uid"]]
                kept = [s for s in q.get("selections", []) if _GUID.fullmatch(s.lower())] or [None]
                for i, sel_guid in enumerate(kept):
                    sel = _sub(el, "PlainTextSelection", guid=guid_for(q["uid"], sel_guid), name="",
                               startPosition=str(start), endPosition=str(end))
                    self.codings(sel, q["uid"])
                    if i == 0:
                        self.note_refs(sel, q["uid"])
                    said.setdefault(f.speaker[q["uid"]], []).append((g, sel.get("guid", "")))
            self.note_refs(el, src["uid"])
            if counts:
                self.owner[g] = max(sorted(counts), key=lambda e: counts[e])
        return holder, said

    def codings(self, sel: ET.Element, quote: str) -> None:
        for code, props in self.f.codings.get(quote, []):
            for coder in props.get("coders") or [None]:
                coding = _sub(sel, "Coding", guid=guid_for(f"{quote}|{code}|{coder}"), creatingUser=self.user(coder),
                              creationDateTime=_when(props.get("at")))
                _sub(coding, "CodeRef", targetGUID=self.code_guid(code))

    def cases(self, variables: dict[str, str], said: dict[str, list[tuple[str, str]]]) -> None:
        f = self.f
        self.case_guid: dict[str, str] = {}
        if not f.experts:
            return
        holder = _sub(self.root, "Cases")
        owned: dict[str, list[str]] = {}
        for source, expert in self.owner.items():
            owned.setdefault(expert, []).append(source)
        for e in f.experts:
            g = self.case_guid[e["uid"]] = guid_for(e["uid"])
            case = _sub(holder, "Case", guid=g, name=e["pseudonym"])
            values = {k[5:]: v for k, v in e.items() if k.startswith("attr:")}
            if e.get("profession"):
                values["Profession"] = f.professions.get(e["profession"], e["profession"])
            for n, v in values.items():
                value = _sub(case, "VariableValue")
                _sub(value, "VariableRef", targetGUID=variables[n])
                _sub(value, "TextValue").text = str(v)
            for source in sorted(owned.get(e["uid"], [])):
                _sub(case, "SourceRef", targetGUID=source)
            for source, sel in said.get(e["uid"], []):
                if self.owner.get(source) != e["uid"]:
                    _sub(case, "SelectionRef", targetGUID=sel)


def project_xml(facts: StudyFacts) -> tuple[bytes, dict[str, str]]:
    """The study's project.qde and its source texts (file name -> text)."""
    ET.register_namespace("", NS)
    writer = _Writer(facts)
    root = writer.build()
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True), writer.texts


def write_qdpx(facts: StudyFacts) -> bytes:
    """The study as a .qdpx archive: project.qde and sources/<guid>.txt (UTF-8)."""
    qde, texts = project_xml(facts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", qde)
        for name, text in sorted(texts.items()):
            z.writestr(f"sources/{name}", text.encode("utf-8"))
    return out.getvalue()
