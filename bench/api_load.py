"""The HTTP API under load: 50 keep-alive clients on loopback against one `themegraph serve`.

The server is a child process started exactly as a user starts it
(`themegraph --store memory --data-dir D serve --port N`, or `--store neo4j` with NEO4J_URI).
The load comes from wrk when it is installed (Debian package `wrk`), else from the asyncio
generator below, which is slower than wrk and shares the two cores with the server, so its
figures are a floor; the result names the generator used.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bench.measure import REPO, percentiles
from bench.queries import STUDY

__all__ = ["ENDPOINTS", "served", "run_api_load"]

# name -> (path that must be in /openapi.json, request)
ENDPOINTS = {
    "matrix": ("/v1/matrix", f"/v1/matrix?rows=profession&cols=subtheme&category=gap&measure=experts&study={STUDY}"),
    "quotes": ("/v1/quotes", f"/v1/quotes?study={STUDY}&category=gap&profession=psychiatrist&limit=50"),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 60) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@contextmanager
def served(store: str, data_dir: Path | None, env: dict | None = None, ready_timeout: float = 180):
    """A `themegraph serve` child on a free loopback port; yields (base URL, log path), stops it after."""
    port = _free_port()
    script = Path(sys.executable).with_name("themegraph")
    command = [str(script)] if script.exists() else [sys.executable, "-c", "from api.cli.main import run; run()"]
    command += ["--store", store] + (["--data-dir", str(data_dir)] if data_dir else [])
    command += ["serve", "--host", "127.0.0.1", "--port", str(port)]
    log = open(REPO / "bench" / "results" / f".serve-{port}.log", "w")
    proc = subprocess.Popen(command, cwd=REPO, env={**os.environ, **(env or {})}, stdout=log,
                            stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + ready_timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"themegraph serve exited with {proc.returncode}; see {log.name}")
            try:
                if _get(base + "/ready", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"themegraph serve not ready after {ready_timeout} s")
            time.sleep(0.2)
        yield base, Path(log.name)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        Path(log.name).unlink(missing_ok=True)


_UNIT = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def _ms(text: str | None) -> float | None:
    if text is None:
        return None
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return round(float(number) * _UNIT[unit], 3)


def _wrk(url: str, clients: int, seconds: float) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--latency", "--timeout", "30s", url],
        capture_output=True, text=True, timeout=seconds + 120,
    ).stdout
    lat = dict(re.findall(r"(50|75|90|99)%\s+([\d.]+(?:us|ms|s))", out))
    done = re.search(r"(\d+) requests in ([\d.]+)(s|m)", out)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not (done and rps):
        raise RuntimeError("could not read wrk's output: " + out[-400:])
    errors = int(non2xx.group(1)) if non2xx else 0
    socket_errors = sum(int(x) for x in sockets.groups()) if sockets else 0
    return {"generator": "wrk -t2", "requests": int(done.group(1)), "rps": float(rps.group(1)),
            "p50_ms": _ms(lat.get("50")), "p90_ms": _ms(lat.get("90")), "p99_ms": _ms(lat.get("99")),
            "errors": errors + socket_errors, "non_2xx": errors, "socket_errors": socket_errors,
            "wrk_output": out.strip().splitlines()}


async def _client(host: str, port: int, request: bytes, deadline: float, lat: list[float], codes: dict) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1))
            await reader.readexactly(length)
            lat.append(time.perf_counter() - started)
            codes[status] = codes.get(status, 0) + 1
    except (OSError, asyncio.IncompleteReadError, AttributeError) as exc:
        codes[type(exc).__name__] = codes.get(type(exc).__name__, 0) + 1
    finally:
        writer.close()


def _asyncio_load(url: str, clients: int, seconds: float) -> dict:
    parts = urllib.parse.urlsplit(url)
    target = parts.path + ("?" + parts.query if parts.query else "")
    request = f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: keep-alive\r\n\r\n".encode()
    lat: list[float] = []
    codes: dict = {}

    async def main() -> None:
        deadline = time.perf_counter() + seconds
        await asyncio.gather(*(_client(parts.hostname, parts.port, request, deadline, lat, codes)
                               for _ in range(clients)))

    started = time.perf_counter()
    asyncio.run(main())
    elapsed = time.perf_counter() - started
    errors = sum(n for code, n in codes.items() if code != 200)
    p = percentiles(lat)
    return {"generator": "python asyncio", "requests": len(lat), "rps": round(len(lat) / elapsed, 1),
            "p50_ms": p.get("p50_ms"), "p90_ms": None, "p99_ms": p.get("p99_ms"), "errors": errors,
            "non_2xx": sum(n for code, n in codes.items() if isinstance(code, int) and code != 200),
            "socket_errors": sum(n for code, n in codes.items() if not isinstance(code, int))}


def _statuses(log: Path, path: str, skip: int) -> tuple[dict, int]:
    """Response codes of `path` in uvicorn's access log after line `skip`, and the line count."""
    lines = log.read_text(errors="replace").splitlines()
    codes: dict[str, int] = {}
    for line in lines[skip:]:
        found = re.search(rf'"GET {re.escape(path)}\S* HTTP/1.1" (\d+)', line)
        if found:
            codes[found.group(1)] = codes.get(found.group(1), 0) + 1
    return codes, len(lines)


def run_api_load(base: str, log: Path, size: int, store: str, *, clients: int, seconds: float) -> list[dict]:
    """One row per endpoint the running app has; endpoints it lacks are reported as skipped."""
    status, body = _get(base + "/openapi.json")
    paths = set(json.loads(body)["paths"]) if status == 200 else set()
    rows = []
    for path, request in ENDPOINTS.values():
        row = {"size": size, "store": store, "endpoint": request, "clients": clients, "seconds": seconds}
        if path not in paths:
            rows.append({**row, "skipped": f"{path} is not in this app's /openapi.json yet"})
            continue
        warm = [_get(base + request) for _ in range(3)]
        if any(code != 200 for code, _ in warm):
            rows.append({**row, "error": f"warm-up answered {[c for c, _ in warm]}: {warm[-1][1][:200]!r}"})
            continue
        row["response_bytes"] = len(warm[-1][1])
        load = _wrk if shutil.which("wrk") else _asyncio_load
        _, skip = _statuses(log, path, 0)
        try:
            row.update(load(base + request, clients, seconds))
        except (RuntimeError, subprocess.TimeoutExpired, OSError) as exc:
            row["error"] = f"{type(exc).__name__}: {exc}"[:300]
        time.sleep(1)  # let the server log what it answered after the clients hung up
        row["server_statuses"], _ = _statuses(log, path, skip)
        if any(code != "200" for code in row["server_statuses"]):
            errors = [line for line in log.read_text(errors="replace").splitlines()[skip:]
                      if "Error" in line or "error" in line]
            row["server_errors"] = errors[-5:]
        rows.append(row)
    return rows

