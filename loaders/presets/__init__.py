"""Each QDA tool's tabular export as a `loaders.layout.Layout`, one module a tool, with the real
exports each was checked against cited beside it."""

from loaders.presets.atlasti import ATLASTI, ATLASTI_CODES
from loaders.presets.maxqda import MAXQDA
from loaders.presets.nvivo import NVIVO
from loaders.presets.qualcoder import QUALCODER
from loaders.presets.taguette import TAGUETTE

__all__ = ["ATLASTI", "ATLASTI_CODES", "MAXQDA", "NVIVO", "QUALCODER", "TAGUETTE"]
