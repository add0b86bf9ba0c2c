"""REFI-QDA projects (`.qdpx` zip or bare `.qde`, namespace urn:QDA-XML:project:1.0) as records.

Yields, in this order: the code tree (`CodeSpec`), the text sources (`SourceSpec`), the
experts (`ExpertSpec`, see `loaders.refi_cases`), one `SegmentRow` per `Coding` of a
`PlainTextSelection`, and `Notice`s for what was skipped. One text range is one quote however
many selections name it (NVivo writes one selection per coding); the same code applied by two
coders is one coding with two coders (`loaders.segments` merges them).

Skipped and counted, never dropped silently: codings of PDF, picture, audio and video
sources; selections whose source text the file does not hold (ATLAS.ti's test project ships
without its texts) or that lies outside the project and was not read (see
`loaders.refi_files`), each such source named in a warning; selections with no coding; empty
selections. A flat code tree whose codes the project groups in sets (ATLAS.ti's code groups)
takes the sets as themes (`loaders.refi_codebook.code_sets_as_themes`). Refused (BadInput naming the element): a selection past its text's end, or one
whose positions are not whole numbers.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from graph.errors import BadInput
from graph.naming import natural_key
from loaders.reading import ReadContext, Section
from loaders.records import Notice, Record, SourceSpec
from loaders.refi_cases import TextSourceInfo, plan_experts
from loaders.refi_codebook import code_sets_as_themes, code_specs, codebook_section, guid_of, read_qdc
from loaders.refi_files import NotRead, ProjectFiles
from loaders.refi_notes import read_notes
from loaders.refi_offsets import UTF16, TextIndex, choose_unit
from loaders.safe_xml import Element, child, children, local, parse_xml
from loaders.segment_row import SegmentRow
from loaders.text_stream import decode_text

__all__ = ["read_refi"]

_NAMED = 10  # sources not read that the report names one by one; the rest are counted
_GUID_FILE = re.compile(r"\{?[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}\}?(\.\w+)?")  # internal://GUID.txt
_OTHER_SOURCES = {"PDFSource": "PDF", "PictureSource": "picture", "AudioSource": "audio", "VideoSource": "video"}


@dataclass(frozen=True)
class _Selection:
    guid: str
    start: int
    end: int
    codings: list[Element]
    where: str


def _position(sel: Element, attribute: str, where: str) -> int:
    raw = (sel.get(attribute) or "").strip()
    try:
        return int(raw)
    except ValueError:
        raise BadInput(f"{attribute} {raw!r} is not a whole number", where) from None


def _selections(source: Element, where: str) -> list[_Selection]:
    found = []
    for i, sel in enumerate(children(source, "PlainTextSelection")):
        here = f"{where}/PlainTextSelection[{i + 1}]"
        guid = guid_of(sel, here)
        here = f"{where}/PlainTextSelection[guid={guid}]"
        start, end = _position(sel, "startPosition", here), _position(sel, "endPosition", here)
        if end < start:
            raise BadInput(f"the selection ends ({end}) before it starts ({start})", here)
        found.append(_Selection(guid, start, end, children(sel, "Coding"), here))
    return found


def _source_name(source: Element, guid: str) -> str:
    """A source's name; without one, the file name its text or rich text was exported from, not its guid."""
    name = (source.get("name") or "").strip()
    if name:
        return name
    for attribute in ("richTextPath", "plainTextPath"):
        path = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", (source.get(attribute) or "").strip())
        file_name = PurePosixPath(path.replace("\\", "/")).name
        if file_name and not _GUID_FILE.fullmatch(file_name):
            return file_name
    return guid


def _text_of(source: Element, files: ProjectFiles, base_path: str | None) -> str | NotRead:
    inline = child(source, "PlainTextContent")
    if inline is not None and inline.text:
        return inline.text
    ref = (source.get("plainTextPath") or "").strip()
    if not ref:
        return NotRead("has neither a text nor a path to one", outside=False)
    found = files.text(ref, base_path)
    return found if isinstance(found, NotRead) else decode_text(found[0], found[1])


def _unread_notices(unread: list[tuple[str, NotRead, int]]) -> list[Notice]:
    """The sources whose texts were not read: their selections counted, each source named."""
    notices = []
    for outside, kind in ((False, "selections whose text is not in the file"),
                          (True, "selections whose text is outside the project")):
        these = sorted(((name, why, n) for name, why, n in unread if why.outside == outside),
                       key=lambda item: natural_key(item[0]))
        if these:
            notices.append(Notice("skipped", kind, count=sum(n for _, _, n in these)))
        notices += [Notice("warning", kind, text=f"source {name!r} {why.reason} ({n} coded selection(s) skipped)")
                    for name, why, n in these[:_NAMED]]
        if len(these) > _NAMED:
            notices.append(Notice("warning", kind, text=f"{len(these) - _NAMED} more source(s) not read the same "
                                                        "way (their coded selections are skipped)"))
    return notices


def _project_records(root: Element, files: ProjectFiles) -> list[Record]:
    where = files.where
    users = {guid_of(u, f"{where}/Users"): (u.get("name") or "").strip() for u in
             children(child(root, "Users") or root, "User")}
    base_path = root.get("basePath") or None
    specs, set_keys = code_sets_as_themes(list(code_specs(child(child(root, "CodeBook") or root, "Codes"), where)),
                                          root, where)
    records: list[Record] = list(specs)
    if set_keys:
        records.append(Notice("warning", "code groups as themes", text=(
            f"the code tree is flat and the project groups its codes in sets: each code set is a theme, and "
            f"{len(set_keys)} code(s) are sub-themes under their sets (a code in two sets counts under both)")))
    notices: list[Notice] = []
    sources_el = child(root, "Sources")
    texts: list[TextSourceInfo] = []
    for i, src in enumerate(list(sources_el) if sources_el is not None else []):
        kind = local(src.tag)
        if kind == "TextSource":
            here = f"{where}/Sources/TextSource[{i + 1}]"
            guid = guid_of(src, here)
            texts.append(TextSourceInfo(guid, _source_name(src, guid), f"{where}/Sources/TextSource[guid={guid}]", src))
        elif kind in _OTHER_SOURCES:
            n = sum(1 for e in src.iter() if local(e.tag) == "Coding")
            if n:
                label = _OTHER_SOURCES[kind]
                notices.append(Notice("skipped", f"{label} codings", count=n, text=(
                    f"codings of {label} sources skipped: ThemeGraph reads coded text only")))

    experts = plan_experts(root, texts, where)
    notes = read_notes(root, users, where)
    loaded: list[tuple[TextSourceInfo, TextIndex, list[_Selection]]] = []
    unread: list[tuple[str, NotRead, int]] = []
    indexes: dict[str, TextIndex] = {}  # every text read, coded or not: its length is the source's
    for s in texts:
        selections = _selections(s.element, s.where)
        coded = [sel for sel in selections if sel.codings]
        uncoded = len(selections) - len(coded)
        if uncoded:
            notices.append(Notice("skipped", "selections without a coding", count=uncoded))
        try:
            text = _text_of(s.element, files, base_path)
        except BadInput:
            if coded:
                raise
            continue  # an uncoded text that cannot be read only leaves its length unknown
        if isinstance(text, NotRead):
            if coded:
                unread.append((s.name, text, len(coded)))
            continue
        indexes[s.guid] = TextIndex(text)
        if coded:
            loaded.append((s, indexes[s.guid], coded))
    notices += _unread_notices(unread)

    origin = root.get("origin")
    unit, why = choose_unit(origin, ((index, sel.start, sel.end) for _, index, sels in loaded for sel in sels))
    records += [SourceSpec(s.where, s.name, key=s.guid,
                           length=indexes[s.guid].length[unit] if s.guid in indexes else None) for s in texts]
    records += experts.specs
    records.append(Notice("info", "offsets", text=why))
    for s, index, selections in loaded:
        for sel in selections:
            start, end = index.to_index(sel.start, unit), index.to_index(sel.end, unit)
            if start is None or end is None:
                split = " or splits a character" if unit == UTF16 else ""
                raise BadInput(f"the selection ({sel.start}-{sel.end}) runs past the end of its text "
                               f"({index.length[unit]} {unit}){split}; the project and its texts do not match",
                               sel.where)
            if start == end:
                notices.append(Notice("skipped", "empty selections"))
                continue
            text = index.text[start:end]
            expert = experts.of_selection.get(sel.guid) or experts.of_source[s.guid]
            for coding in sel.codings:
                ref = child(coding, "CodeRef")
                target = (ref.get("targetGUID") or "").strip().lower() if ref is not None else ""
                if not target:
                    notices.append(Notice("skipped", "codings without a code"))
                    continue
                user = (coding.get("creatingUser") or "").strip().lower()
                records.extend(SegmentRow(
                    where=sel.where, expert=expert, profession=None, text=text, theme=None, subtheme=None,
                    source=s.name, start=sel.start, end=sel.end, coder=users.get(user) or user or None,
                    at=coding.get("creationDateTime"), code_key=key,
                    source_key=s.guid, selections=(sel.guid,), memos=tuple(notes.on_selection.get(sel.guid, ())),
                ) for key in set_keys.get(target, [target]))
    memos = [m for spec in notes.specs for m in (
        [dataclasses.replace(spec, key=k) for k in set_keys.get(spec.key or "", [spec.key])]
        if spec.target == "code" else [spec])]
    return records + memos + experts.notices + notices


def read_refi(path: Path, ctx: ReadContext) -> list[Section]:
    """A REFI-QDA project or codebook as one section of records; raises BadInput naming the element."""
    if path.suffix.lower() == ".qdc":
        return read_qdc(path, ctx)
    files = ProjectFiles(path, ctx.local_files, ctx.sources_dir)
    try:
        root = parse_xml(files.qde_bytes(), files.where)
        if local(root.tag) == "CodeBook":
            return codebook_section(root, files.where)
        if local(root.tag) != "Project":
            raise BadInput(f"expected a REFI-QDA <Project> (urn:QDA-XML:project:1.0), found <{local(root.tag)}>",
                           files.where)
        records = _project_records(root, files)
    finally:
        files.close()
    return [Section(records, study_name=(root.get("name") or "").strip() or path.stem, format="refi")]
