"""Segments -> one GraphBatch: codes checked against the study's codebook, experts kept consistent.

The rules (DESIGN.md, "Studies and codebooks"): a study with no codebook takes this file's
codes as its codebook; a study with one refuses codes outside it unless `extend` is set;
a sub-theme named under another theme than the codebook's is refused either way.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.codebook import Codebook, reference_category
from graph.errors import BadInput, CodebookConflict
from graph.model import Coding, Expert, GraphBatch, Profession, Quote, Source, Study, SubTheme, Theme
from graph.naming import expert_uid, name_key, quote_uid, source_uid, subtheme_uid, theme_uid
from loaders.segment_row import SegmentRow

__all__ = ["BatchPlan", "build_batch"]


@dataclass
class BatchPlan:
    """A validated batch with what it adds to the codebook."""

    batch: GraphBatch
    codebook: Codebook
    rows: int
    new_themes: list[str] = field(default_factory=list)
    new_subthemes: list[str] = field(default_factory=list)


class _Codes:
    """The working codebook while a file is read: lookups, and additions where allowed."""

    def __init__(self, codebook: Codebook, may_add: bool, defining: bool) -> None:
        self.codebook = codebook
        self.may_add = may_add
        self.defining = defining
        self.new_themes: list[Theme] = []
        self.new_subthemes: list[SubTheme] = []

    def _hint(self, name: str, known: Iterable[str]) -> str:
        close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
        return f"; did you mean {close[0]!r}?" if close else ""

    def _refuse(self, what: str, name: str, known: list[str]) -> CodebookConflict:
        listed = ", ".join(repr(k) for k in known[:12]) + (" ..." if len(known) > 12 else "")
        return CodebookConflict(
            f"{what} {name!r} is not in study {self.codebook.study!r}'s codebook{self._hint(name, known)}"
            f" (it has: {listed}); fix the name, or load with --extend-codebook to add it on purpose"
        )

    def theme(self, name: str) -> Theme:
        found = self.codebook.theme(name)
        if found:
            return found
        if not self.may_add:
            raise self._refuse("theme", name, [t.name for t in self.codebook.themes])
        study = self.codebook.study
        theme = Theme(theme_uid(study, name), study, name, reference_category(name),
                      order=len(self.codebook.themes))
        self.codebook = self.codebook.with_codes([theme], [])
        self.new_themes.append(theme)
        return theme

    def subtheme(self, theme: Theme, name: str) -> SubTheme:
        found = self.codebook.subtheme(theme, name)
        if found:
            return found
        elsewhere = self.codebook.subthemes_named(name)
        if elsewhere:
            owner = next(t.name for t in self.codebook.themes if t.uid == self.codebook.root_of(elsewhere[0].uid))
            raise CodebookConflict(
                f"sub-theme {name!r} belongs to theme {owner!r} in the codebook, not {theme.name!r}; "
                "fix the theme column"
            )
        if not self.may_add:
            raise self._refuse("sub-theme", name, [s.name for s in self.codebook.subthemes])
        siblings = sum(1 for s in self.codebook.subthemes if s.parent == theme.uid)
        sub = SubTheme(subtheme_uid(theme.uid, name), theme.study, name, theme.uid, order=siblings)
        self.codebook = self.codebook.with_codes([], [sub])
        self.new_subthemes.append(sub)
        return sub

    def code_of(self, row: SegmentRow) -> str:
        if row.theme:
            theme = self.theme(row.theme)
            return self.subtheme(theme, row.subtheme).uid if row.subtheme else theme.uid
        found = self.codebook.subthemes_named(row.subtheme or "")
        if len(found) == 1:
            return found[0].uid
        if found:
            raise CodebookConflict(f"sub-theme {row.subtheme!r} exists under several themes; fill in 'theme'")
        raise self._refuse("sub-theme", row.subtheme or "", [s.name for s in self.codebook.subthemes])


def build_batch(rows: Iterable[SegmentRow], study: Study, codebook: Codebook, *,
                extend: bool = False, max_errors: int = 50) -> BatchPlan:
    """Validate every row and build the batch; raise BadInput for the first bad row (counting the rest)."""
    defining = not codebook
    codes = _Codes(codebook, may_add=defining or extend, defining=defining)
    batch = GraphBatch(study=study)
    professions: dict[str, Profession] = {}
    experts: dict[str, tuple[Expert, str]] = {}
    sources: dict[str, Source] = {}
    quotes: dict[str, Quote] = {}
    codings: dict[tuple[str, str], Coding] = {}
    errors: list[BadInput] = []
    count = 0

    for row in rows:
        count += 1
        try:
            code = codes.code_of(row)
            expert = _expert(row, study.uid, professions)
            seen = experts.get(expert.uid)
            if seen and (seen[0].profession, dict(seen[0].attributes)) != (expert.profession, dict(expert.attributes)):
                raise BadInput(f"expert {row.expert!r} has other attributes or profession than on {seen[1]}; "
                               "give each expert the same values on every row")
            experts.setdefault(expert.uid, (expert, row.where))
        except BadInput as exc:
            errors.append(type(exc)(exc.reason, row.where))
            if len(errors) >= max_errors:
                break
            continue
        src_name = row.source or f"Interview {row.expert}"
        src = sources.setdefault(src_name, Source(source_uid(study.uid, src_name), study.uid, src_name))
        uid = quote_uid(study.uid, src.uid, row.start, row.end, row.text)
        quotes.setdefault(uid, Quote(uid, study.uid, expert.uid, src.uid, row.text, row.start, row.end,
                                     language=row.language))
        codings.setdefault((uid, code), Coding(uid, code, row.coder, row.at))

    if errors:
        first = errors[0]
        raise type(first)(first.reason, first.where, more=len(errors) - 1)
    if count == 0:
        raise BadInput("the file holds no coded segments")

    batch.professions = list(professions.values())
    batch.experts = [e for e, _ in experts.values()]
    batch.sources = list(sources.values())
    batch.themes = list(codes.codebook.themes)
    batch.subthemes = list(codes.codebook.subthemes)
    batch.quotes = list(quotes.values())
    batch.codings = list(codings.values())
    return BatchPlan(batch, codes.codebook, count,
                     [t.name for t in codes.new_themes], [s.name for s in codes.new_subthemes])


def _expert(row: SegmentRow, study: str, professions: dict[str, Profession]) -> Expert:
    profession = None
    if row.profession:
        profession = name_key(row.profession)
        professions.setdefault(profession, Profession(profession, row.profession.strip()))
    return Expert(expert_uid(study, row.expert), study, row.expert.strip(), profession,
                  tuple(sorted(row.attributes)))
