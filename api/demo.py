"""The demo job: the bundled illustrative sample loaded, answers written to a folder."""

from __future__ import annotations

import json
from pathlib import Path

from api.links import public_matrix
from graph.matrix import matrix_csv
from graph.naming import slug
from graph.results import Matrix, MatrixQuery
from graph.store import GraphStore
from loaders.pipeline import LoadOptions, LoadReport, load_paths
from loaders.sample import sample_path

__all__ = ["DEMO_STUDY", "run_demo", "matrix_markdown", "demo_views"]

DEMO_STUDY = "llm-mental-health-2024"
RISKS = MatrixQuery(rows="profession", cols="subtheme", category="gap", measure="experts", study=DEMO_STUDY)


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
    report = load_paths(store, [sample_path()], LoadOptions(study=DEMO_STUDY, codebook="reference", redact=True))[0]
    out.mkdir(parents=True, exist_ok=True)
    risks = store.matrix(RISKS)
    (out / "risks-matrix.json").write_text(public_matrix(risks).model_dump_json(indent=2) + "\n", "utf-8")
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
    demo_views(store, out)
    from graph.briefs import build_brief, render_brief  # not at the top: keeps `import api.demo` light

    brief = build_brief(store, DEMO_STUDY)
    (out / "brief.md").write_bytes(render_brief(brief, "md"))
    (out / "brief.html").write_bytes(render_brief(brief, "html"))
    return report


def demo_views(store: GraphStore, out: Path) -> list[Path]:
    """Write the overview, the risks, the first expert and the risks theme of the demo study as
    pages that link to each other; returns their paths."""
    from graph.views import ViewSpec, export_views  # not at the top: keeps `import api.demo` light

    expert = min(store.experts(DEMO_STUDY), key=lambda e: e.pseudonym)
    gap = next(t for t in store.themes(DEMO_STUDY) if t.category == "gap")
    pages = [(ViewSpec("overview", study=DEMO_STUDY), "view-overview.html"),
             (ViewSpec("risks", study=DEMO_STUDY), "view-risks.html"),
             (ViewSpec("expert", uid=expert.uid), f"view-expert-{slug(expert.pseudonym)}.html"),
             (ViewSpec("theme", uid=gap.uid), "view-theme-risks.html")]
    return export_views(store, pages, out)
