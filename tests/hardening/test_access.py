"""Access: every HTTP write needs X-API-Key (missing 401, wrong 403, compared in constant time),
uploads are bounded, and no quote text or search words reach logs or error messages, including
the access log of a real `themegraph serve` process."""

from __future__ import annotations

import hmac
import http.client as http_client
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.checksum import store_checksum
from graph.stores.memory import MemoryStore
from loaders.pipeline import LoadOptions, load_paths
from tests.factories import GAP, HEADER, SAMPLE, STUDY, write_csv

KEY = "access-key-0123456789abcdef"
# Quote texts with personal data in them, and search words someone might type.
SECRET_TEXTS = [
    "Mrs Okonkwo-Hale told me her son lives at 14 Larkspur Lane",
    "I called Dr Vasquez-Ibarra on 0161 496 0732 about the overdose",
]
SEARCH_WORDS = ["okonkwo", "larkspur", "vasquez"]
CSV_HEADER = ["expert", "profession", "province", "theme", "subtheme", "text"]


def _secret_rows() -> list[list[str]]:
    return [["S1", "psychiatrist", "Hunan", GAP, "User risk", SECRET_TEXTS[0]],
            ["S2", "mental health nurse", "Hunan", GAP, "Misleading information", SECRET_TEXTS[1]]]


def _loaded_store(folder: Path) -> MemoryStore:
    store = MemoryStore(folder / "store")
    load_paths(store, [SAMPLE], LoadOptions(study=STUDY, codebook="reference"))
    load_paths(store, [write_csv(folder / "secret.csv", _secret_rows(), CSV_HEADER)],
               LoadOptions(study="secret", codebook="reference"))
    return store


@pytest.fixture
def store(tmp_path: Path) -> MemoryStore:
    return _loaded_store(tmp_path)


@pytest.fixture
def client(store: MemoryStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(store="memory", api_key=KEY, max_upload_mb=1), store=store)) as c:
        yield c


def _upload(path: Path) -> dict:
    return {"files": (path.name, path.read_bytes(), "text/csv")}


WRITES = [
    ("post", "/v1/imports", {"data": {"study": "new"}}),
    ("delete", f"/v1/studies/{STUDY}", {}),
    ("post", "/v1/reset?confirm=everything", {}),
]


@pytest.mark.parametrize(("method", "path", "extra"), WRITES, ids=["imports", "delete-study", "reset"])
def test_every_write_needs_the_key(client: TestClient, store: MemoryStore, tmp_path: Path,
                                   method: str, path: str, extra: dict) -> None:
    before = store_checksum(store)
    if path == "/v1/imports":
        extra = {**extra, "files": _upload(write_csv(tmp_path / "ok.csv", _secret_rows(), CSV_HEADER))["files"]}
        extra = {"data": extra["data"], "files": {"files": extra["files"]}}
    missing = client.request(method, path, **extra)
    assert missing.status_code == 401, missing.text
    assert missing.headers["content-type"] == "application/problem+json"
    assert "X-API-Key" in missing.json()["detail"]
    for wrong in ("x" * len(KEY), "short", KEY[:-1], KEY + "x"):
        refused = client.request(method, path, headers={"X-API-Key": wrong}, **extra)
        assert refused.status_code == 403, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
        assert wrong not in refused.text  # the key tried is not echoed
    assert store_checksum(store) == before  # nothing changed


def test_writes_are_off_without_a_configured_key(store: MemoryStore) -> None:
    with TestClient(create_app(Settings(store="memory"), store=store)) as c:
        for method, path, _ in WRITES[1:]:
            answer = c.request(method, path, headers={"X-API-Key": KEY})
            assert answer.status_code == 403 and "THEMEGRAPH_API_KEY" in answer.json()["detail"]


def test_the_key_is_compared_in_constant_time(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr("api.deps.hmac.compare_digest", spy)
    assert client.post("/v1/reset", headers={"X-API-Key": "y" * 20}).status_code == 403
    assert calls == [(b"y" * 20, KEY.encode())]


def test_the_writes_do_what_they_say_with_the_key(client: TestClient) -> None:
    key = {"X-API-Key": KEY}
    assert client.delete(f"/v1/studies/{STUDY}", headers=key).status_code == 204
    assert [s["uid"] for s in client.get("/v1/studies").json()] == ["secret"]
    gone = client.delete(f"/v1/studies/{STUDY}", headers=key)
    assert gone.status_code == 404 and gone.headers["content-type"] == "application/problem+json"
    unconfirmed = client.post("/v1/reset", headers=key)
    assert unconfirmed.status_code == 400 and "confirm=everything" in unconfirmed.json()["detail"]
    assert client.get("/v1/studies").json() != []
    stray = client.post("/v1/reset", params={"confirm": "everything", "study": "secret"}, headers=key)
    assert stray.status_code == 400 and "'study'" in stray.json()["detail"]
    assert client.get("/v1/studies").json() != []
    assert client.post("/v1/reset", params={"confirm": "everything"}, headers=key).status_code == 204
    assert client.get("/v1/studies").json() == []


def test_uploads_are_bounded(client: TestClient, store: MemoryStore, tmp_path: Path) -> None:
    before = store_checksum(store)
    row = ["B1", "psychiatrist", "Hunan", GAP, "User risk", SECRET_TEXTS[0]]
    big = write_csv(tmp_path / "big.csv", [row] * 20_000, CSV_HEADER)  # about 1.6 MB, the limit is 1 MB
    half = write_csv(tmp_path / "half.csv", [row] * 7_000, CSV_HEADER)  # two of these: about 1.1 MB
    assert big.stat().st_size > 1 << 20 and 2 * half.stat().st_size > 1 << 20 > half.stat().st_size
    for files in ([("files", (big.name, big.read_bytes()))],
                  [("files", ("a.csv", half.read_bytes())), ("files", ("b.csv", half.read_bytes()))]):
        answer = client.post("/v1/imports", files=files, data={"study": "big"}, headers={"X-API-Key": KEY})
        assert answer.status_code == 413, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        assert "THEMEGRAPH_MAX_UPLOAD_MB" in answer.json()["detail"]
        assert not any(text in answer.text for text in SECRET_TEXTS)
    assert store_checksum(store) == before


def test_an_oversized_body_is_refused_before_parsing(store: MemoryStore) -> None:
    """FastAPI would spool a whole multipart body to disk before the route is checked."""
    before = store_checksum(store)
    with TestClient(create_app(Settings(store="memory", api_key=KEY, max_upload_mb=1), store=store)) as c:
        multipart = {"content-type": "multipart/form-data; boundary=b", "x-api-key": KEY}
        declared = c.post("/v1/imports", content=b"--b--", headers={**multipart, "content-length": str(64 << 20)})
        assert declared.status_code == 413, declared.text  # said too much: refused without reading
        chunks = (b"x" * (1 << 20) for _ in range(8))  # 8 MiB streamed without a Content-Length
        streamed = c.post("/v1/imports", content=chunks, headers=multipart)
        assert streamed.status_code == 413, streamed.text
        for answer in (declared, streamed):
            assert answer.headers["content-type"] == "application/problem+json"
            assert "THEMEGRAPH_MAX_UPLOAD_MB" in answer.json()["detail"]
    assert store_checksum(store) == before


def _requests_a_user_makes(call) -> list:
    """Reads and refused writes that carry quote text or search words in; returns the responses."""
    return [
        call("get", "/v1/quotes", params={"q": SEARCH_WORDS[0]}),
        call("get", "/v1/quotes", params={"q": " ".join(SEARCH_WORDS), "study": "secret"}),
        call("get", "/v1/quotes", params={"q": SEARCH_WORDS[1], "cursor": "not-a-cursor"}),
        call("get", "/v1/quotes", params={"q": SEARCH_WORDS[2], "limit": "0"}),
        call("get", "/v1/quotes", params={"q": SEARCH_WORDS[2], "study": "no-such-study"}),
        call("get", "/v1/experts/secret:S1"),
        call("get", "/v1/experts/secret:NOBODY"),
    ]


def _assert_clean(text: str, where: str) -> None:
    lowered = text.lower()
    for secret in [*SECRET_TEXTS, *SEARCH_WORDS]:
        assert secret.lower() not in lowered, f"{secret!r} found in {where}"


def test_no_quote_text_or_search_words_in_logs_or_error_messages(
        client: TestClient, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    responses = _requests_a_user_makes(lambda m, p, **kw: client.request(m, p, **kw))
    assert SECRET_TEXTS[0] in responses[0].text  # the data is there to leak: the answer holds it
    bad = write_csv(tmp_path / "bad.csv", [
        ["S3", "psychiatrist", "Hunan", GAP, "User risk", SECRET_TEXTS[0]],
        ["S4", "psychiatrist", "Hunan", GAP, "No such sub-theme", SECRET_TEXTS[1]],
        ["", "psychiatrist", "Hunan", GAP, "User risk", SECRET_TEXTS[1]],
    ], HEADER)
    for files in (_upload(bad), {"files": ("bad.csv", b"expert,text\n\xff\xfe" + SECRET_TEXTS[0].encode())}):
        responses.append(client.post("/v1/imports", files=files, data={"study": "secret"},
                                     headers={"X-API-Key": KEY}))
    errors = [r for r in responses if r.status_code >= 400]
    assert len(errors) >= 6
    for r in errors:
        assert r.headers["content-type"] == "application/problem+json"
        _assert_clean(r.text, f"the {r.status_code} answer to {r.request.url.path}")
    # Everything the app and its libraries logged; the test's own HTTP client (httpx) logs the URLs it sent.
    server_side = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    for record in server_side:
        _assert_clean(f"{record.name} {record.getMessage()} {record.exc_text or ''}", "the captured logs")


class LeakyStore(MemoryStore):
    """A store with a bug whose exception message holds a quote's text."""

    def quotes(self, query):
        raise KeyError(SECRET_TEXTS[0])


def test_an_unexpected_error_is_logged_by_type_and_place_not_message(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    store = LeakyStore(tmp_path / "leaky")
    caplog.set_level(logging.DEBUG)
    with TestClient(create_app(Settings(store="memory"), store=store)) as c:
        answer = c.get("/v1/quotes", params={"q": SEARCH_WORDS[0]})
    assert answer.status_code == 500 and answer.headers["content-type"] == "application/problem+json"
    _assert_clean(answer.text, "the 500 answer")
    logged = [r for r in caplog.records if r.name == "themegraph.api"]
    assert len(logged) == 1 and "unhandled KeyError on GET /v1/quotes" in logged[0].getMessage()
    assert "test_access.py" in logged[0].getMessage()  # where it happened is kept
    for record in caplog.records:
        if not record.name.startswith(("httpx", "httpcore")):  # the test's client logs the URL it sent
            _assert_clean(f"{record.getMessage()} {record.exc_text or ''}", "the captured logs")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_served_process_logs_no_query_strings_quote_text_or_search_words(tmp_path: Path) -> None:
    data = tmp_path / "served"
    _loaded_store(data)  # the server below reads the same embedded store
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "THEMEGRAPH_"))}
    env["THEMEGRAPH_API_KEY"] = KEY
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "themegraph"), "--store", "memory", "--data-dir", str(data / "store"),
         "serve", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if http.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
            responses = _requests_a_user_makes(lambda m, p, **kw: http.request(m, p, **kw))
            responses.append(http.post("/v1/imports", files={"files": ("s.csv", SECRET_TEXTS[1].encode())},
                                       data={"study": "x"}, headers={"X-API-Key": KEY}))
        # Sent byte for byte, so that no client library's choice of escaping decides what the server sees.
        raw = http_client.HTTPConnection("127.0.0.1", port, timeout=10)
        raw.request("GET", "/v1/experts/secret%3AGHOST?q=" + SEARCH_WORDS[0])
        assert raw.getresponse().status == 404
        raw.close()
        assert responses[0].status_code == 200 and SECRET_TEXTS[0] in responses[0].text
    finally:
        server.send_signal(signal.SIGINT)
        log, _ = server.communicate(timeout=30)
    assert '"GET /v1/quotes HTTP/1.1" 200' in log, log  # the access log is on, minus the query string
    logged = re.findall(r'"GET (\S+) HTTP/1\.1" (\d+)', log)
    assert ("/v1/experts/secret%3AGHOST", "404") in logged, log  # the path exactly as sent, without its query
    assert any(unquote(path) == "/v1/experts/secret:NOBODY" and status == "404" for path, status in logged), log
    assert "q=" not in log and "?" not in log, log
    _assert_clean(log, "the served process's output")


def _stalled_upload(port: int, headers: dict[str, str]) -> tuple[int, float, str]:
    """A multipart upload that declares 4 MB, sends 1 MB and then waits: status, seconds, body."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        head = "".join(f"{k}: {v}\r\n" for k, v in {
            "Host": "127.0.0.1", "Content-Type": "multipart/form-data; boundary=b",
            "Content-Length": str(4 << 20), **headers}.items())
        started = time.monotonic()
        part = b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.csv"\r\n\r\n'
        conn.sendall(f"POST /v1/imports HTTP/1.1\r\n{head}\r\n".encode() + part + b"x" * (1 << 20))
        answer = b""
        while b"\r\n\r\n" not in answer or len(answer.split(b"\r\n\r\n", 1)[1]) == 0:
            chunk = conn.recv(65536)
            if not chunk:
                break
            answer += chunk
        return int(answer.split(b" ", 2)[1]), time.monotonic() - started, answer.decode("latin-1")


def test_the_key_is_checked_before_the_body_and_a_slow_body_is_cut_off(tmp_path: Path) -> None:
    """Reproduced before: 4 MB declared, 1 MB sent, the connection held over 8 s with or without a key."""
    from tests.live_server import serving

    store = MemoryStore(tmp_path / "store")
    with serving(store, Settings(store="memory", api_key=KEY, body_timeout=2)) as base:
        port = int(base.rsplit(":", 1)[1])
        status, seconds, body = _stalled_upload(port, {})
        assert status == 401 and seconds < 1.5, (status, seconds)
        assert "application/problem+json" in body and "nosniff" in body
        status, seconds, _ = _stalled_upload(port, {"X-API-Key": "w" * 20})
        assert status == 403 and seconds < 1.5, (status, seconds)
        status, seconds, body = _stalled_upload(port, {"X-API-Key": KEY})
        assert status == 408 and 1.5 < seconds < 10, (status, seconds)
        assert "THEMEGRAPH_BODY_TIMEOUT" in body
    with serving(store, Settings(store="memory", body_timeout=2)) as base:  # no key configured: writes are off
        status, seconds, body = _stalled_upload(int(base.rsplit(":", 1)[1]), {"X-API-Key": KEY})
        assert status == 403 and seconds < 1.5 and "THEMEGRAPH_API_KEY" in body, (status, seconds)
    assert store_checksum(store) == store_checksum(MemoryStore(tmp_path / "empty"))
