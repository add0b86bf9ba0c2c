"""Test data in one place: the bundled sample, small CSV files, and an oracle that counts
the sample's answers straight from the CSV, independently of any store."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from api.demo import DEMO_STUDY
from loaders.sample import sample_path

SAMPLE = sample_path()
STUDY = DEMO_STUDY
HEADER = ["expert", "profession", "province", "theme", "subtheme", "text"]
GAP = "Technological-mental health gap"
BENEFIT = "Practice and application reform brought by LLMs"


def sample_rows() -> list[dict[str, str]]:
    with open(SAMPLE, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def oracle_experts(rows: list[dict[str, str]], theme: str) -> dict[tuple[str, str], int]:
    """(profession, sub-theme) -> distinct experts with a segment there, counted by hand."""
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in rows:
        if r["theme"] == theme:
            seen[(r["profession"], r["subtheme"])].add(r["expert"])
    return {k: len(v) for k, v in seen.items()}


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def small_rows() -> list[list[str]]:
    """Four experts, two professions, codes of the reference codebook (one double-coded quote)."""
    return [
        ["A1", "psychiatrist", "Hunan", GAP, "Misleading information", "It invents drug doses."],
        ["A1", "psychiatrist", "Hunan", GAP, "User risk", "It invents drug doses."],
        ["A2", "Psychiatrist", "Sichuan", GAP, "Misleading information", "Answers sound sure but are wrong."],
        ["B1", "mental health nurse", "Hunan", GAP, "User risk", "Patients in crisis may rely on it."],
        ["B2", "mental health nurse", "Zhejiang", BENEFIT, "Improvement in work efficiency and quality",
         "Shift notes take half the time."],
    ]


PREREQ = "Prerequisites for integrating LLMs in mental health"
KNOWN_HEADER = ["expert", "profession", "province", "years_experience", "interview_date", "theme", "subtheme", "text"]
KNOWN_STUDY = "known"


def known_rows() -> list[list[str]]:
    """Five experts with answers worked out by hand in tests/contract/test_explore_contract.py."""
    k1 = ["K1", "psychiatrist", "Hunan", "12", "2024-03-01"]
    k2 = ["K2", "psychiatrist", "Sichuan", "25", "2024-03-05"]
    k3 = ["K3", "mental health nurse", "Hunan", "7", "2024-03-02"]
    k4 = ["K4", "mental health nurse", "Zhejiang", "3", "2024-03-09"]
    k5 = ["K5", "researcher in medical AI", "Guangdong", "9", "2024-03-07"]
    return [
        [*k1, GAP, "Misleading information", "The model invents doses for lithium."],
        [*k1, GAP, "User risk", "The model invents doses for lithium."],
        [*k1, BENEFIT, "Improvement in work efficiency and quality", "Notes are faster now."],
        [*k2, GAP, "Misleading information", "Confident answers can be wrong."],
        [*k2, GAP, "Lack of professional nuance and depth", "它不懂精神科的细微差别。"],
        [*k3, GAP, "User risk", "Patients in crisis may trust it."],
        [*k3, BENEFIT, "Fair access to mental health services", "Rural patients get answers at night."],
        [*k4, BENEFIT, "Fair access to mental health services", "农村患者夜里也能得到回答。"],
        [*k5, GAP, "Lack of professional nuance and depth", "It lacks clinical depth."],
        [*k5, PREREQ, "Training and competence", "Clinicians need training first."],
    ]


def load_known(store, tmp_path: Path, **options) -> None:
    from loaders.pipeline import LoadOptions, load_paths

    path = write_csv(tmp_path / "known.csv", known_rows(), KNOWN_HEADER)
    load_paths(store, [path], LoadOptions(study=KNOWN_STUDY, codebook="reference", **options))


# ---- codebooks of other shapes, as QDA tools export them (REFI-QDA projects) ----------------
# Worked out by hand in tests/contract/test_codebook_shapes.py. Interviews are named P1, P2,
# P3, P10, P11 so that a plain sort (P1, P10, P11, P2) and a natural one differ.

FLAT_STUDY = "flat"
DEEP_STUDY = "deep"
FLAT_CODES = ["Trust", "Cost", "Access", "Privacy", "Workload"]  # ATLAS.ti-like: a list, no sub-themes


def _interviews(cases: dict[str, tuple[str, list[tuple[str, list[str]]]]], codes: dict[str, object]):
    """REFI sources and cases: per pseudonym, its profession and its (sentence, code names) in order."""
    from tests.loaders.refi_builder import Case, Coding, Selection, Source, span

    sources, made = [], []
    for pseudonym, (profession, said) in cases.items():
        text = " ".join(sentence for sentence, _ in said)
        selections = [Selection(*span(text, sentence), [Coding(codes[c].guid) for c in coded])  # type: ignore[attr-defined]
                      for sentence, coded in said]
        source = Source(f"Interview {pseudonym}", text, selections)
        sources.append(source)
        made.append(Case(pseudonym, {"profession": profession}, [source.guid]))
    return sources, made


def flat_project():
    """An ATLAS.ti-like project: five codes in a flat list, five interviews (P1, P2, P3, P10, P11)."""
    from tests.loaders.refi_builder import Code, Project

    codes = {name: Code(name) for name in FLAT_CODES}
    sources, cases = _interviews({
        "P1": ("nurse", [("I trust it for notes.", ["Trust"]), ("It costs too much for us.", ["Cost", "Access"])]),
        "P2": ("nurse", [("Access is easier at night.", ["Access"])]),
        "P3": ("doctor", [("I trust the summaries.", ["Trust"]), ("Privacy worries me.", ["Privacy"])]),
        "P10": ("nurse", [("Privacy rules are unclear.", ["Privacy"]), ("The price is high.", ["Cost"])]),
        "P11": ("doctor", [("It helps me at night.", ["Access"])]),
    }, codes)
    return Project(list(codes.values()), sources, cases=cases, origin="ATLAS.ti 23.0", name="Untitled")


DEEP_TREE = {  # NVivo-like: three levels, a theme without sub-themes, a branch nobody coded
    "Barriers": {"Emotional": ["Fear", "Anger"], "Political": ["Distrust"], "Scientific": []},
    "Benefits": {"Personal": [], "Community": []},
    "Vaccine type": {},
    "Identities": {"Far right": []},
}


def deep_project():
    """An NVivo-like project: codes three levels deep, three interviews (P1, P2, P10); one quote
    coded to a theme that has sub-themes ('Barriers') rather than to one of them."""
    from tests.loaders.refi_builder import Code, Project

    codes: dict[str, Code] = {}
    top = []
    for theme, subs in DEEP_TREE.items():
        children = []
        for sub, leaves in subs.items():
            codes.update({leaf: Code(leaf) for leaf in leaves})
            codes[sub] = Code(sub, [codes[leaf] for leaf in leaves])
            children.append(codes[sub])
        codes[theme] = Code(theme, children)
        top.append(codes[theme])
    sources, cases = _interviews({
        "P1": ("nurse", [("I am afraid of side effects.", ["Fear"]), ("They lie to us.", ["Distrust", "Anger"]),
                         ("It protects my family.", ["Personal"])]),
        "P2": ("doctor", [("Trials were too short.", ["Scientific"]), ("COVID shots only.", ["Vaccine type"]),
                          ("Everyone is angry.", ["Barriers"])]),
        "P10": ("nurse", [("Fear spreads fast online.", ["Fear"]), ("It helps the village.", ["Community"]),
                          ("Only the flu shot.", ["Vaccine type"])]),
    }, codes)
    return Project(top, sources, cases=cases, origin="NVivo for Windows 12.6", name="Untitled")


def load_shape(store, tmp_path: Path, study: str) -> None:
    """Load the flat (FLAT_STUDY) or the deep (DEEP_STUDY) project into that study."""
    from loaders.pipeline import LoadOptions, load_paths

    project = flat_project() if study == FLAT_STUDY else deep_project()
    path = project.write_qdpx(tmp_path / f"{study}.qdpx")
    load_paths(store, [path], LoadOptions(study=study, concepts=False))
