"""Studies of other codebook shapes for the brief tests, as QDA tools export them (REFI-QDA):
a flat list of codes and a three-level tree, both without categories. Their answers are
worked out by hand in tests/briefs/test_brief_shapes.py."""

from __future__ import annotations

from pathlib import Path

from loaders.pipeline import LoadOptions, load_paths
from tests.loaders.refi_builder import Case, Code, Coding, Project, Selection, Source, span

__all__ = ["FLAT", "DEEP", "flat_brief_project", "deep_brief_project", "load_brief_shape"]

FLAT = "flat-brief"
DEEP = "deep-brief"

Said = dict[str, tuple[str, list[tuple[str, list[str]]]]]


def _interviews(said: Said, codes: dict[str, Code]) -> tuple[list[Source], list[Case]]:
    """Per pseudonym, a source of its sentences coded as given and a case with its profession."""
    sources, cases = [], []
    for pseudonym, (profession, sentences) in said.items():
        text = " ".join(sentence for sentence, _ in sentences)
        selections = [Selection(*span(text, sentence), [Coding(codes[c].guid) for c in coded])
                      for sentence, coded in sentences]
        source = Source(f"Interview {pseudonym}", text, selections)
        sources.append(source)
        cases.append(Case(pseudonym, {"profession": profession}, [source.guid]))
    return sources, cases


def flat_brief_project() -> Project:
    """Five codes in a list (ATLAS.ti-like); 4 nurses and 3 doctors; nobody raised 'Workload'."""
    codes = {name: Code(name) for name in ("Trust", "Cost", "Access", "Privacy", "Workload")}
    sources, cases = _interviews({
        "N1": ("nurse", [("I trust it for notes.", ["Trust"]), ("It costs too much for us.", ["Cost", "Access"])]),
        "N2": ("nurse", [("Access is easier at night.", ["Access"])]),
        "N3": ("nurse", [("Privacy rules are unclear.", ["Privacy"])]),
        "N4": ("nurse", [("The price is high.", ["Cost"])]),
        "D1": ("doctor", [("I trust the summaries.", ["Trust"]), ("Privacy worries me.", ["Privacy"])]),
        "D2": ("doctor", [("It helps me at night.", ["Access"])]),
        "D3": ("doctor", [("I trust its drafts.", ["Trust"])]),
    }, codes)
    return Project(list(codes.values()), sources, cases=cases, origin="ATLAS.ti 23.0", name="Flat study")


def deep_brief_project() -> Project:
    """Codes three levels deep (NVivo-like): Barriers > Emotional > Fear, Anger; Barriers >
    Political > Distrust; Barriers > Scientific; Benefits > Personal; Benefits > Community >
    Village, Family. One quote is coded to the theme 'Barriers' itself; nobody raised 'Personal'."""
    def code(name: str, *children: Code) -> Code:
        made = Code(name, list(children))
        codes[name] = made
        return made

    codes: dict[str, Code] = {}
    tree = [
        code("Barriers", code("Emotional", code("Fear"), code("Anger")), code("Political", code("Distrust")),
             code("Scientific")),
        code("Benefits", code("Personal"), code("Community", code("Village"), code("Family"))),
    ]
    sources, cases = _interviews({
        "P1": ("nurse", [("I am afraid of side effects.", ["Fear"]), ("They lie to us.", ["Distrust", "Anger"]),
                         ("It protects my family.", ["Family"])]),
        "P2": ("doctor", [("Trials were too short.", ["Scientific"]), ("Everyone is angry.", ["Barriers"])]),
        "P3": ("nurse", [("Fear spreads fast online.", ["Fear"]), ("It helps the village.", ["Village"])]),
    }, codes)
    return Project(tree, sources, cases=cases, origin="NVivo for Windows 12.6", name="Deep study")


def load_brief_shape(store, tmp_path: Path, study: str) -> None:
    """Load FLAT or DEEP into a study of that name."""
    project = flat_brief_project() if study == FLAT else deep_brief_project()
    path = project.write_qdpx(tmp_path / f"{study}.qdpx")
    load_paths(store, [path], LoadOptions(study=study, concepts=False))
