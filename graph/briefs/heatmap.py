"""The heatmap of profession by code (sub-theme, or theme for a flat codebook), drawn with
matplotlib (Agg) as PNG bytes.

Colour is the share of a profession's experts who raised a code; each cell is labelled 'n/N'
with the numbers of the brief's table, and a small group's cells (fewer than
`table.small_group` experts) carry the small-group mark and a hatch. The same table gives the same bytes: fixed size
and resolution, no timestamp or software name in the file.
"""

from __future__ import annotations

import io
import textwrap
import threading
import warnings
from functools import cache

from graph.briefs.model import EvidenceTable
from graph.briefs.phrases import SMALL_MARK

__all__ = ["render_heatmap", "DPI", "WIDTH_IN"]

DPI = 100
WIDTH_IN = 8.0
_ROW_IN = 0.42
_CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei", "Droid Sans Fallback")
# rc_context changes matplotlib's global settings; two briefs drawn at once (API threads) must not mix.
_LOCK = threading.Lock()


@cache
def _fonts() -> list[str]:
    """DejaVu Sans, then an installed CJK font (if any) for the glyphs DejaVu lacks."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return ["DejaVu Sans", *(name for name in _CJK_FONTS if name in installed)][:2]


def _wrap(label: str, width: int) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def render_heatmap(table: EvidenceTable) -> bytes | None:
    """PNG bytes of the table with codes down the side and rows across; None if it has no cells."""
    if not table.cols or not table.rows:
        return None
    shares = [[(table.cells[i][j].n / table.row_sizes[i]) if table.row_sizes[i] else 0.0
               for i in range(len(table.rows))] for j in range(len(table.cols))]
    height = 1.6 + _ROW_IN * len(table.cols)
    # matplotlib is imported here, not at the top: every command imports this module, few draw.
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    with _LOCK, rc_context({"font.family": _fonts(), "font.size": 9}):
        fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        image = ax.imshow(shares, cmap="Blues", vmin=0.0, vmax=1.0, aspect="auto")
        small = [n < table.small_group for n in table.row_sizes]
        for i in (i for i in range(len(table.rows)) if small[i]):
            ax.add_patch(Rectangle((i - 0.5, -0.5), 1, len(table.cols), fill=False, hatch="//", edgecolor="#888888",
                                   linewidth=0))
        for j in range(len(table.cols)):
            for i in range(len(table.rows)):
                cell = table.cells[i][j]
                ax.text(i, j, f"{cell.n}/{cell.of}{SMALL_MARK if small[i] else ''}", ha="center", va="center",
                        color="white" if shares[j][i] > 0.6 else "black")
        ax.set_xticks(range(len(table.rows)),
                      [_wrap(f"{r} (n={n}){SMALL_MARK if s else ''}", 18)
                       for r, n, s in zip(table.rows, table.row_sizes, small)])
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(table.cols)), [_wrap(c, 40) for c in table.cols])
        groups = list(zip(table.col_categories, table.col_themes or [None] * len(table.cols)))
        for j in range(1, len(table.cols)):
            if groups[j] != groups[j - 1]:
                ax.axhline(j - 0.5, color="black", linewidth=1.5)
        ax.tick_params(length=0)
        bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
        bar.set_label("share of the profession's experts")
        fig.tight_layout()
        buffer = io.BytesIO()
        with warnings.catch_warnings():
            # Without a CJK font, CJK labels draw as boxes; a warning per glyph helps nobody.
            warnings.filterwarnings("ignore", message="Glyph .* missing from font")
            fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()
