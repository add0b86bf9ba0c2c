"""Deterministic coded segments for the benchmarks, as generic CSV and as JSONL.

One stream of segments per seed: a size-N file is the first N segments of that stream, so
the 1k file is a prefix of the 1M file. Experts give 25-55 segments each (40 on average),
in interview order; about one segment in eight is the previous text coded a second time
(one quote, two codings, as the CSV loader reads it). Codes follow a Zipf law over a
4-theme, 50-sub-theme codebook whose theme names are the reference study's, so their
categories (benefit, gap, prerequisite, expectation) apply. Professions and provinces are
skewed too. Text is filler drawn from a fixed vocabulary: no real quote is used.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path

__all__ = [
    "CODEBOOK", "COLUMNS", "GAP_THEME", "SEED", "Dataset", "Segment", "segments", "dataset",
    "ranked_codes", "theme_categories",
]

SEED = 20240214
GENERATOR_VERSION = 1
COLUMNS = ("expert", "profession", "province", "theme", "subtheme", "text")
GAP_THEME = "Technological-mental health gap"

# (theme, category, sub-themes): the reference study's themes and sub-themes first, then
# plausible extra codes up to 50 sub-themes. Names are ASCII words and spaces only, so a
# Cypher `replace(toLower(name), ' ', '-')` gives the same slug as graph.naming.slug.
CODEBOOK: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Practice and application reform brought by LLMs", "benefit", (
        "Fair access to mental health services", "Enhancement of patient participation",
        "Improvement in work efficiency and quality", "Faster documentation",
        "Psychoeducation at scale", "Triage support", "Round the clock availability",
        "Reduced stigma in help seeking", "Support for rural clinics",
        "Translation for minority languages", "Drafting care plans", "Summarising case notes",
        "Training simulations for students", "Research literature search",
    )),
    (GAP_THEME, "gap", (
        "Misleading information", "Lack of professional nuance and depth", "User risk",
        "Privacy of patient data", "Hallucinated references", "Cultural mismatch",
        "Overreliance by clinicians", "Missed crisis signals", "Bias against minority groups",
        "Unclear liability", "Loss of therapeutic alliance", "Inconsistent answers",
        "Outdated medical knowledge",
    )),
    ("Prerequisites for integrating LLMs in mental health", "prerequisite", (
        "Training and competence", "Guidelines for use and management",
        "Patient engagement and transparency", "Clinical validation studies",
        "Regulatory approval", "Data security infrastructure", "Human oversight of outputs",
        "Informed consent procedures", "Integration with health records",
        "Domain specific fine tuning", "Accountability frameworks", "Funding and procurement",
    )),
    ("Expectations for future developments", "expectation", (
        "Reasonable allocation of workload", "Upgrades and revamps of LLMs",
        "Multimodal assessment", "Personalised treatment suggestions", "Emotion recognition",
        "Long term follow up", "Chinese language models for psychiatry",
        "Open evaluation benchmarks", "Collaboration with developers",
        "Continuous learning from feedback", "Lower cost deployment",
    )),
)

PROFESSIONS = (("psychiatrist", 40), ("mental health nurse", 30), ("clinical psychologist", 15),
               ("social worker", 10), ("researcher in medical AI", 5))
PROVINCES = (("Hunan", 22), ("Sichuan", 18), ("Zhejiang", 15), ("Guangdong", 13), ("Beijing", 11),
             ("Shanghai", 9), ("Yunnan", 7), ("Gansu", 5))
VOCABULARY = tuple("""
the model patient patients clinic ward nurse doctor answer answers advice dose risk risks
trust time notes record records question questions family crisis therapy session sessions
training rules hospital colleague colleagues data privacy language tool tools support
could would should might often never always sometimes really quite very more less
because when although while if unless before after during since until
we I they it this that these those our my their your
use used using see seen saw think thought feel felt worry worried help helps helped
draft drafts check checks checked explain explains wrong right safe unsafe clear unclear
fast slow careful careless useful useless fluent confident sure unsure honest vague
depression anxiety insomnia psychosis medication lithium sertraline follow up referral
night shift outpatient inpatient rural city young elderly student students parents
""".split())
SEGMENTS_PER_EXPERT = (25, 55)
DOUBLE_CODED = 0.12
ZIPF_EXPONENT = 1.0


@dataclass(frozen=True, slots=True)
class Segment:
    expert: str
    profession: str
    province: str
    theme: str
    subtheme: str
    text: str


@dataclass(frozen=True)
class Dataset:
    """One generated size: its files, what they hold and a checksum of the CSV."""

    rows: int
    csv: Path
    jsonl: Path
    experts: int
    quotes: int
    codings: int
    csv_bytes: int
    csv_sha256: str

    def as_dict(self) -> dict:
        return {k: str(v) if isinstance(v, Path) else v for k, v in asdict(self).items()}


def theme_categories() -> dict[str, str]:
    return {theme: category for theme, category, _ in CODEBOOK}


def _text(rng: random.Random) -> str:
    words = rng.choices(VOCABULARY, k=rng.randint(12, 40))
    if len(words) > 20:
        words[rng.randint(5, len(words) - 6)] += ","
    return " ".join(words).capitalize() + "."


def ranked_codes(seed: int = SEED) -> list[tuple[str, str]]:
    """(theme, sub-theme) from the most used to the least: fixed per seed, not codebook order."""
    ranked = [(theme, sub) for theme, _, subs in CODEBOOK for sub in subs]
    random.Random(seed + 1).shuffle(ranked)
    return ranked


def segments(seed: int = SEED) -> Iterator[Segment]:
    """The endless stream of segments for `seed`, expert after expert."""
    rng = random.Random(seed)
    ranked = ranked_codes(seed)
    code_weights = [1.0 / (rank + 1) ** ZIPF_EXPONENT for rank in range(len(ranked))]
    professions, profession_weights = zip(*PROFESSIONS)
    provinces, province_weights = zip(*PROVINCES)
    number = 0
    while True:
        number += 1
        expert = f"E{number:06d}"
        profession = rng.choices(professions, profession_weights)[0]
        province = rng.choices(provinces, province_weights)[0]
        previous: tuple[str, str] | None = None
        for _ in range(rng.randint(*SEGMENTS_PER_EXPERT)):
            theme, sub = rng.choices(ranked, code_weights)[0]
            if previous and previous[1] != sub and rng.random() < DOUBLE_CODED:
                text = previous[0]  # the same passage coded a second time
            else:
                text = _text(rng)
            previous = (text, sub)
            yield Segment(expert, profession, province, theme, sub, text)


def _write(rows: int, csv_path: Path, jsonl_path: Path, seed: int) -> dict:
    experts: set[str] = set()
    quotes: set[tuple[str, str]] = set()
    codings: set[tuple[str, str, str]] = set()
    digest = hashlib.sha256()
    with open(csv_path, "w", encoding="utf-8", newline="") as fc, \
            open(jsonl_path, "w", encoding="utf-8") as fj:
        writer = csv.writer(fc, lineterminator="\n")
        writer.writerow(COLUMNS)
        for s in islice(segments(seed), rows):
            writer.writerow((s.expert, s.profession, s.province, s.theme, s.subtheme, s.text))
            fj.write(json.dumps(asdict(s), ensure_ascii=False) + "\n")
            experts.add(s.expert)
            quotes.add((s.expert, s.text))
            codings.add((s.expert, s.text, s.subtheme))
    with open(csv_path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return {"rows": rows, "experts": len(experts), "quotes": len(quotes), "codings": len(codings),
            "csv_bytes": csv_path.stat().st_size, "csv_sha256": digest.hexdigest(),
            "seed": seed, "generator": GENERATOR_VERSION}


def dataset(rows: int, data_dir: Path, seed: int = SEED) -> Dataset:
    """The size-`rows` files in `data_dir`, generated once and reused while their manifest matches."""
    data_dir.mkdir(parents=True, exist_ok=True)
    stem = data_dir / f"segments-{rows}-s{seed}"
    csv_path, jsonl_path, manifest = stem.with_suffix(".csv"), stem.with_suffix(".jsonl"), stem.with_suffix(".json")
    facts = None
    if manifest.is_file() and csv_path.is_file() and jsonl_path.is_file():
        facts = json.loads(manifest.read_text())
        if facts.get("generator") != GENERATOR_VERSION or facts.get("csv_bytes") != csv_path.stat().st_size:
            facts = None
    if facts is None:
        facts = _write(rows, csv_path, jsonl_path, seed)
        manifest.write_text(json.dumps(facts, indent=2))
    return Dataset(rows=rows, csv=csv_path, jsonl=jsonl_path, experts=facts["experts"], quotes=facts["quotes"],
                   codings=facts["codings"], csv_bytes=facts["csv_bytes"], csv_sha256=facts["csv_sha256"])
