"""The way back: a study exported as a REFI-QDA project validates against REFI's Project.xsd and
loads again into the identical graph (same checksum); the codebook export validates against
Codebook.xsd. Both stores, and the command line."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from graph.checksum import store_checksum
from graph.exports.refi_codebook import codebook_xml
from graph.exports.refi_project import write_qdpx
from graph.exports.study_facts import study_facts
from graph.store import GraphStore
from graph.stores.memory import MemoryStore
from loaders.pipeline import LoadOptions, load_paths
from tests.contract.test_agreement import double_coded
from tests.contract.test_memos import noted_project
from tests.loaders.test_refi_project import study_project
from tests.loaders.test_refi_real import real  # noqa: F401  (the fixture, asked for by name)

SCHEMAS = Path(__file__).parents[1] / "fixtures" / "refi-qda"


def valid(xml: bytes, schema: str) -> None:
    xsd = etree.XMLSchema(etree.parse(str(SCHEMAS / schema)))
    doc = etree.fromstring(xml)
    assert xsd.validate(doc), xsd.error_log.filter_from_errors()[0]


def round_trip(store: GraphStore, tmp_path: Path, study: str) -> bytes:
    """Export `study`, check it against Project.xsd, load it into a fresh store; return the archive."""
    archive = write_qdpx(study_facts(store.dump(), study))
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        valid(z.read("project.qde"), "Project.xsd")
        assert all(n == "project.qde" or (n.startswith("sources/") and n.endswith(".txt")) for n in z.namelist())
    path = tmp_path / "export.qdpx"
    path.write_bytes(archive)
    fresh = MemoryStore(tmp_path / "fresh")
    load_paths(fresh, [path], LoadOptions(study=study, concepts=False))
    assert store_checksum(fresh) == store_checksum(store)
    return archive


@pytest.mark.parametrize("make", [double_coded, noted_project], ids=["two-coders", "memos"])
def test_exported_project_is_valid_and_reloads_identically(store: GraphStore, tmp_path: Path, make) -> None:
    (tmp_path / "in").mkdir()
    made = make(tmp_path / "in")
    path = made[0] if isinstance(made, tuple) else made
    load_paths(store, [path], LoadOptions(study="s", concepts=False))
    round_trip(store, tmp_path, "s")


def test_cases_attributes_nested_codes_and_emoji_in_code_points(store: GraphStore, tmp_path: Path) -> None:
    """The loader's own test project (cases with variables, a source without a case, nested codes,
    Chinese text with emoji before its selections, two coders on one range) comes back the same."""
    path = study_project("QualCoder 3.5", "cp").write_qdpx(tmp_path / "study.qdpx")
    load_paths(store, [path], LoadOptions(study="s", concepts=False))
    archive = round_trip(store, tmp_path, "s")
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        root = etree.fromstring(z.read("project.qde"))
    ns = {"q": "urn:QDA-XML:project:1.0"}
    assert sorted(u.get("name") for u in root.findall("q:Users/q:User", ns)) == ["Alice", "Bob"]
    assert {c.get("name") for c in root.findall("q:Cases/q:Case", ns)} >= {"P01", "P02"}


def test_nvivo_positions_in_utf16_units_are_written_as_code_points(store: GraphStore, tmp_path: Path) -> None:
    path = study_project("NVivo 14 (Windows)", "u16").write_qdpx(tmp_path / "study.qdpx")
    load_paths(store, [path], LoadOptions(study="s", concepts=False))
    archive = write_qdpx(study_facts(store.dump(), "s"))
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        root = etree.fromstring(z.read("project.qde"))
        texts = {n.removeprefix("sources/"): z.read(n).decode("utf-8") for n in z.namelist() if n != "project.qde"}
    ns = {"q": "urn:QDA-XML:project:1.0"}
    quotes = {q.text for q in store.quotes(__import__("graph.quotes").quotes.QuoteQuery(study="s", limit=50)).items}
    for src in root.findall("q:Sources/q:TextSource", ns):
        text = texts[src.get("plainTextPath").removeprefix("internal://")]
        for sel in src.findall("q:PlainTextSelection", ns):
            assert text[int(sel.get("startPosition")):int(sel.get("endPosition"))] in quotes


def test_codebook_export_is_valid(store: GraphStore, tmp_path: Path) -> None:
    path = study_project("QualCoder 3.5", "cp").write_qdpx(tmp_path / "study.qdpx")
    load_paths(store, [path], LoadOptions(study="s", concepts=False))
    xml = codebook_xml(store.codebook("s"))
    valid(xml, "Codebook.xsd")
    names = [c.get("name") for c in etree.fromstring(xml).iter("{urn:QDA-XML:codebook:1.0}Code")]
    assert set(names) == {c.name for c in [*store.codebook("s").themes, *store.codebook("s").subthemes]}


def test_cli_exports_qdpx_and_qdc(cli, tmp_path: Path) -> None:
    path, _ = double_coded(tmp_path)
    assert cli("load", str(path), "--study", "dc")[0] == 0
    status, _, err = cli("export", "--format", "qdpx", "--study", "dc")
    assert status == 2 and "--out" in err
    assert cli("export", "--format", "qdpx", "--study", "dc", "--out", str(tmp_path / "dc.qdpx"))[0] == 0
    assert cli("export", "--format", "qdc", "--study", "dc", "--out", str(tmp_path / "dc.qdc"))[0] == 0
    with zipfile.ZipFile(tmp_path / "dc.qdpx") as z:
        valid(z.read("project.qde"), "Project.xsd")
    valid((tmp_path / "dc.qdc").read_bytes(), "Codebook.xsd")
    status, _, err = cli("export", "--format", "qdpx", "--study", "nope", "--out", str(tmp_path / "x.qdpx"))
    assert status == 1 and "no study 'nope'" in err  # NotFound: exit 1, one line


@pytest.mark.parametrize("name", ["nvivo12-windows-oltas.qdpx", "atlasti8-mac-testproject.qdpx"])
def test_real_exports_come_back_valid_and_whole(request: pytest.FixtureRequest, store: GraphStore, tmp_path: Path,
                                                name: str) -> None:
    """Real NVivo and ATLAS.ti projects: the export validates and reloads with the same counts, codes,
    coders and memos. Not the same checksum: NVivo's UTF-16 positions are written as code points
    (the quotes' start, end and so uids change), and ATLAS.ti's code sets, taken as themes, get
    guids of their own."""
    load_paths(store, [request.getfixturevalue("real") / name], LoadOptions(study="r", concepts=False))
    archive = write_qdpx(study_facts(store.dump(), "r"))
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        valid(z.read("project.qde"), "Project.xsd")
    path = tmp_path / "again.qdpx"
    path.write_bytes(archive)
    fresh = MemoryStore(tmp_path / "fresh")
    load_paths(fresh, [path], LoadOptions(study="r", concepts=False))

    def shape(s: GraphStore) -> tuple:
        dump = s.dump()
        labels = sorted(n.split("|")[0] for n, _ in dump.nodes)
        kinds = sorted(t for _, t, _, _ in dump.edges)
        texts = sorted(p["text"] for n, p in dump.nodes if n.startswith(("Quote|", "Memo|")))
        names = sorted(p.get("name", "") for n, p in dump.nodes if n.startswith(("Theme|", "SubTheme|", "Coder|")))
        return labels, kinds, texts, names, s.stats()

    assert shape(fresh) == shape(store)
