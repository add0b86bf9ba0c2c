"""The pages as text: self-contained (no http:// or https:// anywhere), data escaped, tooltips
plain, scripts allowed by nonce only, files written as UTF-8 whatever the locale."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from api.demo import DEMO_STUDY, run_demo
from graph.quotes import QuoteQuery
from graph.store import GraphStore
from graph.stores.memory import MemoryStore
from graph.views import FileLinks, ViewSpec, build_view, render_view
from graph.views.page import vis_script
from loaders.sample import ILLUSTRATIVE
from tests.views.conftest import HOSTILE_STUDY, IMG, SCRIPT, load_hostile

DEMO_FILES = ["view-overview.html", "view-risks.html", "view-expert-p01.html", "view-theme-risks.html"]


def page_data(page: str) -> dict:
    """The JSON the page draws, parsed back."""
    m = re.search(r'<script id="tg-data" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(m[1])


def assert_self_contained(page: str) -> None:
    """No URL at all; no element or style that would fetch anything."""
    assert "http://" not in page and "https://" not in page
    assert not re.search(r"<(script|img|iframe|embed|object|audio|video|source)\b[^>]*\ssrc=|<link\b", page, re.I)
    styles = "".join(re.findall(r"<style>(.*?)</style>", page, re.S))
    assert "@import" not in styles and not re.search(r"url\((?!\"?data:)", styles)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    run_demo(MemoryStore(out / "store"), out)
    return out


def test_demo_writes_four_linked_self_contained_views(demo_dir: Path) -> None:
    for name in DEMO_FILES + ["risks.md", "risks-matrix.csv", "stats.json"]:  # the older outputs stay
        assert (demo_dir / name).stat().st_size > 0, name
    for name in DEMO_FILES:
        page = (demo_dir / name).read_text("utf-8")
        assert_self_contained(page)
        assert ILLUSTRATIVE.replace("'", "&#x27;") in page  # every page of the demo study says so
        hrefs = {d["href"] for d in page_data(page)["nodes"] if "href" in d}
        assert hrefs <= set(DEMO_FILES) - {name}  # a click leads only to a file that exists
    overview = page_data((demo_dir / "view-overview.html").read_text("utf-8"))
    gap = next(d for d in overview["nodes"] if d["kind"] == "theme" and d["color"]["background"] == "#D55E00")
    assert gap["href"] == "view-theme-risks.html"


def test_vis_network_is_inlined_without_urls() -> None:
    script = vis_script()
    assert len(script) > 400_000 and "vis.Network" not in script[:0] and "http://" not in script
    assert '"http:\\/\\/www.w3.org/2000/svg"' in script  # same string for JavaScript


def test_markup_in_the_data_stays_text(store: GraphStore, tmp_path: Path) -> None:
    load_hostile(store, tmp_path)
    expert = next(e for e in store.experts(HOSTILE_STUDY) if e.pseudonym.startswith("P1"))
    specs = [ViewSpec("overview", study=HOSTILE_STUDY), ViewSpec("risks", study=HOSTILE_STUDY),
             ViewSpec("expert", uid=expert.uid), ViewSpec("theme", uid=f"{HOSTILE_STUDY}:theme:technological-mental-health-gap")]
    quote = store.quotes(QuoteQuery(expert=expert.uid)).items[0]
    specs.append(ViewSpec("neighborhood", uid=quote.uid))
    for spec in specs:
        page = render_view(store, build_view(store, spec), FileLinks())
        assert_self_contained(page)
        assert SCRIPT not in page and IMG not in page and "<a href=\"javascript" not in page
        data = page_data(page)
        texts = [d.get("title", "") + d.get("label", "") for d in data["nodes"] + data["edges"]]
        assert not any("href" in t.lower() for t in texts)  # keeps pyvis's innerHTML popup off
        assert any(SCRIPT in t or IMG in t for t in texts), spec  # ...and the text is still there, as text
        nonce = re.search(r"script-src &#x27;nonce-([\w-]+)", page)[1]  # the only scripts the policy lets run:
        assert page.count(f'<script nonce="{nonce}">') == 2 and page.count('<script id="tg-data"') == 1
    if spec.kind == "neighborhood":
        quote_node = next(d for d in data["nodes"] if d["kind"] == "quote")
        assert quote_node["title"].replace("\u2060", "").startswith(f"“{quote.text}”")


def test_view_command_writes_utf8_under_a_c_locale(tmp_path: Path) -> None:
    data_dir = tmp_path / "store"
    load_hostile(MemoryStore(data_dir), tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "NEO4J_"))}
    env.update(LC_ALL="C", LANG="C", PYTHONUTF8="0", PYTHONIOENCODING="ascii:replace")
    out = tmp_path / "out" / "theme.html"
    cmd = [sys.executable, "-c", "from api.cli.main import run; run()", "--store", "memory", "--data-dir", str(data_dir),
           "view", f"theme:{HOSTILE_STUDY}:subtheme:technological-mental-health-gap.user-risk", "--out", str(out)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    page = out.read_bytes().decode("utf-8")
    assert "患者在危机中" in page and page.endswith("</html>\n")


def test_view_command_refuses_bad_specs(tmp_path: Path) -> None:
    from api.cli.main import main

    base = ["--store", "memory", "--data-dir", str(tmp_path / "s")]
    assert main([*base, "view", "galaxy", "--out", str(tmp_path / "x.html")]) == 2
    assert main([*base, "view", "overview", "--budget", "5", "--out", str(tmp_path / "x.html")]) == 2
    assert not (tmp_path / "x.html").exists()


def test_demo_study_pages_are_labelled_illustrative_and_others_not(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "s")
    run_demo(store, tmp_path / "demo")
    load_hostile(store, tmp_path)
    demo_page = render_view(store, build_view(store, ViewSpec("overview", study=DEMO_STUDY)), FileLinks())
    other = render_view(store, build_view(store, ViewSpec("overview", study=HOSTILE_STUDY)), FileLinks())
    assert 'class="note"' in demo_page and 'class="note"' not in other
