"""The bundled illustrative sample: where it is, and the notice every study loaded from it carries.

A study loaded from the sample file (recognised by its bytes, however it is named) gets the
notice as a property, once, at load; views, briefs and the explorer show the study's notice.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from pathlib import Path

__all__ = ["ILLUSTRATIVE", "sample_path", "is_sample"]

ILLUSTRATIVE = ("Illustrative data. The quotes and counts come from ThemeGraph's bundled sample: text written for "
                "the project, modelled on the published design of the study. They are not the study's data; do not "
                "cite them as its findings.")


def sample_path() -> Path:
    """The illustrative sample: packaged in a wheel, or in the source tree's examples/."""
    packaged = resources.files("loaders").joinpath("sample", "segments.csv")
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "examples" / "sample" / "segments.csv"


@cache
def _sample_digest() -> str:
    return hashlib.sha256(sample_path().read_bytes()).hexdigest()


def is_sample(path: Path) -> bool:
    """Whether the file is the bundled sample, byte for byte."""
    try:
        return path.stat().st_size == sample_path().stat().st_size and \
            hashlib.sha256(path.read_bytes()).hexdigest() == _sample_digest()
    except OSError:
        return False
