"""Table layouts declared as data: the generic schema and the QDA tools' own exports.

A layout names, for each role (expert, text, code...), the header names that fill it
(compared whatever their case, spacing or kind of dash), and the columns whose presence
identifies the layout when --format is auto. Columns without a role are expert attributes
(or, where `attribute_prefixes` is set, only the prefixed ones, prefix dropped).

Verified against the exporting code: Taguette (`id, document, tag, content`) and QualCoder
(`File/case, Coder, Coded, Id, Codename, Coded_Memo, Category..., FileVar_..., CaseVar_...`,
categories nearest-first). MAXQDA, ATLAS.ti and NVivo headers follow their manuals' English
and German names, checked against real exports in public repositories (cited at each preset);
a variant these miss loads through a --mapping file.

A name may end in `#N`: the Nth column of that header (NVivo repeats `Hierarchical Name`). Any
other header that appears twice (`province, province`; `Gender, gender`) is refused, since one of
the two would be dropped, except the ones a tool repeats with the same values (`repeats`), which
must then agree on every row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from graph.errors import BadInput
from graph.naming import name_key

__all__ = ["Layout", "PRESETS", "GENERIC", "ATTRIBUTES", "detect_layout", "Roles"]

Roles = dict[str, int]


@dataclass(frozen=True)
class Layout:
    name: str
    columns: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    signature: tuple[tuple[str, ...], ...] = ()  # each group: one of these headers must be present
    code_separators: tuple[str, ...] = ()
    code_root: tuple[str, ...] = ()  # leading path parts that are the tool's root folder, not a code
    codes_per_cell: str | None = None
    attributes: Literal["rest", "prefixed", "listed", "none"] = "rest"
    attribute_prefixes: tuple[str, ...] = ()
    listed_attributes: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    ignore_prefixes: tuple[str, ...] = ()  # columns whose header starts so are not attributes
    name_paths: tuple[str, ...] = ()  # expert and source cells are paths (NVivo): the last part names them
    skip_ids: tuple[tuple[str, str], ...] = ()  # (id prefix, what is skipped)
    untagged: str | None = None  # rows without a code are skipped under this kind, not refused
    repeated: tuple[str, ...] = ()  # roles that many columns fill, in header order
    defaults: dict[str, str] = field(default_factory=dict)
    repeats: tuple[str, ...] = ()  # headers the tool writes twice with the same values

    def duplicate_columns(self, header: list[str]) -> list[list[int]]:
        """The columns of each header this layout allows twice (which must agree row by row);
        BadInput naming the columns for any other header that appears more than once."""
        at: dict[str, list[int]] = {}
        for i, h in enumerate(header):
            if h.strip():
                at.setdefault(name_key(h), []).append(i)
        indexed = {name_key(n.rpartition("#")[0]) for names in self.columns.values() for n in names
                   if n.rpartition("#")[2].isdigit()}
        many = {name_key(n) for role in self.repeated for n in self.columns[role]}  # QualCoder's categories
        allowed = {name_key(n) for n in self.repeats} | indexed | many
        for key, columns in at.items():
            if len(columns) > 1 and key not in allowed:
                named = " and ".join(f"{header[i].strip()!r} (column {i + 1})" for i in columns)
                raise BadInput(f"the header names one column twice: {named}; one of them would be dropped, so "
                               "rename or remove one")
        return [columns for key, columns in at.items() if len(columns) > 1 and key not in indexed | many]

    def roles(self, header: list[str]) -> tuple[Roles, dict[str, list[int]], list[tuple[int, str]]]:
        """Which column fills each role, the repeated roles' columns, and the attribute columns."""
        keys = [name_key(h) for h in header]
        roles: Roles = {}
        for role, names in self.columns.items():
            if role in self.repeated:
                continue
            for name in names:
                i = _column(keys, name)
                if i is not None:
                    roles[role] = i
                    break
        repeated = {role: [i for i, k in enumerate(keys) if k in {name_key(n) for n in self.columns[role]}]
                    for role in self.repeated}
        used = set(roles.values()) | {i for cols in repeated.values() for i in cols}
        ignored = {name_key(n) for n in self.ignore}
        prefixes = tuple(name_key(p) for p in self.ignore_prefixes)
        read = {keys[i] for i in used}  # MAXQDA repeats Dokumentname/Dokumentgruppe among the variables
        attributes: list[tuple[int, str]] = []
        for i, (raw, key) in enumerate(zip(header, keys)):
            if i in used or key in ignored or key in read or not raw.strip() or key.startswith(prefixes):
                continue
            read.add(key)
            if self.attributes == "rest":
                attributes.append((i, raw.strip()))
            elif self.attributes == "prefixed":
                prefix = next((p for p in self.attribute_prefixes if key.startswith(name_key(p))), None)
                if prefix:
                    attributes.append((i, raw.strip()[len(prefix):]))
            elif self.attributes == "listed" and key in {name_key(n) for n in self.listed_attributes}:
                attributes.append((i, raw.strip()))
        return roles, repeated, attributes

    def matches(self, header: list[str]) -> bool:
        keys = {name_key(h) for h in header}
        return bool(self.signature) and all(any(name_key(n) in keys for n in group) for group in self.signature)


def _column(keys: list[str], name: str) -> int | None:
    """The index of the column `name` names (`name#N`: its Nth column), or None."""
    base, sep, nth = name.rpartition("#")
    if not (sep and nth.isdigit() and int(nth) >= 1):
        base, nth = name, "1"
    found = [i for i, k in enumerate(keys) if k == name_key(base)]
    return found[int(nth) - 1] if len(found) >= int(nth) else None


_EXPERT = ("expert", "pseudonym", "participant", "speaker")
GENERIC = Layout(
    name="generic",
    columns={"expert": _EXPERT, "profession": ("profession", "occupation", "role"),
             "text": ("text", "quote", "segment"), "theme": ("theme",),
             "subtheme": ("subtheme", "sub-theme", "sub theme", "sub_theme"),
             "source": ("source", "document"), "language": ("language",), "coder": ("coder",)},
    required=("expert", "profession", "text", "theme", "subtheme"),
)

ATTRIBUTES = Layout(
    name="attributes",
    columns={"expert": (*_EXPERT, "case", "document name", "file/case", "document", "file"),
             "profession": ("profession", "occupation", "role", "职业")},
    required=("expert",),
)

# Real MAXQDA coded-segment exports seen:
# - German CSV (`;`): Farbe, Kommentar, Dokumentgruppe, Dokumentname, Code, Anfang, Ende, Gewicht, Segment,
#   Bearbeitet von, Bearbeitet am, Erstellt von, Erstellt am, Fläche, Abdeckungsgrad % --
#   github.com/julianschuler/MAXQDA-encoding-statistics src/main.rs
# - German XLSX with document variables: Dokumentname and Dokumentgruppe twice (the second among the
#   variables) -- github.com/M-Gartiser/GR_Redistribution R/document_variables.R
# - MAXQDA 24 XLSX: Document name, Code, Segment, Other codes assigned to segment (varies by segment),
#   `Code: ...` columns, document variables -- github.com/aufildelanuit/semi-controlled-touch-survey
#   Qualitative_Flavia/coded_export_data_processing.R, maxqda_data_preprocessing.R
MAXQDA = Layout(
    name="maxqda",
    columns={"expert": ("document name", "dokumentname"), "source": ("document name", "dokumentname"),
             "text": ("segment",), "code": ("code",),
             "coder": ("created by", "author", "modified by", "erstellt von", "autor", "bearbeitet von"),
             "at": ("created", "modified", "erstellt am", "bearbeitet am")},
    required=("expert", "text", "code"),
    signature=(("document name", "dokumentname"), ("segment",), ("code",)),
    code_separators=(" > ", "\\"),
    ignore=("color", "farbe", "beginning", "end", "anfang", "ende", "weight score", "gewicht", "comment",
            "kommentar", "area", "fläche", "coverage %", "abdeckungsgrad %", "modified by", "modified",
            "bearbeitet von", "bearbeitet am", "erstellt von", "erstellt am", "created by", "created",
            "other codes assigned to segment"),
    ignore_prefixes=("code: ",),
    repeats=("document name", "dokumentname", "document group", "dokumentgruppe"),
)

# Real ATLAS.ti quotation-manager exports seen (ATLAS.ti 9, 2021-2022), one header, codes one a line:
# ID, Quotation Name, Document, Document Groups, Quotation Content, Comment, Codes, Reference, Density,
# Created by, Modified by, Created, Modified -- github.com/eddiechapman/reddit-capitol-insurrection-url-analysis
# data-raw/quotation_manager_output.csv (CSV); github.com/ateeuw/FoodSecGovSim2 Data_processing.R (XLSX)
ATLASTI = Layout(
    name="atlasti",
    columns={"ref": ("id", "quotation id"), "text": ("quotation content", "content"), "code": ("codes",),
             "expert": ("document",), "source": ("document",), "groups": ("document groups",),
             "coder": ("created by", "modified by"), "at": ("created", "modified")},
    required=("expert", "text", "code"),
    signature=(("quotation content", "quotation name"), ("codes",), ("document",)),
    codes_per_cell="\n",
    ignore=("quotation name", "comment", "density", "reference", "start", "end", "number", "modified by",
            "modified", "created by", "created"),
)

# Real NVivo 12 coding extract seen: Hierarchical Name (the node, `Nodes\\Errors`), Code Type, Description,
# Aggregate, List Order, Hierarchical Name (the file, `Files\\BWOH\\BWOH_Craft_Juanita`), File Type,
# Classification, Folder Location, Coverage, Number Of Coding References, Reference Number,
# Coded By Initials, Modified On, Coded Text -- github.com/ohtap/ohtap NVivo_output/data/errors_12-22-20.txt,
# read as `Hierarchical Name.1` in NVivo_output/pandas_interface_for_nvivo_output.py
_NVIVO_FILE = ("file", "files", "name", "document", "hierarchical name#2")
NVIVO = Layout(
    name="nvivo",
    columns={"expert": _NVIVO_FILE, "source": _NVIVO_FILE,
             "text": ("coded text", "reference text", "text"),
             "code": ("hierarchical name", "code", "node", "codes", "nodes"),
             "coder": ("coded by initials", "coded by username", "coded by", "user"),
             "at": ("modified on", "coded on", "created on")},
    required=("expert", "text", "code"),
    signature=(("coded text", "reference text"), ("hierarchical name", "code", "node", "codes", "nodes")),
    code_separators=("\\",),
    code_root=("codes", "nodes"),
    ignore=("aggregate", "classification", "coverage", "number of coding references", "reference number",
            "modified by", "created by", "modified on", "created on", "coded on", "folder location",
            "file type", "reference", "code type", "description", "list order"),
    name_paths=("\\",),
)

QUALCODER = Layout(
    name="qualcoder",
    columns={"expert": ("file/case",), "source": ("file/case",), "coder": ("coder",), "text": ("coded",),
             "id": ("id",), "code": ("codename",), "category": ("category",)},
    required=("expert", "text", "code"),
    signature=(("codename",), ("coded",)),
    attributes="prefixed",
    attribute_prefixes=("FileVar_", "CaseVar_"),
    skip_ids=(("imid:", "image codings"), ("avid:", "audio/video codings")),
    repeated=("category",),
)

TAGUETTE = Layout(
    name="taguette",
    columns={"ref": ("id",), "expert": ("document",), "source": ("document",), "code": ("tag",),
             "text": ("content",)},
    required=("expert", "text", "code"),
    signature=(("id",), ("document",), ("tag",), ("content",)),
    untagged="highlights without a tag",
)

PRESETS: dict[str, Layout] = {x.name: x for x in (GENERIC, QUALCODER, TAGUETTE, MAXQDA, ATLASTI, NVIVO, ATTRIBUTES)}
_TEXT_OR_CODE = {name_key(n) for x in PRESETS.values() if x is not ATTRIBUTES
                 for role in ("text", "code", "theme", "subtheme") for n in x.columns.get(role, ())}


def detect_layout(header: list[str]) -> Layout:
    """The layout a header belongs to: generic if its columns are there, else the preset whose
    signature matches, else an attributes table (an expert column and no text or code column);
    the generic layout otherwise, so that its 'missing column' error names what is absent."""
    keys = {name_key(h) for h in header}
    if all(any(name_key(n) in keys for n in GENERIC.columns[r]) for r in GENERIC.required):
        return GENERIC
    for layout in PRESETS.values():
        if layout.matches(header):
            return layout
    if not keys & _TEXT_OR_CODE and any(name_key(n) in keys for n in ATTRIBUTES.columns["expert"]):
        return ATTRIBUTES
    return GENERIC
