"""Commands that run the service: serve, demo."""

from __future__ import annotations

import copy
import logging
from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli.app import app, opened_store, out, state
from api.demo import run_demo

GRACE = 10  # seconds


class DropQueryString(logging.Filter):
    """uvicorn's access log line without the query string: search words (`q=`) and filters can be
    personal data, and a log is kept longer and seen by more people than the answer."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) == 5:
            client, method, path, version, status = record.args
            record.args = (client, method, str(path).split("?", 1)[0], version, status)
        return True


def access_log_config() -> dict[str, Any]:
    """uvicorn's own logging set-up, with `DropQueryString` on its access logger."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["drop_query_string"] = {"()": DropQueryString}
    config["loggers"]["uvicorn.access"]["filters"] = ["drop_query_string"]
    return config


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the explorer (/explore) and the HTTP API (docs at /docs)."""
    import uvicorn

    from api.app import create_app

    base = f"http://{host}:{port}"
    out.print(f"ThemeGraph on {base}/explore (the explorer) and {base}/docs (the API), "
              f"{state.settings.store_kind} store")
    # SIGTERM or Ctrl-C: requests in flight get GRACE seconds to finish, then the process stops.
    uvicorn.run(create_app(state.settings), host=host, port=port, log_level="info", log_config=access_log_config(),
                timeout_graceful_shutdown=GRACE)


@app.command()
def demo(
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Stop after writing the outputs.")] = False,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the outputs.")] = Path("themegraph-demo"),
    host: Annotated[str, typer.Option(help="Address to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8000,
) -> None:
    """Load the bundled illustrative sample, write the risks matrix and stats to --out, then serve."""
    with opened_store() as store:
        report = run_demo(store, out_dir)
    out.print(f"Loaded {report.quotes} illustrative quotes from {report.experts} experts into study "
              f"[bold]{report.study}[/bold] ({state.settings.store_kind} store).")
    written = sorted(p.name for p in out_dir.iterdir() if p.is_file())
    out.print(f"Wrote {', '.join(written)} to {out_dir}/", soft_wrap=True)
    if not no_serve:
        serve(host=host, port=port)
