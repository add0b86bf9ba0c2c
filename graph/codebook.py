"""A study's codebook: its themes and sub-themes, looked up by name whatever the spelling."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from graph.model import Category, Study, SubTheme, Theme
from graph.naming import name_key, subtheme_uid, theme_uid

__all__ = ["Codebook", "reference_codebook", "reference_category", "reference_study"]


@dataclass(frozen=True)
class Codebook:
    """Themes and sub-themes of one study, in codebook order."""

    study: str
    themes: tuple[Theme, ...] = ()
    subthemes: tuple[SubTheme, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.themes)

    def theme(self, name: str) -> Theme | None:
        key = name_key(name)
        return next((t for t in self.themes if name_key(t.name) == key), None)

    def subthemes_named(self, name: str) -> list[SubTheme]:
        key = name_key(name)
        return [s for s in self.subthemes if name_key(s.name) == key]

    def subtheme(self, theme: Theme, name: str) -> SubTheme | None:
        """The sub-theme of that name anywhere below `theme`."""
        return next((s for s in self.subthemes_named(name) if self.root_of(s.uid) == theme.uid), None)

    def root_of(self, code_uid: str) -> str:
        """The uid of the theme at the top of a code's branch."""
        parents = {s.uid: s.parent for s in self.subthemes}
        while code_uid in parents:
            code_uid = parents[code_uid]
        return code_uid

    def with_codes(self, themes: list[Theme], subthemes: list[SubTheme]) -> Codebook:
        known = {t.uid for t in self.themes} | {s.uid for s in self.subthemes}
        return Codebook(
            self.study,
            self.themes + tuple(t for t in themes if t.uid not in known),
            self.subthemes + tuple(s for s in subthemes if s.uid not in known),
        )


@cache
def _reference() -> dict:
    text = resources.files("graph").joinpath("reference_codebook.json").read_text("utf-8")
    return json.loads(text)


def reference_study(uid: str) -> Study:
    """The reference study's description, under the uid the user chose for it."""
    return Study(uid=uid, **_reference()["study"])


def reference_codebook(study: str) -> Codebook:
    """The reference study's 4 themes and 11 sub-themes, scoped to `study`."""
    themes: list[Theme] = []
    subthemes: list[SubTheme] = []
    for order, spec in enumerate(_reference()["themes"]):
        theme = Theme(theme_uid(study, spec["name"]), study, spec["name"], spec["category"], order)
        themes.append(theme)
        for sub_order, name in enumerate(spec["subthemes"]):
            subthemes.append(SubTheme(subtheme_uid(theme.uid, name), study, name, theme.uid, sub_order))
    return Codebook(study, tuple(themes), tuple(subthemes))


def reference_category(theme_name: str) -> Category:
    """The category of a theme named like a reference theme, else 'other'."""
    key = name_key(theme_name)
    for spec in _reference()["themes"]:
        if name_key(spec["name"]) == key:
            return spec["category"]
    return "other"
