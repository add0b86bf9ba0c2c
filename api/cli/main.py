"""Entry point. Errors become exit codes here and nowhere else:
0 done, 2 bad input or usage (one line naming the file, row or element), 1 anything else.

Usage errors are recognised by what they carry (a message and an exit code), not by class:
typer has shipped click as a dependency and, since 0.29, as its own copy with its own classes.
"""

from __future__ import annotations

import difflib
import sys
from typing import Any

import typer

from api.cli import briefs, data, explore, queries, rigour, serving, suggest, views  # noqa: F401  (registers the commands)
from api.cli.app import app
from graph.errors import BadInput, ThemeGraphError

__all__ = ["main", "run", "usage_line"]


def _is_usage_error(exc: BaseException) -> bool:
    return callable(getattr(exc, "format_message", None)) and isinstance(getattr(exc, "exit_code", None), int)


def _closest(word: str, choices: list[str]) -> str:
    near = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if near:
        return f"did you mean '{near[0]}'?"
    return "valid: " + ", ".join(choices)


def _command_path(exc: Any, argv: list[str]) -> str:
    path = getattr(getattr(exc, "ctx", None), "command_path", None)
    if path:
        return path
    group: Any = typer.main.get_command(app)
    commands = set(group.list_commands(None))
    named = next((a for a in argv if a in commands), None)
    return f"themegraph {named}" if named else "themegraph"


def usage_line(exc: Any, argv: list[str]) -> str:
    """One line for a usage error: which command, what is wrong, and the closest valid choice."""
    message = " ".join(exc.format_message().split())
    ctx = getattr(exc, "ctx", None)
    command = getattr(ctx, "command", None)
    where = _command_path(exc, argv)
    if "did you mean" in message.lower():
        return f"{where}: {message}"
    option = getattr(exc, "option_name", None)
    if option and command is not None and message.startswith("No such option"):
        names = sorted({o for p in command.params for o in getattr(p, "opts", ()) if o.startswith("--")})
        return f"{where}: no such option {option}; {_closest(option, names)}"
    if message.startswith("No such command") and command is not None and hasattr(command, "list_commands"):
        word = message.split("'")[1] if message.count("'") >= 2 else ""
        return f"{where}: no such command '{word}'; {_closest(word, command.list_commands(ctx))}"
    return f"{where}: {message} (see {where} --help)"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status instead of raising."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        app(args=argv, prog_name="themegraph", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        print("themegraph: aborted", file=sys.stderr)
        return 1
    except BadInput as exc:
        print(f"themegraph: {exc}", file=sys.stderr)
        return 2
    except ThemeGraphError as exc:
        print(f"themegraph: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        if not _is_usage_error(exc):
            raise
        print(usage_line(exc, argv), file=sys.stderr)
        return 2
    return 0


def run() -> None:
    sys.exit(main())
