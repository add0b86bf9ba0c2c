"""NVivo coding summaries and coding extracts.

Seen in a real NVivo 12 coding extract (confirmed): Hierarchical Name (the node, `Nodes\\\\Errors`),
Code Type, Description, Aggregate, List Order, Hierarchical Name (the file,
`Files\\\\BWOH\\\\BWOH_Craft_Juanita`), File Type, Classification, Folder Location, Coverage, Number Of
Coding References, Reference Number, Coded By Initials, Modified On, Coded Text --
github.com/ohtap/ohtap NVivo_output/data/errors_12-22-20.txt, read as `Hierarchical Name.1` in
NVivo_output/pandas_interface_for_nvivo_output.py
"""

from __future__ import annotations

from loaders.layout import Layout

__all__ = ["NVIVO"]

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
