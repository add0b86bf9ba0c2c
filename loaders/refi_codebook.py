"""The REFI-QDA code tree (`<CodeBook><Codes>`), from a project or a `.qdc` codebook file.

Top-level codes become themes, codes below become sub-themes chained with PART_OF; codes
with isCodable="false" are kept as structure. Guids are the stable keys (lower-cased: MAXQDA
writes them upper-case).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from graph.errors import BadInput
from loaders.reading import ReadContext, Section
from loaders.records import CodeSpec
from loaders.safe_xml import Element, child, children, local, parse_xml

__all__ = ["code_specs", "codebook_section", "read_qdc", "guid_of", "MAX_XML", "MAX_DEPTH", "code_sets_as_themes"]

MAX_XML = 512 * 1024**2


def guid_of(element: Element, where: str, attribute: str = "guid") -> str:
    value = (element.get(attribute) or "").strip().lower()
    if not value:
        raise BadInput(f"<{local(element.tag)}> has no {attribute}; the export is incomplete", where)
    return value


def _text(element: Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


MAX_DEPTH = 50  # levels of a code tree; real projects have 2-4, and each level lengthens the codes' uids


def code_specs(codes: Element | None, where: str) -> Iterator[CodeSpec]:
    """The codes under a `<Codes>` element in document order, parents before children;
    BadInput past MAX_DEPTH levels. Walked with a stack: a hostile file may nest thousands."""
    if codes is None:
        return

    def below(element: Element, parent: str | None, path: str, depth: int) -> list[tuple[Element, str | None, str, int]]:
        found = children(element, "Code")
        if found and depth == MAX_DEPTH:
            raise BadInput(f"the code tree is more than {MAX_DEPTH} levels deep; ThemeGraph reads at most "
                           f"{MAX_DEPTH} (is the export broken?)", path)
        return [(code, parent, f"{path}/Code[{i + 1}]", depth + 1) for i, code in reversed(list(enumerate(found)))]

    stack = below(codes, None, f"{where}/CodeBook/Codes", 0)
    while stack:
        code, parent, here, depth = stack.pop()
        key = guid_of(code, here)
        name = (code.get("name") or "").strip()
        if not name:
            raise BadInput("a code without a name; name it in the QDA tool and export again", here)
        yield CodeSpec(here, key, name, parent, _text(child(code, "Description")),
                       codable=(code.get("isCodable") or "true").strip().lower() != "false")
        stack += below(code, key, here, depth)


def code_sets_as_themes(specs: list[CodeSpec], root: Element, where: str
                        ) -> tuple[list[CodeSpec], dict[str, list[str]]]:
    """A flat code tree regrouped by the project's code sets (ATLAS.ti's code groups: `<Set>`s with
    `<MemberCode>`s): each set is a theme, each code a sub-theme under every set that holds it, a
    code in no set a theme of its own. Returns the specs and, for each code guid in a set, the
    keys its codings go to (one per set: a coding counts under each of its code's groups).

    A tree with levels of its own, or a project without code sets, is returned as it is.
    """
    if any(spec.parent is not None for spec in specs):
        return specs, {}
    sets = []
    for i, member_set in enumerate(children(child(root, "Sets") or root, "Set")):
        members = [(m.get("targetGUID") or "").strip().lower() for m in children(member_set, "MemberCode")]
        members = [m for m in members if m]
        name = (member_set.get("name") or "").strip()
        if members and name:
            here = f"{where}/Sets/Set[{i + 1}]"
            sets.append((guid_of(member_set, here), name, members, here, _text(child(member_set, "Description"))))
    declared = {spec.key for spec in specs}
    sets = [x for x in sets if any(m in declared for m in x[2])]
    if not sets:
        return specs, {}
    regrouped = [CodeSpec(here, f"set:{guid}", name, None, description) for guid, name, _, here, description in sets]
    keys: dict[str, list[str]] = {}
    for spec in specs:
        holders = [guid for guid, _, members, _, _ in sets if spec.key in members]
        if not holders:
            regrouped.append(spec)
            continue
        for guid in holders:
            key = f"set:{guid}/{spec.key}"
            keys.setdefault(spec.key, []).append(key)
            regrouped.append(CodeSpec(spec.where, key, spec.name, f"set:{guid}", spec.description, spec.codable))
    return regrouped, keys


def codebook_section(root: Element, where: str) -> list[Section]:
    """The sections of a parsed `<CodeBook>` root; raises BadInput when it is not one or is empty."""
    if local(root.tag) != "CodeBook":
        raise BadInput(f"expected a REFI-QDA <CodeBook> (urn:QDA-XML:codebook:1.0), found <{local(root.tag)}>",
                       where)
    specs = list(code_specs(child(root, "Codes"), where))
    if not specs:
        raise BadInput("the codebook defines no codes", where)
    # a codebook is not a project: like any other file it goes to --study or 'default'
    return [Section(specs, format="refi-codebook")]


def read_qdc(path: Path, ctx: ReadContext) -> list[Section]:
    """A `.qdc` codebook: one section of CodeSpecs; raises BadInput for refused or bad XML."""
    if path.stat().st_size > MAX_XML:
        raise BadInput(f"the codebook is larger than {MAX_XML} bytes", str(path))
    return codebook_section(parse_xml(path.read_bytes(), str(path)), str(path))
