"""Entry point. Errors become exit codes here and nowhere else:
0 done, 2 bad input or usage (one line naming the file, row or element), 1 anything else."""

from __future__ import annotations

import sys

import click

from api.cli import briefs, data, explore, queries, serving, suggest, views  # noqa: F401  (registers the commands)
from api.cli.app import app
from graph.errors import BadInput, ThemeGraphError

__all__ = ["main", "run"]


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status instead of raising."""
    try:
        app(args=argv, prog_name="themegraph", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        print("themegraph: aborted", file=sys.stderr)
        return 1
    except click.ClickException as exc:
        print(f"themegraph: {exc.format_message()}", file=sys.stderr)
        return 2
    except BadInput as exc:
        print(f"themegraph: {exc}", file=sys.stderr)
        return 2
    except ThemeGraphError as exc:
        print(f"themegraph: {exc}", file=sys.stderr)
        return 1
    return 0


def run() -> None:
    sys.exit(main())
