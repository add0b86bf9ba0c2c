"""QualCoder's coding report, exported as CSV (Reports > Coding reports > Export).

Verified against the exporting code: QualCoder 2.x writes `File/case, Coder, Coded, Id, Codename,
Coded_Memo, Category..., FileVar_..., CaseVar_...` (categories nearest-first; the coding
report's `export_csv_file` in github.com/ccbogel/QualCoder); QualCoder 3.x writes `File` (or `Case` when the
report selects cases) in the first column: `"File","Coder","Coded","Id","Codename","Coded_Memo","Category"`,
all cells quoted, as in a real focus-group export read by an R script (Id `ctid:N`, File
`Grupo 2 - ... .docx`) and in a QualCoder-compatible exporter's test (`test_file_mode_csv_exact_columns`).

`Id` identifies a coding (`ctid:`, `imid:` image, `avid:` audio/video), not a quotation: two coders'
codings of one text are two ids and one quote. `Coded_Memo` is the coder's memo on that coding.
"""

from __future__ import annotations

from loaders.layout import Layout

__all__ = ["QUALCODER"]

QUALCODER = Layout(
    name="qualcoder",
    columns={"expert": ("file/case", "file", "case"), "source": ("file/case", "file", "case"), "coder": ("coder",),
             "text": ("coded",), "id": ("id",), "code": ("codename",), "category": ("category",),
             "memo": ("coded_memo",)},
    required=("expert", "text", "code"),
    signature=(("codename",), ("coded",)),
    attributes="prefixed",
    attribute_prefixes=("FileVar_", "CaseVar_"),
    skip_ids=(("imid:", "image codings"), ("avid:", "audio/video codings")),
    repeated=("category",),
)
