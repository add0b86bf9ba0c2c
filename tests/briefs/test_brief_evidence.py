"""What a policy reader needs beside the counts, on both stores: limitations, the evidence
profile with reviewers' CERQual judgements, researchers' translations, and each gap paired
with what the same experts asked for. Expected values come from the sample CSV counted by
hand (tests/factories) or from the hand-worked studies."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from graph.briefs import build_brief, render_brief
from graph.briefs.assessments import parse_assessments
from graph.briefs.translations import parse_translations
from graph.errors import BadInput
from graph.store import GraphStore
from loaders.sample import ILLUSTRATIVE
from tests.briefs.shapes import FLAT, load_brief_shape
from tests.factories import KNOWN_STUDY, STUDY, sample_rows

ASSESSED = """\
assessed_by: A. Reviewer and B. Reviewer
assessed_on: 2026-11-30
findings:
  misleading  information:
    methodological_limitations: Minor concerns
    coherence: no or very minor concerns
    adequacy: moderate concerns
    relevance: minor concerns
    overall_confidence: moderate
    explanation: Raised across professions; thin data from researchers.
"""


def _experts_by_subtheme() -> dict[str, set[str]]:
    seen: dict[str, set[str]] = defaultdict(set)
    for r in sample_rows():
        seen[r["subtheme"]].add(r["expert"])
    return seen


def test_limitations_name_small_groups_sampling_redaction_and_illustrative_data(sample: GraphStore) -> None:
    brief = build_brief(sample, STUDY)
    lim = brief.limitations
    assert [(g.label, g.n, g.of) for g in lim.small_groups] == [("researcher in medical AI", 2, 21)]
    assert lim.illustrative == ILLUSTRATIVE and lim.n_redacted == 0
    provinces = defaultdict(set)
    for r in sample_rows():
        provinces[r["province"]].add(r["expert"])
    listed = ", ".join(f"{p} {len(e)}" for p, e in sorted(provinces.items(), key=lambda kv: (-len(kv[1]), kv[0])))
    assert f"; province ({listed}); " in next(line for line in lim.sampling if line.startswith("Recorded for"))
    markdown = render_brief(brief, "md").decode()
    assert "## Limitations" in markdown and "researcher in medical AI (n=2): fewer than 5 experts" in markdown
    assert "| researcher in medical AI (n=2)† | 1†[^" in markdown  # its cells marked in the risks table
    html = render_brief(brief, "html").decode()
    assert '<td class="small">researcher in medical AI (n=2)†</td>' in html and 'id="limitations"' in html


def test_evidence_profile_rows_follow_the_findings(sample: GraphStore, store: GraphStore, tmp_path: Path) -> None:
    brief = build_brief(sample, STUDY)
    rows = {r.finding: r for r in brief.profile.rows}
    findings = {f.name: f for s in brief.sections for f in s.findings}
    assert set(rows) == set(findings)
    misleading = rows["Misleading information"]
    assert (misleading.experts.n, misleading.experts.of, misleading.n_quotes) == (
        len(_experts_by_subtheme()["Misleading information"]), 21, findings["Misleading information"].n_quotes)
    assert (misleading.professions_raising, misleading.professions, misleading.consistent) == (3, 3, True)
    assert misleading.quotes == findings["Misleading information"].quotes[:2]
    assert misleading.assessment.overall_confidence is None and brief.profile.assessments_file is None

    load_brief_shape(sample, tmp_path, FLAT)  # 4 nurses, 3 doctors: both groups count for agreement
    flat = {r.finding: r for r in build_brief(sample, FLAT).profile.rows}
    assert (flat["Cost"].consistent, flat["Cost"].silent_groups) == (False, ["doctor"])
    assert (flat["Trust"].consistent, flat["Trust"].professions_raising) == (True, 2)
    assert "no: not doctors" in render_brief(build_brief(sample, FLAT), "md").decode()


def test_assessments_fill_the_cerqual_columns(known: GraphStore) -> None:
    given = parse_assessments(ASSESSED, "cerqual.yaml")
    brief = build_brief(known, KNOWN_STUDY, assessments=given)
    row = next(r for r in brief.profile.rows if r.finding == "Misleading information")
    a = row.assessment
    assert (a.methodological_limitations, a.coherence, a.adequacy, a.relevance, a.overall_confidence) == (
        "minor concerns", "no or very minor concerns", "moderate concerns", "minor concerns", "moderate")
    assert (brief.profile.assessed_by, brief.profile.assessed_on) == ("A. Reviewer and B. Reviewer", "2026-11-30")
    other = next(r for r in brief.profile.rows if r.finding == "User risk")
    assert other.assessment.coherence is None
    markdown = render_brief(brief, "md").decode()
    assert "CERQual judgements by A. Reviewer and B. Reviewer, 2026-11-30 (from cerqual.yaml)." in markdown
    assert "| minor concerns | no or very minor concerns | moderate concerns | minor concerns | moderate |" in markdown


def test_an_assessment_of_a_finding_the_brief_lacks_is_refused(known: GraphStore) -> None:
    given = parse_assessments("findings:\n  Misleding information:\n    coherence: minor concerns\n", "cerqual.yaml")
    with pytest.raises(BadInput) as caught:
        build_brief(known, KNOWN_STUDY, assessments=given)
    assert str(caught.value).startswith(
        "cerqual.yaml: finding 'Misleding information': no finding of that name in this brief; did you mean "
        "'Misleading information'?")


@pytest.mark.parametrize(("text", "message"), [
    ("findings:\n  User risk:\n    coherence: fine\n",
     "cerqual.yaml: finding 'User risk', coherence: 'fine' is not a CERQual judgement here; use one of: "
     "no or very minor concerns, minor concerns, moderate concerns, serious concerns"),
    ("findings:\n  User risk:\n    overall_confidence: moderate concerns\n",
     "cerqual.yaml: finding 'User risk', overall_confidence: 'moderate concerns' is not a CERQual judgement here; "
     "use one of: high, moderate, low, very low"),
    ("findings:\n  User risk:\n    cohérence: minor concerns\n",
     "cerqual.yaml: finding 'User risk': unknown field 'cohérence'"),
    ("findings: [a, b]\n", "cerqual.yaml: expected a mapping with 'findings:'"),
    ("findings:\n  User risk: [\n", "cerqual.yaml:3: not valid YAML"),
])
def test_bad_assessments_are_refused_naming_the_file_and_entry(text: str, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_assessments(text, "cerqual.yaml")
    assert str(caught.value).startswith(message)


def test_translations_show_beside_the_original_and_are_checked(known: GraphStore) -> None:
    brief = build_brief(known, KNOWN_STUDY)
    chinese = next(q for s in brief.sections for f in s.findings for q in f.quotes if q.text.startswith("它不懂"))
    given = parse_translations(f"uid,translation\n{chinese.uid},It misses the fine points of psychiatry.\n", "t.csv")
    translated = build_brief(known, KNOWN_STUDY, translations=given)
    shown = next(q for s in translated.sections for f in s.findings for q in f.quotes if q.uid == chinese.uid)
    assert (shown.text, shown.translation) == (chinese.text, "It misses the fine points of psychiatry.")
    markdown = render_brief(translated, "md").decode()
    assert "*Translation by the researchers, from zh:* “It misses the fine points of psychiatry.”" in markdown
    assert "“它不懂精神科的细微差别。”" in markdown  # the original stays
    html = render_brief(translated, "html").decode()
    assert '<p class="translation" lang="en"><em>Translation by the researchers, from zh:</em>' in html

    with pytest.raises(BadInput, match=r"^t.csv: quote 'q-nope' is not a coded quote of this study"):
        build_brief(known, KNOWN_STUDY, translations=parse_translations("uid,translation\nq-nope,x\n", "t.csv"))
    with pytest.raises(BadInput, match=r"^t.csv:1: expected the columns 'uid' and 'translation' \(found: id, text\)"):
        parse_translations("id,text\n", "t.csv")
    with pytest.raises(BadInput, match=r"^t.csv:3: a second translation of quote 'q-1'"):
        parse_translations("uid,translation\nq-1,a\nq-1,b\n", "t.csv")


def test_each_gap_is_paired_with_what_its_experts_asked_for(sample: GraphStore) -> None:
    brief = build_brief(sample, STUDY)
    who = _experts_by_subtheme()
    asks = {"Training and competence", "Guidelines for use and management", "Patient engagement and transparency",
            "Reasonable allocation of workload", "Upgrades and revamps of LLMs"}
    assert [link.gap for link in brief.gap_links] == [f.name for s in brief.sections if s.category == "gap"
                                                      for f in s.findings]
    for link in brief.gap_links:
        expected = {a: len(who[link.gap] & who[a]) for a in asks if who[link.gap] & who[a]}
        assert {p.name: p.experts.n for p in link.pairs} == expected
        assert all(p.experts.of == len(who[link.gap]) for p in link.pairs)
        assert [p.experts.n for p in link.pairs] == sorted((p.experts.n for p in link.pairs), reverse=True)
    first = brief.gap_links[0]
    top = first.pairs[0]
    assert first.sentence.startswith(f"Of the {len(who[first.gap])} experts who raised {first.gap[0].lower()}")
    assert f"{top.experts.n} named {top.name[0].lower()}{top.name[1:]} as a prerequisite" in first.sentence
    markdown = render_brief(brief, "md").decode()
    assert "## What the experts who raised each gap asked for" in markdown and "not recommendations" in markdown
