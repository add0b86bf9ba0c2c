"""Names that become keys (experts, professions, sources, codes, coders, attribute names) are bounded."""

from __future__ import annotations

from graph.errors import BadInput
from loaders.segment_row import SegmentRow

__all__ = ["MAX_NAME", "check_name", "check_names"]

MAX_NAME = 1000  # characters in a name that becomes a key: Neo4j cannot index a value past ~8 kB


def check_name(what: str, value: str | None) -> None:
    if value is not None and len(value) > MAX_NAME:
        raise BadInput(f"the {what} is {len(value)} characters long; names and codes are at most {MAX_NAME} "
                       "(is a text in the wrong column?)")


_NAMED = ("expert", "pseudonym", "profession", "source", "theme", "subtheme", "coder", "name", "key", "parent",
          "code_key", "source_key")


def check_names(record: object) -> None:
    """BadInput for the first name of the record past MAX_NAME characters."""
    if isinstance(record, SegmentRow):  # the usual record: one length test, a call per field only past it
        r = record
        if max(len(r.expert), len(r.profession or ""), len(r.source or ""), len(r.theme or ""),
               len(r.subtheme or ""), len(r.coder or ""), len(r.code_key or ""), len(r.source_key or ""),
               max(map(len, r.code_path), default=0), max((len(n) for n, _ in r.attributes), default=0)) <= MAX_NAME:
            return
    for what in _NAMED:
        value = getattr(record, what, None)
        check_name(what, value if isinstance(value, str) else None)
    for part in getattr(record, "code_path", ()) or ():
        check_name("code", part)
    for name, _ in getattr(record, "attributes", ()) or ():
        check_name("attribute name", name)
