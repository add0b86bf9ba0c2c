"""/docs and /redoc work with no network: their assets come from this server, not a CDN."""

from __future__ import annotations

import time

from api.app import create_app
from api.settings import Settings
from graph.stores.memory import MemoryStore
from tests.live_server import serving


def _operations_seen(browser: object, url: str, base: str, selector: str, blocked: list[str]) -> list[str]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})

    def only_loopback(route: object) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_loopback)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(url)
        deadline = time.monotonic() + 30
        while not page.locator(selector).count():
            assert time.monotonic() < deadline, f"{url} listed no operations; page errors: {errors}"
            time.sleep(0.1)
        assert not errors, errors
        return page.locator(selector).all_inner_texts()
    finally:
        context.close()


def test_swagger_ui_and_redoc_list_the_operations_with_the_network_blocked(browser, tmp_path) -> None:
    blocked: list[str] = []
    with serving(MemoryStore(tmp_path / "store")) as base:
        swagger = _operations_seen(browser, f"{base}/docs", base, ".opblock-summary-path", blocked)
        redoc = _operations_seen(browser, f"{base}/redoc", base, "[data-section-id^='tag/'], [data-section-id*='operation']",
                                 blocked)
    paths = {" ".join(t.split()) for t in swagger}
    assert {"/v1/matrix", "/v1/quotes", "/health", "/v1/imports"} <= {p.replace("\u200b", "") for p in paths}, paths
    assert redoc, "ReDoc drew no operations"
    assert blocked == [], f"the pages asked for outside resources: {blocked}"


def test_docs_pages_reference_only_this_server(tmp_path) -> None:
    from fastapi.testclient import TestClient

    with TestClient(create_app(Settings(store="memory"), store=MemoryStore(tmp_path / "s"))) as client:
        for page in ("/docs", "/redoc"):
            html = client.get(page).text
            assert "http://" not in html and "https://" not in html, page
        assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
        assert client.get("/docs-assets/redoc.standalone.js").status_code == 200
        assert client.get("/health").json() == {"status": "ok", "store": "memory"}
