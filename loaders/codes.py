"""The working codebook while a file is read: codes looked up by name path or by the file's
own keys, and added where the rules allow (DESIGN.md, "Studies and codebooks").

A study with no codebook takes this file's codes; a study with one refuses codes outside it
unless `may_add` (--extend-codebook). Theme categories come from the file (JSONL), then the
--category-map, then the reference codebook's names, else 'other'.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from graph.codebook import Codebook, reference_category
from graph.errors import BadInput, CodebookConflict
from graph.model import Category, SubTheme, Theme
from graph.naming import keyed_code_uid, name_key, slug, subtheme_uid, theme_uid
from loaders.name_clashes import Named, code_clash
from loaders.records import CodeSpec

__all__ = ["CodeResolver"]


class CodeResolver:
    """Resolves codes to uids against a study's codebook, growing it where allowed."""

    def __init__(self, codebook: Codebook, may_add: bool, categories: dict[str, Category] | None = None) -> None:
        self.codebook = codebook
        self.may_add = may_add
        self.categories = categories or {}
        self.new_themes: list[Theme] = []
        self.new_subthemes: list[SubTheme] = []
        self._declared: dict[str, CodeSpec] = {}
        self._resolved: dict[str, str] = {}
        self._resolving: set[str] = set()  # keys whose parents are being resolved: a loop is refused
        self._by_names: dict[tuple[str | None, ...], str] = {}
        self._named_at: dict[str, str | None] = {}  # codes this file added by name: where it first named them
        self._index()
        self._recategorise()

    # ---- the codebook as lookups -------------------------------------------------------

    def _index(self) -> None:
        self._uids = {t.uid for t in self.codebook.themes} | {s.uid for s in self.codebook.subthemes}
        self._theme_by_key = {name_key(t.name): t for t in self.codebook.themes}
        self._children: dict[str, list[SubTheme]] = {}
        self._parent: dict[str, str] = {}
        for s in self.codebook.subthemes:
            self._children.setdefault(s.parent, []).append(s)
            self._parent[s.uid] = s.parent

    def _add(self, themes: list[Theme], subthemes: list[SubTheme]) -> None:
        self.codebook = self.codebook.with_codes(themes, subthemes)
        self.new_themes += themes
        self.new_subthemes += subthemes
        self._index()

    def _recategorise(self) -> None:
        """Apply the category map to the themes already in the codebook (it is an explicit wish)."""
        if not self.categories:
            return
        themes = tuple(
            Theme(t.uid, t.study, t.name, self.categories.get(name_key(t.name), t.category), t.order, t.description)
            for t in self.codebook.themes
        )
        self.codebook = Codebook(self.codebook.study, themes, self.codebook.subthemes)
        self._index()

    def _category(self, name: str) -> Category:
        return self.categories.get(name_key(name)) or reference_category(name)

    def root_of(self, uid: str) -> str:
        while uid in self._parent:
            uid = self._parent[uid]
        return uid

    def _below(self, parent: str, name: str) -> SubTheme | None:
        """A direct child of that name, else the first one anywhere below."""
        key = name_key(name)
        todo = list(self._children.get(parent, []))
        direct = next((s for s in todo if name_key(s.name) == key), None)
        if direct:
            return direct
        while todo:
            s = todo.pop(0)
            if name_key(s.name) == key:
                return s
            todo.extend(self._children.get(s.uid, []))
        return None

    def _name_of(self, uid: str) -> str:
        codes: list[Theme | SubTheme] = [*self.codebook.themes, *self.codebook.subthemes]
        return next((c.name for c in codes if c.uid == uid), uid)

    def _refuse(self, what: str, name: str, known: list[str]) -> CodebookConflict:
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        listed = ", ".join(repr(k) for k in known[:12]) + (" ..." if len(known) > 12 else "")
        return CodebookConflict(
            f"{what} {name!r} is not in study {self.codebook.study!r}'s codebook{hint}"
            f" (it has: {listed}); fix the name, or load with --extend-codebook to add it on purpose"
        )

    # ---- codes named by name -----------------------------------------------------------

    def _unclaimed(self, kind: str, uid: str, name: str, where: str | None, parent: str | None = None) -> None:
        """Refuse a new code whose uid a code of another name holds ('Trust & safety', 'Trust / safety')."""
        if uid in self._uids:
            old = Named(self._name_of(uid), self._named_at.get(uid))
            raise code_clash(kind, Named(name.strip(), where), old, slug(name), self.codebook.study,
                             self._name_of(parent) if parent else None)
        self._named_at[uid] = where

    def theme(self, name: str, where: str | None = None) -> Theme:
        """The theme of that name, added where allowed; `where` is the place that names it."""
        found = self._theme_by_key.get(name_key(name))
        if found:
            return found
        if not self.may_add:
            raise self._refuse("theme", name, [t.name for t in self.codebook.themes])
        study = self.codebook.study
        theme = Theme(theme_uid(study, name), study, name.strip(), self._category(name),
                      order=len(self.codebook.themes))
        self._unclaimed("themes", theme.uid, name, where)
        self._add([theme], [])
        return theme

    def _child(self, parent: str, name: str, strict: bool, where: str | None) -> str:
        found = self._below(parent, name)
        if found:
            return found.uid
        if strict:
            elsewhere = self.codebook.subthemes_named(name)
            if elsewhere:
                owner = self._name_of(self.root_of(elsewhere[0].uid))
                raise CodebookConflict(
                    f"sub-theme {name!r} belongs to theme {owner!r} in the codebook, not "
                    f"{self._name_of(self.root_of(parent))!r}; fix the theme column"
                )
        if not self.may_add:
            raise self._refuse("sub-theme", name, [s.name for s in self.codebook.subthemes])
        siblings = len(self._children.get(parent, []))
        sub = SubTheme(subtheme_uid(parent, name), self.codebook.study, name.strip(), parent, order=siblings)
        self._unclaimed("sub-themes", sub.uid, name, where, parent)
        self._add([], [sub])
        return sub.uid

    def by_path(self, path: tuple[str, ...], strict: bool = False, where: str | None = None) -> str:
        """The uid of the code at the end of a name path (theme first), adding codes where allowed.

        `strict` (the generic table's theme and sub-theme columns) refuses a sub-theme name that
        the codebook holds under another theme, since that is a typo in the theme column.
        Raises BadInput naming both when a new code's uid is another name's (see
        `loaders.name_clashes`); `where` is the place that names the path.
        """
        cached = self._by_names.get(path)
        if cached:
            return cached
        uid = self.theme(path[0], where).uid
        for name in path[1:]:
            uid = self._child(uid, name, strict, where)
        self._by_names[path] = uid
        return uid

    def by_subtheme_name(self, name: str) -> str:
        """A sub-theme named without its theme: it must be the only one of that name."""
        cached = self._by_names.get((None, name))
        if cached:
            return cached
        found = self.codebook.subthemes_named(name)
        if len(found) == 1:
            self._by_names[(None, name)] = found[0].uid
            return found[0].uid
        if found:
            raise CodebookConflict(f"sub-theme {name!r} exists under several themes; fill in 'theme'")
        raise self._refuse("sub-theme", name, [s.name for s in self.codebook.subthemes])

    # ---- codes the file declares with keys ------------------------------------------

    def declare(self, spec: CodeSpec) -> None:
        self._declared[spec.key] = spec

    def declared(self) -> Iterable[CodeSpec]:
        return self._declared.values()

    def by_key(self, key: str) -> str:
        """The uid of a declared code: by its kept uid or key, else by name under its parent.

        Raises CodebookConflict when it is outside the codebook and may not be added, and
        KeyError when the file never declared it.
        """
        if key in self._resolved:
            return self._resolved[key]
        spec = self._declared[key]
        study = self.codebook.study
        top = spec.parent is None
        for uid in (spec.uid, keyed_code_uid(study, key, top), keyed_code_uid(study, key, not top)):
            if uid and uid in self._uids:
                self._resolved[key] = uid
                return uid
        parent = None
        if spec.parent is not None:
            if spec.parent not in self._declared and spec.parent not in self._resolved:
                raise BadInput(f"the code {spec.name!r} names parent {spec.parent!r}, which the file's code tree "
                               "does not define (or defines only after it)", spec.where)
            if spec.parent in self._resolving:
                raise BadInput(f"the code {spec.name!r} is its own ancestor: its parents form a loop", spec.where)
            self._resolving.add(spec.parent)
            try:
                parent = self.by_key(spec.parent)
            finally:
                self._resolving.discard(spec.parent)
        uid = self._match_by_name(spec, parent)
        if uid is None:
            uid = self._create(spec, parent)
        self._resolved[key] = uid
        return uid

    def _match_by_name(self, spec: CodeSpec, parent: str | None) -> str | None:
        if parent is not None:
            found = self._below(parent, spec.name)
            return found.uid if found else None
        theme = self._theme_by_key.get(name_key(spec.name))
        if theme:
            return theme.uid
        # a file coded with leaf codes only, into a codebook that has them as sub-themes
        alike = self.codebook.subthemes_named(spec.name) if self.codebook else []
        return alike[0].uid if len(alike) == 1 else None

    def _create(self, spec: CodeSpec, parent: str | None) -> str:
        if not self.may_add:
            if parent is None:
                raise self._refuse("theme", spec.name, [t.name for t in self.codebook.themes])
            raise self._refuse("sub-theme", spec.name, [s.name for s in self.codebook.subthemes])
        study = self.codebook.study
        if parent is None:
            uid = spec.uid or keyed_code_uid(study, spec.key, top=True)
            order = spec.order if spec.order is not None else len(self.codebook.themes)
            self._add([Theme(uid, study, spec.name, spec.category or self._category(spec.name), order,
                             spec.description)], [])
        else:
            uid = spec.uid or keyed_code_uid(study, spec.key, top=False)
            order = spec.order if spec.order is not None else len(self._children.get(parent, []))
            self._add([], [SubTheme(uid, study, spec.name, parent, order, spec.description)])
        return uid
