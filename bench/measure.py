"""Clocks, percentiles, child processes with their peak RSS, and what machine this is."""

from __future__ import annotations

import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

__all__ = ["percentiles", "repeat", "run_child", "machine", "loadavg", "TimedWrites", "REPO"]

REPO = Path(__file__).resolve().parent.parent


def loadavg() -> float:
    """The machine's 1-minute load average: on a shared 2-core box, the context of every figure."""
    return round(os.getloadavg()[0], 2)


def percentiles(seconds: list[float]) -> dict:
    """p50/p95/p99 and mean in milliseconds (nearest-rank), with the sample count."""
    if not seconds:
        return {"n": 0}
    s = sorted(seconds)

    def rank(p: float) -> float:
        return s[min(len(s) - 1, max(0, math.ceil(p / 100 * len(s)) - 1))] * 1000

    return {"n": len(s), "p50_ms": round(rank(50), 3), "p95_ms": round(rank(95), 3),
            "p99_ms": round(rank(99), 3), "mean_ms": round(sum(s) / len(s) * 1000, 3),
            "max_ms": round(s[-1] * 1000, 3)}


def repeat(fn: Callable[[], object], *, warmup: int = 1, min_n: int = 5, max_n: int = 50,
           budget_s: float = 10.0) -> list[float]:
    """Wall times of `fn` after `warmup` calls: at least min_n, then more while the budget lasts."""
    for _ in range(warmup):
        fn()
    times: list[float] = []
    started = time.perf_counter()
    while len(times) < max_n and (len(times) < min_n or time.perf_counter() - started < budget_s):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times


def run_child(args: list[str], env: dict | None = None, timeout: float | None = None) -> dict:
    """Run a command to its end; return its exit status, output, wall time and peak RSS.

    The peak RSS is ru_maxrss from wait4 on that one pid (RUSAGE_CHILDREN would be the maximum
    over every child ever waited for). On Linux it includes the RSS of the forked copy of this
    process before exec, so it is an upper bound; a child that can, reports its own VmHWM.
    """
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(args, stdout=out, stderr=err, text=True, cwd=REPO,
                                env={**os.environ, **(env or {})})
        timer = threading.Timer(timeout, proc.kill) if timeout else None
        if timer:
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            if timer:
                timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {"status": proc.returncode, "stdout": out.read(), "stderr": err.read(),
                "seconds": round(time.perf_counter() - started, 3),
                "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}


class TimedWrites:
    """A store whose write_chunks() calls are timed (wall and CPU) and added up; everything else passes through."""

    def __init__(self, store) -> None:
        self._store = store
        self.seconds = 0.0
        self.cpu_seconds = 0.0  # this process's, every thread's

    def __getattr__(self, name: str):
        return getattr(self._store, name)

    def write_chunks(self, chunks, quotes, more=False):
        started, cpu = time.perf_counter(), time.process_time()
        try:
            return self._store.write_chunks(chunks, quotes, more)
        finally:
            self.seconds += time.perf_counter() - started
            self.cpu_seconds += time.process_time() - cpu


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _command_output(args: list[str], any_status: bool = False) -> str | None:
    if not shutil.which(args[0]):
        return None
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=20, cwd=REPO)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0 and not any_status:  # wrk --version exits 1
        return None
    return (done.stdout + done.stderr).strip() or None


def machine() -> dict:
    """The facts a reader needs to weigh the figures: cores, memory, CPU, versions, commit."""
    cpu = None
    mem_kb = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    java = _command_output(["java", "-version"])
    wrk = _command_output(["wrk", "--version"], any_status=True)
    status = _command_output(["git", "status", "--porcelain", "--untracked-files=no"])
    return {
        "nproc": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1) if mem_kb else None,
        "cpu": cpu,
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "java": java.splitlines()[0] if java else None,
        "wrk": wrk.splitlines()[0] if wrk else None,
        "packages": {d: _version(d) for d in ("neo4j", "neo4j-rust-ext", "networkx", "fastapi", "uvicorn", "pydantic", "pandas")},
        "git_commit": _command_output(["git", "rev-parse", "--short", "HEAD"]),
        "git_modified_files": len(status.splitlines()) if status else 0,
    }
