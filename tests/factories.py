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
