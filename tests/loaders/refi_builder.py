"""REFI-QDA projects built with the standard library, for tests: codes, users, cases with
variables, text sources with selections and codings, sets, and the .qdpx zip around them."""

from __future__ import annotations

import itertools
import uuid
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

NS = "urn:QDA-XML:project:1.0"
_ids = itertools.count(1)


def guid(upper: bool = False) -> str:
    value = str(uuid.UUID(int=next(_ids) * 7919 + 1))
    return value.upper() if upper else value


def span(text: str, part: str, unit: str = "cp", occurrence: int = 0) -> tuple[int, int]:
    """The (start, end) of `part` in `text`, in code points ('cp') or UTF-16 units ('u16')."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(part, start + 1)
    end = start + len(part)
    if unit == "cp":
        return start, end
    return len(text[:start].encode("utf-16-le")) // 2, len(text[:end].encode("utf-16-le")) // 2


@dataclass
class Code:
    name: str
    children: list[Code] = field(default_factory=list)
    codable: bool = True
    guid: str = field(default_factory=guid)


@dataclass
class Coding:
    code: str  # code guid
    user: str | None = None  # user guid
    at: str = "2024-03-01T10:00:00Z"


@dataclass
class Selection:
    start: int
    end: int
    codings: list[Coding] = field(default_factory=list)
    guid: str = field(default_factory=guid)


@dataclass
class Source:
    name: str
    text: str | None
    selections: list[Selection] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"
    bom: bool = False
    path: str | None = None  # plainTextPath; default internal://GUID.txt
    inline: bool = False  # PlainTextContent instead of a file
    guid: str = field(default_factory=guid)
    rich_path: str | None = None  # richTextPath (the document the text was taken from)

    @property
    def file_name(self) -> str:
        return f"{self.guid}.txt"

    def data(self) -> bytes:
        assert self.text is not None
        raw = self.text.encode(self.encoding)
        if self.bom and self.encoding == "utf-8":
            raw = b"\xef\xbb\xbf" + raw
        return raw


@dataclass
class Case:
    name: str
    variables: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    selections: list[str] = field(default_factory=list)
    guid: str = field(default_factory=guid)


@dataclass
class Project:
    codes: list[Code]
    sources: list[Source]
    users: dict[str, str] = field(default_factory=dict)  # guid -> name
    cases: list[Case] = field(default_factory=list)
    sets: dict[str, list[str]] = field(default_factory=dict)  # set name -> member source guids
    other_sources: list[tuple] = field(default_factory=list)  # (PDFSource..., codings[, guid])
    code_sets: dict[str, list[str]] = field(default_factory=dict)  # set name -> member code guids
    origin: str = "TestTool 1.0"
    name: str = "Test project"
    base_path: str | None = None

    def variable_names(self) -> list[str]:
        names: list[str] = []
        for owner in [*self.cases, *self.sources]:
            names += [n for n in owner.variables if n not in names]
        return names

    def xml(self) -> bytes:
        ET.register_namespace("", NS)
        q = lambda tag: f"{{{NS}}}{tag}"  # noqa: E731
        attrs = {"name": self.name, "origin": self.origin}
        if self.base_path is not None:
            attrs["basePath"] = self.base_path
        root = ET.Element(q("Project"), attrs)
        users = ET.SubElement(root, q("Users"))
        for g, n in self.users.items():
            ET.SubElement(users, q("User"), guid=g, name=n)
        codes = ET.SubElement(ET.SubElement(root, q("CodeBook")), q("Codes"))

        def add(parent: ET.Element, code: Code) -> None:
            el = ET.SubElement(parent, q("Code"), guid=code.guid, name=code.name,
                               isCodable="true" if code.codable else "false")
            for c in code.children:
                add(el, c)

        for code in self.codes:
            add(codes, code)
        var_guid = {n: guid() for n in self.variable_names()}
        if var_guid:
            variables = ET.SubElement(root, q("Variables"))
            for n, g in var_guid.items():
                ET.SubElement(variables, q("Variable"), guid=g, name=n, typeOfVariable="Text")

        def values(parent: ET.Element, given: dict[str, str]) -> None:
            for n, v in given.items():
                vv = ET.SubElement(parent, q("VariableValue"))
                ET.SubElement(vv, q("VariableRef"), targetGUID=var_guid[n])
                ET.SubElement(vv, q("TextValue")).text = v

        if self.cases:
            cases = ET.SubElement(root, q("Cases"))
            for case in self.cases:
                el = ET.SubElement(cases, q("Case"), guid=case.guid, name=case.name)
                values(el, case.variables)
                for s in case.sources:
                    ET.SubElement(el, q("SourceRef"), targetGUID=s)
                for s in case.selections:
                    ET.SubElement(el, q("SelectionRef"), targetGUID=s)
        sources = ET.SubElement(root, q("Sources"))
        for src in self.sources:
            el = ET.SubElement(sources, q("TextSource"), guid=src.guid, name=src.name)
            if src.rich_path:
                el.set("richTextPath", src.rich_path)
            if src.inline:
                ET.SubElement(el, q("PlainTextContent")).text = src.text
            else:
                el.set("plainTextPath", src.path or f"internal://{src.file_name}")
            for sel in src.selections:
                s = ET.SubElement(el, q("PlainTextSelection"), guid=sel.guid, name="",
                                  startPosition=str(sel.start), endPosition=str(sel.end))
                for c in sel.codings:
                    coding = ET.SubElement(s, q("Coding"), guid=guid(), creationDateTime=c.at)
                    if c.user:
                        coding.set("creatingUser", c.user)
                    ET.SubElement(coding, q("CodeRef"), targetGUID=c.code)
            values(el, src.variables)
        for tag, n, *given in self.other_sources:
            el = ET.SubElement(sources, q(tag), guid=given[0] if given else guid(), name=f"{tag}.bin",
                               path="internal://x.bin")
            sel = ET.SubElement(el, q("PDFSelection" if tag == "PDFSource" else "PictureSelection"), guid=guid())
            for _ in range(n):
                coding = ET.SubElement(sel, q("Coding"), guid=guid())
                ET.SubElement(coding, q("CodeRef"), targetGUID=self.codes[0].guid)
        if self.sets or self.code_sets:
            sets = ET.SubElement(root, q("Sets"))
            for n, members in self.sets.items():
                el = ET.SubElement(sets, q("Set"), guid=guid(), name=n)
                for m in members:
                    ET.SubElement(el, q("MemberSource"), targetGUID=m)
            for n, members in self.code_sets.items():
                el = ET.SubElement(sets, q("Set"), guid=guid(), name=n)
                for m in members:
                    ET.SubElement(el, q("MemberCode"), targetGUID=m)
        return ET.tostring(root, encoding="utf-8", xml_declaration=True)

    def write_qdpx(self, path: Path, qde: str = "project.qde", folder: str = "sources",
                   compression: int = zipfile.ZIP_DEFLATED) -> Path:
        with zipfile.ZipFile(path, "w", compression) as z:
            z.writestr(qde, self.xml())
            for src in self.sources:
                if src.text is not None and not src.inline and src.path is None:
                    z.writestr(f"{folder}/{src.file_name}", src.data())
        return path

    def write_qde(self, folder: Path, sources_folder: str = "sources") -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / sources_folder).mkdir(exist_ok=True)
        for src in self.sources:
            if src.text is not None and not src.inline:
                (folder / sources_folder / (src.path or src.file_name).split("://")[-1]).write_bytes(src.data())
        path = folder / "project.qde"
        path.write_bytes(self.xml())
        return path
