"""XML parsed through defusedxml: no entity declarations, no external references, no DTD fetch.

Element names are compared without their namespace (`local`), since exporters differ in
whether and how they write `urn:QDA-XML:project:1.0`.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as DET
from defusedxml import DefusedXmlException

from graph.errors import BadInput

__all__ = ["parse_xml", "local", "children", "child", "Element"]


def parse_xml(data: bytes, where: str) -> Element:
    """The root element; raises BadInput naming `where` for refused or malformed XML."""
    try:
        return DET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise BadInput(f"refused: the XML declares entities or external references ({type(exc).__name__}); "
                       "QDA exports never need them", where) from exc
    except ParseError as exc:
        line, column = exc.position
        raise BadInput(f"malformed XML at line {line}, column {column}; export the file again", where) from exc


def local(tag: str) -> str:
    """A tag without its '{namespace}'."""
    return tag.rsplit("}", 1)[-1]


def children(element: Element, name: str) -> list[Element]:
    return [c for c in element if local(c.tag) == name]


def child(element: Element, name: str) -> Element | None:
    return next((c for c in element if local(c.tag) == name), None)
