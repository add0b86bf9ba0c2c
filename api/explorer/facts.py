"""What several explorer pages read about one study, through the GraphStore reads the API uses:
its summary, theme tree, experts, and the choices its forms offer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from graph.experts import ExpertSummary
from graph.model import CATEGORIES, Category
from graph.naming import code_key, name_key
from graph.results import StudySummary, ThemeNode
from graph.store import GraphStore
from graph.studies import study_summary
from graph.views.reads import CodeIndex

__all__ = ["StudyFacts", "code_filter", "Choice"]

# (value sent, text shown)
Choice = tuple[str, str]


def code_filter(code: ThemeNode) -> dict[str, str]:
    """The /v1/quotes filter of a theme or sub-theme (its uid; its codes below count too)."""
    return {"theme" if code.kind == "theme" else "subtheme": code.uid}


@dataclass(frozen=True)
class StudyFacts:
    summary: StudySummary
    trees: list[ThemeNode]
    index: CodeIndex
    experts: list[ExpertSummary]

    @classmethod
    def read(cls, store: GraphStore, study: str) -> StudyFacts:
        """The study's facts; raises NotFound for a study the store does not hold."""
        summary = study_summary(store, study)
        trees = store.themes(summary.uid)
        return cls(summary, trees, CodeIndex.of(trees), store.experts(summary.uid))

    @property
    def uid(self) -> str:
        return self.summary.uid

    @property
    def deep(self) -> bool:
        """Whether the codebook has sub-themes (a flat one has themes only)."""
        return any(t.children for t in self.trees)

    @property
    def categories(self) -> list[Category]:
        present = {t.category for t in self.trees}
        return [c for c in CATEGORIES if c in present]

    def professions(self) -> list[tuple[str, int]]:
        """Each profession (as first spelled) with its experts, largest first."""
        label: dict[str, str] = {}
        count: Counter[str] = Counter()
        for e in self.experts:
            if e.profession:
                key = name_key(e.profession)
                label.setdefault(key, e.profession)
                count[key] += 1
        return [(label[k], n) for k, n in sorted(count.items(), key=lambda x: (-x[1], label[x[0]]))]

    def attributes(self) -> dict[str, list[tuple[str, int]]]:
        """Each expert attribute with its values and their experts, most common first."""
        values: dict[str, Counter[str]] = {}
        for e in self.experts:
            for name, value in e.attributes.items():
                values.setdefault(name, Counter())[value] += 1
        return {name: sorted(c.items(), key=lambda x: (-x[1], x[0])) for name, c in sorted(values.items())}

    def codes(self) -> list[tuple[ThemeNode, int]]:
        """Every code in codebook order with its depth (0: a theme)."""
        return [(self.index.codes[uid], len(self.index.chain(uid)) - 1) for uid in self.index.codes]

    def code_choices(self, kind: str) -> list[Choice]:
        """The themes, or the sub-themes named with their path, as (uid, text)."""
        out = []
        for code, depth in self.codes():
            if (code.kind == "theme") == (kind == "theme"):
                path = [self.index.codes[u].name for u in reversed(self.index.chain(code.uid))]
                out.append((code.uid, " › ".join(path[1:]) if depth else code.name))
        return out

    def pick_code(self, given: str | None, kind: str, theme: str | None = None) -> str | None:
        """The uid of the code a filter value names (a uid, or a name in any spelling; a
        sub-theme under `theme` first), or None when it names none of this study's codes."""
        if not given:
            return None
        if given in self.index.codes:
            return given
        key = code_key(given)
        named = [c for c, _ in self.codes() if (c.kind == "theme") == (kind == "theme") and code_key(c.name) == key]
        if theme:
            top = self.pick_code(theme, "theme")
            named = [c for c in named if self.index.chain(c.uid)[-1] == top] or named
        return named[0].uid if named else None

    def pick_expert(self, given: str | None) -> str | None:
        """The uid of the expert a filter value names (uid or pseudonym), or None."""
        if not given:
            return None
        return next((e.uid for e in self.experts if given in (e.uid, e.pseudonym)), None)
