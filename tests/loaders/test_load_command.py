"""`themegraph load` and `themegraph export` as a person runs them: the report, dry runs,
codebooks and category maps from files, export then reset then load, the stats keys."""

from __future__ import annotations

import json
from pathlib import Path

from tests.factories import GAP, small_rows, write_csv
from tests.loaders.refi_builder import Code, Coding, Project, Selection, Source
from tests.loaders.test_refi_project import study_project

CODEBOOK_QDC = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="MAXQDA 2022">
  <Codes>
    <Code guid="A1B2C3D4-0000-0000-0000-000000000001" name="Risks" isCodable="true">
      <Description>What could go wrong</Description>
      <Code guid="A1B2C3D4-0000-0000-0000-000000000002" name="Privacy" isCodable="true"/>
    </Code>
    <Code guid="A1B2C3D4-0000-0000-0000-000000000003" name="Benefits" isCodable="true"/>
  </Codes>
</CodeBook>
"""


def test_text_report_then_unchanged_on_a_second_load(cli, tmp_path: Path) -> None:
    path = study_project("NVivo 12", "u16").write_qdpx(tmp_path / "study.qdpx")
    status, out, _ = cli("load", str(path), "--study", "s")
    assert status == 0
    assert "loaded 6 coded segments: 3 experts, 4 quotes, 5 codings into study s (format refi, codebook defined)" in out
    assert "created: 3 experts, 2 professions, 3 sources, 3 themes, 5 subthemes, 4 quotes, 5 codings" in out
    assert "skipped: 2 PDF codings, 1 selections without a coding" in out
    assert "selection positions read as UTF-16 code units, as 'NVivo 12' counts them" in out
    assert "warning: 1 text source(s) belong to no case" in out
    _, again, _ = cli("load", str(path), "--study", "s")
    assert "unchanged: 3 experts, 2 professions, 3 sources, 3 themes, 5 subthemes, 4 quotes, 5 codings" in again
    assert "created" not in again


def test_json_report_and_dry_run(cli, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", small_rows())
    status, out, _ = cli("load", str(path), "--codebook", "reference", "--dry-run", "--report", "json")
    (report,) = json.loads(out)
    assert status == 0 and report["written"] is False
    concepts = report["created"].pop("concepts")
    assert concepts == report["enrichment"]["concepts"] > 0  # lexicon concepts found in the quotes
    assert report["created"] == {"experts": 4, "professions": 2, "sources": 4, "themes": 4, "subthemes": 11,
                                 "quotes": 4, "codings": 5}
    assert set(report) >= {"created", "updated", "unchanged", "skipped", "warnings", "offsets", "format"}
    assert not (tmp_path / "data" / "graph.json").exists()
    _, text, _ = cli("load", str(path), "--codebook", "reference", "--dry-run")
    assert "checked (dry run)" in text and "would be created: 4 experts" in text


def test_export_reset_load_and_the_stats_keys(cli, tmp_path: Path) -> None:
    cli("load", str(write_csv(tmp_path / "a.csv", small_rows())), "--codebook", "reference")
    cli("load", str(study_project("NVivo 12", "u16").write_qdpx(tmp_path / "p.qdpx")), "--study", "s")
    _, stats_before, _ = cli("stats", "--format", "json")
    stats = json.loads(stats_before)
    assert set(stats) == {"studies", "experts", "sources", "quotes", "themes", "subthemes", "codings", "concepts"}
    assert (stats["studies"], stats["quotes"], stats["codings"]) == (2, 8, 10)
    status, stdout_export, _ = cli("export", "--format", "jsonl")
    assert status == 0 and json.loads(stdout_export.splitlines()[0]) == {"themegraph": "jsonl", "version": 1}
    out_file = tmp_path / "graph.jsonl"
    assert cli("export", "--out", str(out_file))[0] == 0
    assert out_file.read_text("utf-8") == stdout_export
    assert cli("reset", "--yes")[0] == 0
    assert cli("load", str(out_file))[0] == 0
    assert cli("stats", "--format", "json")[1] == stats_before
    assert cli("export")[1] == stdout_export
    assert cli("export", "--format", "csv")[0] == 2


def test_a_codebook_file_then_extending_it(cli, tmp_path: Path) -> None:
    qdc = tmp_path / "codes.qdc"
    qdc.write_text(CODEBOOK_QDC, "utf-8")
    rows = [["X1", "nurse", "Hunan", "Risks", "Privacy", "Where does it go?"]]
    status, out, _ = cli("load", str(write_csv(tmp_path / "a.csv", rows)), "--study", "s", "--codebook", str(qdc))
    assert status == 0 and "codes.qdc: loaded 0 coded segments" in out and "(format refi-codebook, codebook file)" in out
    bias = write_csv(tmp_path / "b.csv", [["X2", "nurse", "Hunan", "Risks", "Bias", "It favours cities."]])
    status, _, err = cli("load", str(bias), "--study", "s")
    assert status == 2 and "b.csv:2: sub-theme 'Bias' is not in study 's'" in err
    status, out, _ = cli("load", str(bias), "--study", "s", "--extend-codebook")
    assert status == 0 and "new code: Bias" in out and "codebook extended" in out
    _, themes, _ = cli("stats", "--format", "json")
    assert json.loads(themes)["subthemes"] == 2
    status, out, _ = cli("load", str(qdc), "--study", "t")
    assert status == 0 and "into study t" in out


def test_category_map(cli, tmp_path: Path) -> None:
    risks, gains = Code("Risks"), Code("Gains")
    project = Project([risks, gains, Code(GAP)], [Source("a.txt", "Some words.", [Selection(0, 4, [Coding(risks.guid)])])])
    path = project.write_qdpx(tmp_path / "p.qdpx")
    mapping = tmp_path / "categories.yaml"
    mapping.write_text("risks: gap\nGAINS: benefit\nNo such theme: other\n", "utf-8")
    status, out, _ = cli("load", str(path), "--study", "s", "--category-map", str(mapping))
    assert status == 0 and "the category map names 1 theme(s) the codebook does not hold" in out
    status, out, _ = cli("themes", "--study", "s", "--format", "json")
    categories = {t["name"]: t["category"] for t in json.loads(out)}
    assert categories == {"Risks": "gap", "Gains": "benefit", GAP: "gap"}
    mapping.write_text("risks: danger\n", "utf-8")
    status, _, err = cli("load", str(path), "--study", "s", "--category-map", str(mapping))
    assert status == 2 and "categories.yaml:risks: category 'danger' is not one of benefit, gap" in err
