"""ATLAS.ti's Quotation Manager export (the quotations, with their codes) and Code Manager export
(the codes, with their groups: `--codebook` for a Quotation Manager export).

Seen in real exports (confirmed):
- ATLAS.ti 9 (2021-2022), codes one a line in the `Codes` cell: ID, Quotation Name, Document,
  Document Groups, Quotation Content, Comment, Codes, Reference, Density, Created by, Modified by,
  Created, Modified -- github.com/eddiechapman/reddit-capitol-insurrection-url-analysis
  data-raw/quotation_manager_output.csv (CSV); github.com/ateeuw/FoodSecGovSim2 Data_processing.R (XLSX)
- ATLAS.ti 23/24 Quotation Manager: Number, Reference, Name, Text Content, Document, Codes, Number
  of Codes, Comment, Start position, End position, Extent, Creator, Creation Date, Modifier,
  Modification Date; the `Codes` cell joins the codes with ", " although code names hold ", "
  themselves ("Extensive, Non-local Unsafe"), so only `Number of Codes` and the code names
  tell where one ends; and Code Manager: Code, Groundedness, Density, Groups, Number of Groups,
  Comment, Creator, Creation Date, Modifier, Modification Date -- real exports quoted in
  ThemeGraph issue #15.

How a joined cell is split: see `loaders.joined_codes`. Code groups (the Code Manager's `Groups`)
are themes: a code in a group is a sub-theme under it, a code in two groups a sub-theme under
each (one coding of it counts under both groups), a code in none a theme of its own.
"""

from __future__ import annotations

from loaders.layout import Layout

__all__ = ["ATLASTI", "ATLASTI_CODES"]

ATLASTI = Layout(
    name="atlasti",
    columns={"ref": ("id", "quotation id", "number"), "text": ("quotation content", "text content", "content"),
             "code": ("codes",), "count": ("number of codes",), "expert": ("document",), "source": ("document",),
             "groups": ("document groups",), "coder": ("created by", "creator", "modified by", "modifier"),
             "at": ("created", "creation date", "modified", "modification date"), "memo": ("comment",)},
    required=("expert", "text", "code"),
    signature=(("quotation content", "quotation name", "text content"), ("codes",), ("document",)),
    codes_per_cell="\n",
    codes_joined=", ",
    code_lookup=True,
    ignore=("quotation name", "name", "density", "reference", "start", "end", "start position", "end position",
            "extent", "number", "modified by", "modified", "created by", "created", "creator", "creation date",
            "modifier", "modification date"),
)

ATLASTI_CODES = Layout(
    name="atlasti-codes",
    columns={"code": ("code",), "code_groups": ("groups", "code groups"), "group_count": ("number of groups",),
             "memo": ("comment",)},
    required=("code",),
    signature=(("code",), ("groundedness",), ("density",)),
    codes_joined=", ",
    attributes="none",
    kind="codebook",
)
