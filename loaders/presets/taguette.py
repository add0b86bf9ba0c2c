"""Taguette's highlights export. Verified against the exporting code: `id, document, tag, content`,
one row per highlight and tag; a highlight without a tag has an empty `tag`."""

from __future__ import annotations

from loaders.layout import Layout

__all__ = ["TAGUETTE"]

TAGUETTE = Layout(
    name="taguette",
    columns={"ref": ("id",), "expert": ("document",), "source": ("document",), "code": ("tag",),
             "text": ("content",)},
    required=("expert", "text", "code"),
    signature=(("id",), ("document",), ("tag",), ("content",)),
    untagged="highlights without a tag",
)
