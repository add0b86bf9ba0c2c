"""Opening a saved embedded store and searching its quotes, measured in a child process.

The child (`python -m bench.memory_search DATA_DIR`) opens the store the load left, runs the
query cases' word search once (the first search) and then searches it has not seen yet, one
word and two words each, so that every call misses the store's answer memo. It prints one JSON
line: the open's time and RSS, the first search, the p50 of the unseen searches and the peak
RSS (VmHWM) of the whole child.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from bench.measure import percentiles, run_child

__all__ = ["run_memory_search", "ONE_WORD", "TWO_WORDS"]

# words of the generator's vocabulary (bench.generate.VOCABULARY), one at a time and in pairs
ONE_WORD = ("lithium", "patients", "night", "sertraline", "worried", "the", "referral")
TWO_WORDS = ("crisis therapy", "night shift", "patient dose", "family trust", "rural clinic", "we worry")


def run_memory_search(data_dir: Path, size: int, timeout: float) -> dict:
    """Open the store in `data_dir` in a child and search it; one result row."""
    done = run_child([sys.executable, "-m", "bench.memory_search", str(data_dir)], timeout=timeout)
    row = {"size": size}
    if done["status"] != 0:
        return {**row, "error": (done["stderr"].strip().splitlines() or ["no output"])[-1][:300]}
    return {**row, **json.loads(done["stdout"].strip().splitlines()[-1])}


def _status(field: str) -> float:
    status = Path("/proc/self/status").read_text()
    return round(int(next(line.split()[1] for line in status.splitlines() if line.startswith(field))) / 1024, 1)


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _child(data_dir: Path) -> None:
    from bench.queries import STUDY
    from graph.quotes import QuoteQuery
    from graph.stores.memory import MemoryStore

    started = time.perf_counter()
    store = MemoryStore(data_dir)
    opened = time.perf_counter() - started
    open_rss = _status("VmRSS:")

    def search(words: str) -> float:
        return _timed(lambda: store.quotes(QuoteQuery(study=STUDY, q=words, limit=50)))

    first = search("lithium dose")
    one = percentiles([search(q) for q in ONE_WORD])
    two = percentiles([search(q) for q in TWO_WORDS])
    print(json.dumps({"open_seconds": round(opened, 3), "open_rss_mb": open_rss,
                      "first_search_ms": round(first * 1000, 1), "one_word_p50_ms": one["p50_ms"],
                      "one_word_max_ms": one["max_ms"], "two_words_p50_ms": two["p50_ms"],
                      "two_words_max_ms": two["max_ms"], "peak_rss_mb": _status("VmHWM:")}))


if __name__ == "__main__":
    _child(Path(sys.argv[1]))
