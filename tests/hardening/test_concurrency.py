"""Loads running while 20 clients read: no reader ever sees a file half-loaded, on both stores;
and two processes writing the embedded store at once both land, leaving valid JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.checksum import canonical_lines, store_checksum
from graph.store import GraphStore
from graph.stores.memory.store import FILE_NAME, MemoryStore
from loaders.pipeline import LoadOptions, load_paths
from tests.factories import GAP, HEADER, write_csv

STUDY = "concurrent"
FILES = 6
READERS = 20
RISKS = ["Misleading information", "Lack of professional nuance and depth", "User risk"]
PROFESSIONS = ["psychiatrist", "mental health nurse", "researcher in medical AI"]


def interview_file(folder: Path, k: int, experts: int = 40, quotes_each: int = 6, tag: str = "F") -> Path:
    """File k: its own experts, each with quotes coded to risks (some double-coded)."""
    rows = []
    for e in range(experts):
        who = f"{tag}{k}E{e:03d}"
        for q in range(quotes_each):
            text = f"Interview {who} segment {q}: the model was confidently wrong about dosing."
            rows.append([who, PROFESSIONS[e % 3], "Hunan", GAP, RISKS[q % 3], text])
            if q % 4 == 0:
                rows.append([who, PROFESSIONS[e % 3], "Hunan", GAP, RISKS[(q + 1) % 3], text])
    return write_csv(folder / f"{tag}{k}.csv", rows, HEADER)


def _snapshot(stats) -> tuple:
    return (stats.experts, stats.quotes, stats.codings, stats.sources)


def _studies_snapshot(answer: list[dict]) -> tuple:
    return tuple(sorted((s["uid"], s["experts"], s["quotes"]) for s in answer))


def test_readers_never_see_a_file_half_loaded(store: GraphStore, tmp_path: Path) -> None:
    files = [interview_file(tmp_path, k) for k in range(FILES)]
    options = LoadOptions(study=STUDY, codebook="reference")
    # The states a reader may see: before any file, and after each whole file.
    oracle = MemoryStore(tmp_path / "oracle")
    allowed_stats, allowed_studies = {_snapshot(oracle.stats())}, {_studies_snapshot([])}
    for f in files:
        load_paths(oracle, [f], options)
        allowed_stats.add(_snapshot(oracle.stats()))
        allowed_studies.add(_studies_snapshot([s.model_dump() for s in oracle.studies()]))
    assert len(allowed_stats) == FILES + 1

    app = create_app(Settings(store="memory"), store=store)
    seen_stats: list[tuple] = []
    seen_studies: list[tuple] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def read_store() -> None:
        while not done.is_set():
            seen_stats.append(_snapshot(store.stats()))

    def read_api() -> None:
        client = TestClient(app)  # the app's lifespan already ran in the main thread
        while not done.is_set():
            response = client.get("/v1/studies")
            assert response.status_code == 200, response.text
            seen_studies.append(_studies_snapshot(response.json()))

    def guarded(target):
        def run() -> None:
            try:
                target()
            except BaseException as exc:  # reported by the main thread
                errors.append(exc)
                done.set()
        return run

    with TestClient(app):
        readers = [threading.Thread(target=guarded(read_store if i % 2 else read_api)) for i in range(READERS)]
        for t in readers:
            t.start()
        started = time.monotonic()
        try:
            for f in files:
                load_paths(store, [f], options)
                time.sleep(0.05)  # let the readers see each state
        finally:
            done.set()
            for t in readers:
                t.join(timeout=60)
        elapsed = time.monotonic() - started
    assert not errors, errors
    assert set(seen_stats) <= allowed_stats, set(seen_stats) - allowed_stats
    assert set(seen_studies) <= allowed_studies, set(seen_studies) - allowed_studies
    assert _snapshot(store.stats()) == _snapshot(oracle.stats())
    assert store_checksum(store) == store_checksum(oracle), _differences(store, oracle)
    distinct = len(set(seen_stats) | set(seen_studies))
    print(f"\n{store.name}: {len(seen_stats) + len(seen_studies)} reads by {READERS} clients during "
          f"{FILES} loads in {elapsed:.1f} s; {distinct} distinct whole-file states seen, none half-loaded")
    assert len(seen_stats) >= READERS and len(seen_studies) >= READERS
    assert len(set(seen_stats)) >= 2  # the readers really ran while the loads did


def test_two_processes_writing_the_embedded_store_both_land(tmp_path: Path) -> None:
    data = tmp_path / "data"
    rounds = 3
    files = [(interview_file(tmp_path, k, experts=150, tag="A"), interview_file(tmp_path, k, experts=150, tag="B"))
             for k in range(rounds)]
    env = {**os.environ, "THEMEGRAPH_STORE": "memory"}
    env.pop("NEO4J_URI", None)
    command = [str(Path(sys.executable).parent / "themegraph"), "--data-dir", str(data), "load"]
    for k, (a, b) in enumerate(files):
        procs = [subprocess.Popen([*command, str(path), "--study", f"{tag}{k}", "--codebook", "reference"],
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for tag, path in (("a", a), ("b", b))]
        for p in procs:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0, err
    saved = json.loads((data / FILE_NAME).read_text("utf-8"))  # valid JSON, whole
    assert saved["format"] == "themegraph-memory-store"
    assert not list(data.glob(".*.tmp"))  # no temporary file left behind
    both = MemoryStore(data)
    assert sorted(s.uid for s in both.studies()) == sorted(f"{t}{k}" for k in range(rounds) for t in "ab")
    sequential = MemoryStore(tmp_path / "sequential")
    for k, (a, b) in enumerate(files):
        load_paths(sequential, [a], LoadOptions(study=f"a{k}", codebook="reference"))
        load_paths(sequential, [b], LoadOptions(study=f"b{k}", codebook="reference"))
    assert store_checksum(both) == store_checksum(sequential), _differences(both, sequential)


def _differences(a: GraphStore, b: GraphStore) -> list[str]:
    """The first canonical lines found in one graph and not the other, for the failure message."""
    la, lb = set(canonical_lines(a.dump())), set(canonical_lines(b.dump()))
    return sorted(la - lb)[:3] + ["--- versus ---"] + sorted(lb - la)[:3]
