"""A REFI project never reads outside itself unless the user names a folder (issue 16, item 1).

Text sources at file:///proc/self/environ, absolute:///etc/passwd, relative://../..., a bare
absolute path, '..' escapes, a link out of --sources-dir and a pipe in it: nothing is read,
each source is named in the report. Texts in --sources-dir are read, confined to it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.checksum import store_checksum
from graph.errors import BadInput
from graph.store import GraphStore
from graph.stores.memory import MemoryStore
from loaders.pipeline import LoadOptions, load_paths
from loaders.refi_files import MAX_TEXT
from tests.loaders import graph_facts as facts
from tests.loaders.refi_builder import Code, Coding, Project, Selection, Source

SECRET = "tg-secret-never-a-quote"
INSIDE = "Inside words stay here."
EXTERNAL = "External words are welcome."


def _coded(name: str, path: str | None, text: str | None, end: int, code: Code) -> Source:
    return Source(name, text, [Selection(0, end, [Coding(code.guid)])], path=path)


def hostile_project(tmp_path: Path) -> tuple[Project, Path, Path]:
    """A project with one text inside it, one legitimate external text and every way out.

    Returns the project, the --sources-dir folder (holding the external text, a link out and a
    pipe) and the secret file beside that folder.
    """
    secret = tmp_path / "secret.txt"
    secret.write_text(f"{SECRET} in a file the project must not reach.", "utf-8")
    folder = tmp_path / "texts"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "external.txt").write_text(EXTERNAL, "utf-8")
    (folder / "link.txt").symlink_to(secret)
    (folder / "sub" / "deep-link.txt").symlink_to(tmp_path)
    os.mkfifo(folder / "pipe.txt")
    code = Code("Theme")
    sources = [
        _coded("inside", None, INSIDE, 6, code),
        _coded("environ", "file:///proc/self/environ", None, 60, code),  # the secrets come first there
        _coded("passwd", "absolute:///etc/passwd", None, 4, code),
        _coded("climb", "relative://../secret.txt", None, 6, code),  # basePath is the texts folder
        _coded("bare absolute", str(secret), None, 6, code),
        _coded("bare climb", "../secret.txt", None, 6, code),
        _coded("internal climb", "internal://../../secret.txt", None, 6, code),
        _coded("link out", "relative://link.txt", None, 6, code),
        _coded("link in a folder", "relative://sub/deep-link.txt/secret.txt", None, 6, code),
        _coded("pipe", "file:///elsewhere/pipe.txt", None, 6, code),
        _coded("external", "relative://sub/external.txt", None, 8, code),
    ]
    return Project([code], sources, base_path=str(folder)), folder, secret


HOSTILE = ["environ", "passwd", "climb", "bare absolute", "bare climb", "internal climb", "link out",
           "link in a folder", "pipe"]


def _named(warnings: list[str], source: str) -> list[str]:
    return [w for w in warnings if w.startswith(f"source {source!r} ")]


def test_nothing_outside_the_project_is_read_without_sources_dir(store: GraphStore, tmp_path: Path) -> None:
    project, _, _ = hostile_project(tmp_path)
    path = project.write_qdpx(tmp_path / "hostile.qdpx")
    (report,) = load_paths(store, [path], LoadOptions(study="s", local_files=True, concepts=False))
    assert [q.text for q in facts.quotes(store)] == [INSIDE[:6]]
    assert report.skipped == {"selections whose text is not in the file": 1,
                              "selections whose text is outside the project": 9}
    for name in [*HOSTILE, "external"]:
        assert len(_named(report.warnings, name)) == 1, name
    (environ,) = _named(report.warnings, "environ")
    assert environ == ("source 'environ' points outside the project (file:///proc/self/environ); pass --sources-dir "
                       "DIR to read external sources (1 coded selection(s) skipped)")
    assert "is not in the file" in _named(report.warnings, "internal climb")[0]


def test_sources_dir_reads_its_own_texts_and_nothing_past_it(store: GraphStore, tmp_path: Path) -> None:
    project, folder, secret = hostile_project(tmp_path)
    path = project.write_qdpx(tmp_path / "hostile.qdpx")
    options = LoadOptions(study="s", local_files=True, sources_dir=folder, concepts=False)
    (report,) = load_paths(store, [path], options)
    assert sorted(q.text for q in facts.quotes(store)) == [EXTERNAL[:8], INSIDE[:6]]
    assert report.skipped["selections whose text is outside the project"] == 8
    warnings = {name: _named(report.warnings, name)[0] for name in HOSTILE}
    assert "a link leading out of" in warnings["link out"] and str(folder / "link.txt") in warnings["link out"]
    assert "a link leading out of" in warnings["link in a folder"]
    assert "not a regular file" in warnings["pipe"]
    for name in ("environ", "passwd", "climb", "bare absolute", "bare climb"):
        assert f"--sources-dir {folder} does not hold it" in warnings[name], name
    assert all(SECRET not in q.text for q in facts.quotes(store)) and secret.is_file()
    # the same file again: nothing changes
    before = store.dump()
    load_paths(store, [path], options)
    assert store.dump() == before


def test_an_absolute_path_inside_sources_dir_is_read_at_its_place(memory_store: MemoryStore, tmp_path: Path) -> None:
    code = Code("Theme")
    folder = tmp_path / "texts"
    (folder / "a").mkdir(parents=True)
    (folder / "b").mkdir()
    (folder / "a" / "same.txt").write_text("Alpha text.", "utf-8")
    (folder / "b" / "same.txt").write_text("Bravo text.", "utf-8")
    (folder / "moved.txt").write_text("Moved here.", "utf-8")
    project = Project([code], [
        _coded("a", (folder / "a" / "same.txt").as_uri(), None, 5, code),
        _coded("b", f"absolute://{folder / 'b' / 'same.txt'}", None, 5, code),
        _coded("moved", "file:///C:/Users/someone/Documents/moved.txt", None, 5, code),  # by its name
    ])
    path = project.write_qdpx(tmp_path / "p.qdpx")
    (report,) = load_paths(memory_store, [path], LoadOptions(study="s", sources_dir=folder, concepts=False))
    assert sorted(q.text for q in facts.quotes(memory_store)) == ["Alpha", "Bravo", "Moved"]
    assert not report.skipped and not [w for w in report.warnings if w.startswith("source ")]


def test_a_bare_qde_reads_its_sources_folder_confined(memory_store: MemoryStore, tmp_path: Path) -> None:
    code = Code("Theme")
    secret = tmp_path / "secret.txt"
    secret.write_text(f"{SECRET} beside the project.", "utf-8")
    project = Project([code], [
        _coded("own", "internal://own.txt", "Own words.", 3, code),
        _coded("climb", "internal://../secret.txt", None, 6, code),
        _coded("bare climb", "../../secret.txt", None, 6, code),
        _coded("link", "internal://link.txt", None, 6, code),
    ])
    folder = tmp_path / "project"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "own.txt").write_text("Own words.", "utf-8")
    (folder / "sources" / "link.txt").symlink_to(secret)
    qde = folder / "project.qde"
    qde.write_bytes(project.xml())
    (report,) = load_paths(memory_store, [qde], LoadOptions(study="s", local_files=True, concepts=False))
    assert [q.text for q in facts.quotes(memory_store)] == ["Own"]
    for name in ("climb", "bare climb", "link"):
        assert len(_named(report.warnings, name)) == 1, name
    assert "a link leading out of" in _named(report.warnings, "link")[0]
    assert sum(report.skipped.values()) == 3


def test_the_command_reads_no_environment_into_served_quotes(tmp_path: Path) -> None:
    """The reproduction of the issue: the command line, secrets in its environment, the API after it."""
    project, folder, _ = hostile_project(tmp_path)
    path = project.write_qdpx(tmp_path / "hostile.qdpx")
    env = {"THEMEGRAPH_API_KEY": SECRET, "NEO4J_PASSWORD": SECRET,
           **{k: v for k, v in os.environ.items() if not k.startswith("NEO4J")}}
    data = tmp_path / "data"
    said = []
    for extra in ([], ["--sources-dir", str(folder)]):
        done = subprocess.run([str(Path(sys.executable).parent / "themegraph"), "--store", "memory", "--data-dir",
                               str(data), "load", str(path), "--study", "s", "--no-concepts", *extra],
                              env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        said.append(done.stdout)
    with TestClient(create_app(Settings(store="memory"), store=MemoryStore(data))) as client:
        served = client.get("/v1/quotes", params={"study": "s", "limit": 100}).json()
    assert SECRET not in str(served)
    assert sorted(q["text"] for q in served["items"]) == [EXTERNAL[:8], INSIDE[:6]]
    assert "warning: source 'environ' points outside the project (file:///proc/self/environ)" in said[0]
    assert "warning: source 'link out' is at " in said[1]


@pytest.mark.parametrize("given", ["missing", "a file"])
def test_sources_dir_must_be_a_folder(cli, tmp_path: Path, given: str) -> None:
    project, _, _ = hostile_project(tmp_path)
    path = project.write_qdpx(tmp_path / "hostile.qdpx")
    target = tmp_path / "nowhere" if given == "missing" else path
    status, out, err = cli("load", str(path), "--sources-dir", str(target))
    assert status == 2 and err.strip().splitlines() == [f"themegraph: --sources-dir {target}: no such folder"]


def test_a_text_in_sources_dir_past_the_size_bound_is_refused(store: GraphStore, tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    with open(folder / "huge.txt", "wb") as fh:  # sparse: the bound is checked before a byte is read
        fh.truncate(MAX_TEXT + 1)
    code = Code("Theme")
    path = Project([code], [_coded("huge", "file:///data/huge.txt", None, 5, code)]).write_qdpx(tmp_path / "p.qdpx")
    before = store_checksum(store)
    with pytest.raises(BadInput, match=re.escape(f"{folder / 'huge.txt'}: the source text is larger than")):
        load_paths(store, [path], LoadOptions(study="s", sources_dir=folder))
    assert store_checksum(store) == before
