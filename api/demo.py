"""The demo job: the bundled illustrative sample loaded, answers written to a folder."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from graph.matrix import matrix_csv
from graph.results import Matrix, MatrixQuery
from graph.store import GraphStore
from loaders.pipeline import LoadOptions, LoadReport, load_paths

__all__ = ["DEMO_STUDY", "sample_path", "run_demo", "matrix_markdown"]

DEMO_STUDY = "llm-mental-health-2024"
RISKS = MatrixQuery(rows="profession", cols="subtheme", category="gap", measure="experts", study=DEMO_STUDY)


def sample_path() -> Path:
    """The illustrative sample: packaged in a wheel, or in the source tree's examples/."""
    packaged = resources.files("api").joinpath("sample", "segments.csv")
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "examples" / "sample" / "segments.csv"


def matrix_markdown(m: Matrix) -> str:
    """The matrix as a Markdown table, each cell 'n' with the row's 'of N' in the first column."""
    head = f"| {m.measure} by row | " + " | ".join(m.cols) + " | any |"
    rule = "|" + " --- |" * (len(m.cols) + 2)
    lines = [head, rule]
    for label, cells, total, size in zip(m.rows, m.cells, m.row_totals, m.row_sizes):
        lines.append(f"| {label} (n={size}) | " + " | ".join(map(str, cells)) + f" | {total} |")
    lines.append(f"| all (n={m.n_experts}) | " + " | ".join(map(str, m.col_totals)) + " | |")
    return "\n".join(lines) + "\n"


def run_demo(store: GraphStore, out: Path) -> LoadReport:
    """Load the sample into the demo study and write the risks matrix and stats into `out`."""
    report = load_paths(store, [sample_path()], LoadOptions(study=DEMO_STUDY, codebook="reference"))[0]
    out.mkdir(parents=True, exist_ok=True)
    risks = store.matrix(RISKS)
    (out / "risks-matrix.json").write_text(risks.model_dump_json(indent=2) + "\n", "utf-8")
    (out / "risks-matrix.csv").write_text(matrix_csv(risks), "utf-8")
    (out / "stats.json").write_text(store.stats().model_dump_json(indent=2) + "\n", "utf-8")
    (out / "risks.md").write_text(
        "# Which professions raised which risks\n\n"
        "Experts of each profession with at least one quote coded to each sub-theme of the\n"
        "'Technological-mental health gap' theme. Illustrative sample data written for\n"
        "ThemeGraph, modelled on the published study design; not the study's data.\n\n"
        + matrix_markdown(risks),
        "utf-8",
    )
    (out / "load-report.json").write_text(json.dumps(report.model_dump(), indent=2) + "\n", "utf-8")
    return report
