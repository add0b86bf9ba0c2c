"""Studies for the explorer's tests: the bundled sample (the demo), a study whose every name,
attribute and quote carries markup, and a generated study of 208 codes."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from api.demo import DEMO_STUDY
from graph.store import GraphStore
from tests.factories import KNOWN_HEADER, write_csv

HOSTILE = "hostile"
SCRIPT = "<script>window.__pwned=1</script>"
IMG = "<img src=x onerror=window.__pwned=1>"
# what an escaped SCRIPT looks like in HTML, and in the JSON embedded in a page (tojson)
ESCAPED = "&lt;script&gt;window.__pwned=1&lt;/script&gt;"
ESCAPED_JSON = "\\u003cscript\\u003ewindow.__pwned=1\\u003c/script\\u003e"
ESCAPED_IMG = ("&lt;img src=x onerror=window.__pwned=1&gt;", "\\u003cimg src=x onerror=window.__pwned=1\\u003e")


def hrefs(html: str, pattern: str) -> list[str]:
    """The links of `html` that start with `pattern` (a regular expression), unescaped."""
    return [unescape(h) for h in re.findall(r'href="(' + pattern + r'[^"]*)"', html)]


def load_demo(store: GraphStore) -> None:
    from loaders.pipeline import LoadOptions, load_paths
    from loaders.sample import sample_path

    load_paths(store, [sample_path()], LoadOptions(study=DEMO_STUDY, codebook="reference"))


def load_hostile(store: GraphStore, tmp_path: Path) -> None:
    """Markup in an expert's pseudonym, profession and attribute, in a theme's and a sub-theme's
    name, and in quote text; a second expert so that codes co-occur."""
    from loaders.pipeline import LoadOptions, load_paths

    theme, sub = f"Risks {SCRIPT}", f"User risk {IMG}"
    rows = [
        [f"P1{SCRIPT}", f"nurse {SCRIPT}", f"Hunan{IMG}", "12", "2024-01-01", theme, sub, f"It said {SCRIPT} and {IMG}."],
        [f"P1{SCRIPT}", f"nurse {SCRIPT}", f"Hunan{IMG}", "12", "2024-01-01", theme, "Other", f"Also {SCRIPT}."],
        ["P2", "psychiatrist", "Hunan", "3", "2024-01-02", theme, sub, "Plain words about user risk."],
        ["P2", "psychiatrist", "Hunan", "3", "2024-01-02", theme, "Other", "More plain words."],
    ]
    load_paths(store, [write_csv(tmp_path / "hostile.csv", rows, KNOWN_HEADER)], LoadOptions(study=HOSTILE))
