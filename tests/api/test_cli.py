"""The themegraph command: exit codes, one-line errors, the demo and the matrix."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from api.cli.main import main
from tests.factories import GAP, small_rows, write_csv


def test_demo_then_risks_matrix_as_json(cli, tmp_path: Path) -> None:
    status, out, _ = cli("demo", "--no-serve", "--out", str(tmp_path / "out"))
    assert status == 0 and "21 experts" in out
    assert json.loads((tmp_path / "out" / "risks-matrix.json").read_text())["n_experts"] == 21
    assert "| psychiatrist (n=12) |" in (tmp_path / "out" / "risks.md").read_text()
    status, out, _ = cli("matrix", "--rows", "profession", "--cols", "subtheme", "--category", "gap",
                         "--measure", "experts", "--format", "json")
    assert status == 0
    m = json.loads(out)
    assert set(m) >= {"rows", "cols", "measure", "cells", "row_totals", "col_totals", "n_experts", "n_quotes"}
    assert m["cols"] == ["Misleading information", "Lack of professional nuance and depth", "User risk"]
    assert m["rows"] == ["psychiatrist", "mental health nurse", "researcher in medical AI"]
    assert m["n_experts"] == 21 and len(m["cells"]) == 3 and all(len(r) == 3 for r in m["cells"])


def test_bad_row_exits_2_with_one_line_and_changes_nothing(cli, tmp_path: Path) -> None:
    cli("demo", "--no-serve", "--out", str(tmp_path / "out"))
    _, before, _ = cli("stats", "--format", "json")
    rows = small_rows()
    rows[2][4] = "Misleading informations"
    bad = write_csv(tmp_path / "bad.csv", rows)
    status, _, err = cli("load", str(bad), "--study", "llm-mental-health-2024")
    assert status == 2
    assert err.count("\n") == 1
    assert err.startswith(f"themegraph: {bad}:4: sub-theme 'Misleading informations' is not in study")
    _, after, _ = cli("stats", "--format", "json")
    assert after == before


def test_load_report_json_and_idempotence(cli, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", small_rows())
    status, out, _ = cli("load", str(path), "--codebook", "reference", "--report", "json")
    assert status == 0 and json.loads(out)[0]["quotes"] == 4
    _, once, _ = cli("stats", "--format", "json")
    cli("load", str(path))
    _, twice, _ = cli("stats", "--format", "json")
    assert once == twice and json.loads(once)["codings"] == 5


def test_usage_errors_exit_2(cli, tmp_path: Path) -> None:
    assert cli("matrix", "--measure", "words")[0] == 2
    assert cli("load", str(tmp_path / "missing.csv"))[:1] == (2,)
    status, _, err = cli("reset")
    assert status == 2 and "--yes" in err
    status, _, err = cli("load", str(write_csv(tmp_path / "a.csv", small_rows())), "--codebook", "mine.qdc")
    assert status == 2 and "--codebook" in err


def test_unknown_study_exits_1_and_reset_empties(cli, tmp_path: Path) -> None:
    cli("load", str(write_csv(tmp_path / "a.csv", [["A", "nurse", "Hunan", GAP, "User risk", "t"]])))
    status, _, err = cli("matrix", "--study", "nope")
    assert status == 1 and "no study 'nope'" in err
    assert cli("reset", "--yes")[0] == 0
    assert json.loads(cli("stats", "--format", "json")[1])["quotes"] == 0


def test_neo4j_without_uri_is_a_clear_usage_error(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    assert main(["--store", "neo4j", "stats"]) == 2
    assert "needs NEO4J_URI" in capsys.readouterr().err


def test_installed_command_runs_the_demo(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "themegraph"
    env_free = {"PATH": str(exe.parent), "HOME": str(tmp_path)}
    done = subprocess.run([str(exe), "demo", "--no-serve", "--out", "out"], cwd=tmp_path, env=env_free,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    csv_out = subprocess.run([str(exe), "matrix", "--category", "gap", "--format", "csv"], cwd=tmp_path,
                             env=env_free, capture_output=True, text=True, timeout=60)
    assert csv_out.stdout.splitlines()[1].startswith("psychiatrist,")
    assert (tmp_path / ".themegraph" / "graph.json").is_file()


USAGE_MISTAKES = [  # arguments, the command named, words the line must hold (quotes and case aside)
    (("matrx",), "themegraph", ["no such command", "matrx", "matrix"]),
    (("cooccurrence", "--measure", "quotes"), "themegraph cooccurrence", ["no such option", "--measure", "--unit"]),
    (("matrix", "--rows"), "themegraph matrix", ["--rows", "requires an argument"]),
    (("matrix", "--rowz", "profession"), "themegraph matrix", ["no such option", "--rowz", "did you mean", "--rows"]),
    (("--stor", "memory", "stats"), "themegraph", ["no such option", "--stor", "--store"]),
    (("matrix", "--format", "pdf"), "themegraph matrix", ["invalid value for", "--format", "table"]),
    (("view",), "themegraph view", ["missing argument"]),
]


def test_usage_errors_of_the_installed_command_are_one_line_exit_2(tmp_path: Path) -> None:
    """Run as a user runs it, so that how typer packages click cannot turn a typo into a traceback."""
    exe = Path(sys.executable).parent / "themegraph"
    for args, command, words in USAGE_MISTAKES:
        done = subprocess.run([str(exe), "--data-dir", str(tmp_path), *args], capture_output=True, text=True,
                              timeout=60, env={"PATH": str(exe.parent), "HOME": str(tmp_path)})
        assert done.returncode == 2, (args, done.stderr)
        assert "Traceback" not in done.stderr and done.stdout == "", (args, done.stderr)
        assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"{command}: "), (args, done.stderr)
        plain = done.stderr.lower().replace("'", "").replace('"', "")
        assert all(w in plain for w in words), (args, done.stderr)
