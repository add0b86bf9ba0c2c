"""Real REFI-QDA exports load with the counts their README gives and quotes on word boundaries.

They are read from ../shared/fixtures/real-qda/ beside the repository (never copied into it).
Without that folder the tests skip, except in CI (CI set), where they fail. Further real
exports kept outside the repository are loaded from THEMEGRAPH_REAL_QDA_DIR, when set, and
their counts compared with an independent parse written here with the standard library.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path, PurePosixPath

import pytest

from graph.store import GraphStore
from graph.stores.memory import MemoryStore
from loaders.pipeline import LoadOptions, load_paths
from tests.loaders import graph_facts as facts

REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "real-qda"
NVIVO = REAL / "nvivo12-windows-oltas.qdpx"
ATLAS = REAL / "atlasti8-mac-testproject.qdpx"


@pytest.fixture(scope="module")
def real() -> Path:
    if not REAL.is_dir():
        # a user's clone, anywhere: only the project's own checkout has ../shared beside it (.ci/run says so)
        pytest.skip(f"the real REFI-QDA exports are not at {REAL.resolve()} (a clone without ../shared)")
    return REAL


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def independent_counts(path: Path) -> dict[str, int]:
    """Counts from the project's XML straight, with the standard library: what a load must match."""
    with zipfile.ZipFile(path) as z:
        qde = next(n for n in z.namelist() if n.lower().endswith(".qde"))
        root = ET.fromstring(z.read(qde))
        members = {PurePosixPath(n).name.lower() for n in z.namelist() if not n.endswith("/")}
    codes = [e for e in root.iter() if _local(e.tag) == "Code"]
    codebook = next(e for e in root if _local(e.tag) == "CodeBook")
    top = [e for e in next(e for e in codebook if _local(e.tag) == "Codes") if _local(e.tag) == "Code"]
    sources = next((e for e in root if _local(e.tag) == "Sources"), [])
    texts = [s for s in sources if _local(s.tag) == "TextSource"]
    ranges: set[tuple[str, str, str]] = set()
    pairs: set[tuple[str, str, str, str]] = set()
    missing = 0
    for s in texts:
        has_text = PurePosixPath((s.get("plainTextPath") or "").split("://")[-1]).name.lower() in members
        for sel in (c for c in s if _local(c.tag) == "PlainTextSelection"):
            codings = [c for c in sel if _local(c.tag) == "Coding"]
            if not codings:
                continue
            if not has_text:
                missing += 1
                continue
            key = (s.get("guid"), sel.get("startPosition"), sel.get("endPosition"))
            ranges.add(key)
            for c in codings:
                pairs.update((*key, r.get("targetGUID").lower()) for r in c if _local(r.tag) == "CodeRef")
    other = sum(1 for s in sources if _local(s.tag) != "TextSource" for e in s.iter() if _local(e.tag) == "Coding")
    # a flat code tree whose codes the project groups in sets: the sets are the themes, a code a sub-theme per set
    guids = {c.get("guid").lower() for c in codes}
    sets_el = next((e for e in root if _local(e.tag) == "Sets"), [])
    named_sets = [(st.get("name"), {m.get("targetGUID").lower() for m in st if _local(m.tag) == "MemberCode"} & guids)
                  for st in sets_el if _local(st.tag) == "Set" and st.get("name")]
    in_sets = [m for _, m in named_sets if m]
    if len(top) == len(codes) and in_sets:
        grouped = set().union(*in_sets)
        per_code = {g: sum(g in m for m in in_sets) for g in grouped}
        # a code in no set named like a set (ATLAS.ti's group-named code) is that set's theme
        set_names = {n.casefold() for n, m in named_sets if m}
        alone = {c.get("guid").lower() for c in codes if c.get("name").casefold() not in set_names} - grouped
        top_n = len(in_sets) + len(alone)
        nodes = top_n + sum(per_code.values())
        codings = sum(per_code.get(g, 1) for *_, g in pairs)
    else:
        top_n, nodes, codings = len(top), len(codes), len(pairs)
    return {"codes": len(codes), "top": len(top), "themes": top_n, "nodes": nodes, "codings": codings, "text_sources": len(texts), "quotes": len(ranges),
            "missing_text": missing, "other_codings": other,
            "selections": sum(1 for s in texts for c in s if _local(c.tag) == "PlainTextSelection")}


def test_nvivo_export_counts_and_utf16_offsets(real: Path, store: GraphStore) -> None:
    counts = independent_counts(NVIVO)
    assert (counts["codes"], counts["top"], counts["text_sources"], counts["selections"], counts["quotes"]) == \
        (60, 11, 1, 97, 20)  # as the fixtures' README says
    (report,) = load_paths(store, [NVIVO], LoadOptions(study="oltas"))
    stats = store.stats()
    assert (stats.themes, stats.themes + stats.subthemes, stats.sources, stats.quotes) == (11, 60, 1, 20)
    assert stats.codings == report.codings == counts["codings"]
    assert report.rows == 97 and report.offsets.startswith("UTF-16 code units")
    assert max(len(p.split(" > ")) for p in _paths(store)) == 3  # three levels deep

    with zipfile.ZipFile(NVIVO) as z:
        raw = z.read(next(n for n in z.namelist() if n.endswith(".txt")))
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    text = raw[3:].decode("utf-8")
    units = text.encode("utf-16-le")
    drifted = 0
    for q in facts.quotes(store):
        assert units[2 * q.start:2 * q.end].decode("utf-16-le") == q.text
        before, after = units[:2 * q.start].decode("utf-16-le"), units[2 * q.end:].decode("utf-16-le")
        assert not (before[-1:].isalnum() and q.text[0].isalnum()), q.start
        assert not (q.text[-1].isalnum() and after[:1].isalnum()), q.end
        as_code_points = text[q.start:q.end]
        if as_code_points != q.text:
            drifted += 1
    assert drifted >= 10  # read as code points, most quotes would drift off their words


def _paths(store: GraphStore) -> list[str]:
    parents = facts.parents(store)

    def path(name: str) -> str:
        return f"{path(parents[name])} > {name}" if name in parents else name

    return [path(n) for n in parents]


def test_atlasti_export_without_its_texts(real: Path, store: GraphStore) -> None:
    counts = independent_counts(ATLAS)
    (report,) = load_paths(store, [ATLAS], LoadOptions())
    assert report.study == "ATLAS.ti-standard-project"
    stats = store.stats()
    # 14 flat codes, grouped by 4 code sets (ATLAS.ti code groups) holding all 14 of them, 19 memberships
    assert (counts["codes"], counts["top"], counts["themes"], counts["nodes"]) == (14, 14, 4, 23)
    assert (stats.themes, stats.themes + stats.subthemes, stats.quotes, stats.codings) == (4, 23, 0, 0)
    assert any("code set is a theme" in w for w in report.warnings)
    assert (stats.sources, stats.experts) == (counts["text_sources"], 6)
    assert report.skipped == {"PDF codings": 6, "picture codings": 2, "video codings": 1,
                              "selections without a coding": 1, "selections whose text is not in the file": 5}
    assert sum(v for k, v in report.skipped.items() if k.endswith(" codings")) == counts["other_codings"]
    assert report.skipped["selections whose text is not in the file"] == counts["missing_text"]
    people = facts.experts(store)
    assert people["Simon"] == {"profession": None, "gender": "male", "age": "67"}
    assert people["Mabel"] == {"profession": None, "gender": "female", "age": "25"}


def _external() -> list[Path]:
    folder = os.environ.get("THEMEGRAPH_REAL_QDA_DIR")
    return sorted(Path(folder).glob("*.qdpx")) if folder else []


@pytest.mark.skipif(not _external(), reason="THEMEGRAPH_REAL_QDA_DIR names no folder of .qdpx exports")
@pytest.mark.parametrize("path", _external(), ids=lambda p: p.name)
def test_other_real_exports_match_an_independent_parse(path: Path, tmp_path: Path) -> None:
    counts = independent_counts(path)
    store = MemoryStore(tmp_path / "store")
    (report,) = load_paths(store, [path], LoadOptions(study="real"))
    stats = store.stats()
    assert (stats.themes + stats.subthemes, stats.themes) == (counts["nodes"], counts["themes"])
    assert (stats.quotes, stats.codings) == (counts["quotes"], counts["codings"])
    assert report.skipped.get("selections whose text is not in the file", 0) == counts["missing_text"]
