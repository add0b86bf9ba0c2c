"""Loading the embedded store: segments per second and peak RSS, measured in a child process.

The child (`python -m bench.memory_load CSV DATA_DIR`) runs what `themegraph --store memory
load CSV --study bench` runs, times it and prints one JSON line with its own peak RSS
(VmHWM from /proc/self/status). Not wait4's ru_maxrss: Linux carries the RSS of the forked
copy of the parent into the child's maximum across exec, so a big parent inflates it.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from bench.generate import Dataset
from bench.measure import TimedWrites, run_child

__all__ = ["run_memory_load"]


def run_memory_load(ds: Dataset, data_dir: Path, timeout: float) -> dict:
    """Load `ds` into a fresh embedded store in `data_dir`; the store file stays for the queries."""
    for old in data_dir.glob("*"):
        if old.is_file():
            old.unlink()
    done = run_child([sys.executable, "-m", "bench.memory_load", str(ds.csv), str(data_dir)], timeout=timeout)
    row = {"size": ds.rows, "process_seconds": done["seconds"], "rusage_maxrss_mb": done["peak_rss_mb"]}
    if done["status"] != 0:
        return {**row, "error": (done["stderr"].strip().splitlines() or ["no output"])[-1][:300]}
    row.update(json.loads(done["stdout"].strip().splitlines()[-1]))
    row["rows_per_s"] = round(ds.rows / row["seconds"], 1)
    return row


def _child(csv_path: Path, data_dir: Path) -> None:
    from bench.queries import STUDY
    from graph.stores.memory import MemoryStore
    from loaders.pipeline import LoadOptions, load_paths

    store = TimedWrites(MemoryStore(data_dir))
    started = time.perf_counter()
    load_paths(store, [csv_path], LoadOptions(study=STUDY, concepts=False, language=False))  # as the Neo4j loaders
    seconds = time.perf_counter() - started
    saved = sum(f.stat().st_size for f in data_dir.glob("*.json"))
    status = Path("/proc/self/status").read_text()
    peak_kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
    print(json.dumps({"seconds": round(seconds, 3), "peak_rss_mb": round(peak_kb / 1024, 1),
                      "write_save_seconds": round(store.seconds, 3),
                      "read_validate_seconds": round(seconds - store.seconds, 3),
                      "store_file_mb": round(saved / 2**20, 1)}))


if __name__ == "__main__":
    _child(Path(sys.argv[1]), Path(sys.argv[2]))
