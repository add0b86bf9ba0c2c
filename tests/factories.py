"""Test data in one place: the bundled sample, small CSV files, and an oracle that counts
the sample's answers straight from the CSV, independently of any store."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from api.demo import DEMO_STUDY, sample_path

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
