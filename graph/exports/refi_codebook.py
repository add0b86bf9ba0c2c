"""A study's codebook as a REFI-QDA codebook (`.qdc`, namespace urn:QDA-XML:codebook:1.0)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from graph.codebook import Codebook
from graph.exports.refi_project import ORIGIN, guid_for
from graph.naming import is_theme_uid

__all__ = ["CODEBOOK_NS", "codebook_xml"]

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"


def codebook_xml(codebook: Codebook) -> bytes:
    """The code tree with descriptions, guids as in the project export (`graph.exports.refi_project`)."""
    ET.register_namespace("", CODEBOOK_NS)
    q = lambda tag: f"{{{CODEBOOK_NS}}}{tag}"  # noqa: E731
    root = ET.Element(q("CodeBook"), origin=ORIGIN)
    codes = ET.SubElement(root, q("Codes"))
    children: dict[str, list] = {}
    for s in sorted(codebook.subthemes, key=lambda s: (s.order, s.uid)):
        children.setdefault(s.parent, []).append(s)

    def add(parent: ET.Element, code) -> None:  # a Theme or a SubTheme
        kept = code.uid.split(":theme:" if is_theme_uid(code.uid) else ":subtheme:", 1)[-1]
        el = ET.SubElement(parent, q("Code"), guid=guid_for(code.uid, kept), name=code.name, isCodable="true")
        if code.description:
            ET.SubElement(el, q("Description")).text = code.description
        for child in children.get(code.uid, []):
            add(el, child)

    for t in sorted(codebook.themes, key=lambda t: (t.order, t.uid)):
        add(codes, t)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
