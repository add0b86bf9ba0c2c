"""Word's own footnotes for python-docx, which has no API for them: each reference is a
`w:footnoteReference` run in the body, and the notes go into a footnotes part
(`word/footnotes.xml`) related to the document, its content type declared by the package
writer. Word numbers the notes itself; every reference gets its own note, as in Word."""

from __future__ import annotations

from xml.sax.saxutils import escape

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph

__all__ = ["WordFootnotes"]

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_SUPER = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
)


class WordFootnotes:
    """The footnotes of one document: `add` while writing the body, `attach` before saving."""

    def __init__(self) -> None:
        self._notes: list[str] = []

    def __len__(self) -> int:
        return len(self._notes)

    def add(self, paragraph: Paragraph, text: str) -> int:
        """Put a footnote reference at the end of `paragraph`, its note saying `text`; its id."""
        note_id = len(self._notes) + 1
        self._notes.append(text)
        run = parse_xml(f'<w:r {nsdecls("w")}>{_SUPER}<w:footnoteReference w:id="{note_id}"/></w:r>')
        paragraph._p.append(run)
        return note_id

    def xml(self) -> bytes:
        notes = "".join(
            f'<w:footnote w:id="{i}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="18"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p>'
            "</w:footnote>"
            for i, text in enumerate(self._notes, start=1))
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {_W}>{_SEPARATORS}{notes}'
                "</w:footnotes>").encode()

    def attach(self, doc: DocxDocument) -> None:
        """Add the footnotes part to the document (once, after the body is written)."""
        if not self._notes:
            return
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.xml(), doc.part.package)
        doc.part.relate_to(part, RT.FOOTNOTES)
