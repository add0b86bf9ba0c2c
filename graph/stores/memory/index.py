"""Lookups over one embedded-store graph, each built on first use and kept with the graph.

A graph is never changed once a write has swapped it in (writes are copy-on-write), so what
is derived from it stays exact for as long as the store holds that graph; `MemoryStore`
keeps one `GraphIndex` beside its answers and drops both when the graph is replaced.

Adjacency is read from networkx's own dicts (`_succ`, `_pred`, `_node`): its views build
an object per call, which was most of the time of the reads that visit every coding.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

import networkx as nx

from graph.stores.memory.records import QuoteRecord
from graph.stores.memory.text_index import TokenIndex

__all__ = ["GraphIndex", "Said", "Speakers", "out"]

T = TypeVar("T")
_MISSING = object()


@dataclass(frozen=True)
class Speakers:
    """The first speaker of each quote (its first SAID edge), and every speaker of the quotes
    said by more than one expert (none in a well-formed load)."""

    first: dict[str, str]
    several: dict[str, list[str]]


@dataclass(frozen=True)
class Said:
    """Distinct quotes, how many of them each expert said first (a quote without a speaker
    under None), those said by more than one expert, and who said them."""

    quotes: frozenset[str]
    first: Counter
    shared: set[str]
    speakers: Speakers


def out(g: nx.MultiDiGraph, node: str, rel: str) -> list[str]:
    """The targets of `node`'s `rel` edges, in edge order."""
    return [v for v, keys in g._succ[node].items() if rel in keys]


class GraphIndex:
    """The nodes, code branches, codings and speakers of `g`, for the embedded store's reads."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.g = g
        self._nodes: dict[tuple[str, str | None], list[tuple[str, dict]]] = {}
        self._chains: dict[str, tuple[str, ...]] = {}
        self._coded: dict[str, frozenset[str]] = {}
        self._quote_ids: dict[str | None, frozenset[str]] = {}
        self._quote_lists: dict[str, list[str]] = {}
        self._kept: dict[str, dict[Hashable, object]] = defaultdict(dict)
        self._weights: dict[str, int] = defaultdict(int)

    def kept(self, kind: str, key: Hashable, compute: Callable[[], T], most: int,
             weight: Callable[[T], int] | None = None) -> T:
        """`compute()`, kept with the graph under `key`, with at most `most` results of a
        `kind` (all dropped when there would be more): for what several reads share. With
        `weight`, `most` bounds the results' total weight instead of their number."""
        held = self._kept[kind]
        found = held.get(key, _MISSING)
        if found is _MISSING:
            found = compute()
            w = weight(found) if weight else 1
            if self._weights[kind] + w > most:
                held.clear()
                self._weights[kind] = 0
            if w <= most:
                held[key] = found
                self._weights[kind] += w
        return found  # type: ignore[return-value]

    @cached_property
    def _labelled(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for n, a in self.g._node.items():
            found[a["label"]].append(n)
        return found

    def nodes(self, label: str, study: str | None = None) -> list[tuple[str, dict]]:
        """(id, attributes) of the nodes with `label` (and `study`), in graph order."""
        attrs = self.g._node
        if label == "Quote":  # too many to keep a list of pairs beside the graph (57 MB at 1M): their ids only
            return [(n, attrs[n]) for n in self._quotes_of(study)]
        key = (label, study)
        if key not in self._nodes:
            self._nodes[key] = [(n, attrs[n]) for n in self._labelled.get(label, ())
                                if study is None or attrs[n].get("study") == study]
        return self._nodes[key]

    def _quotes_of(self, study: str | None) -> list[str]:
        if study is None:
            return self._labelled.get("Quote", [])
        if study not in self._quote_lists:
            attrs = self.g._node
            # a QuoteRecord's slot read directly: its get() is a Python call, a second per quote at 1M
            self._quote_lists[study] = [n for n in self._labelled.get("Quote", ())
                                        if (a.study if type(a := attrs[n]) is QuoteRecord else a.get("study")) == study]
        return self._quote_lists[study]

    @cached_property
    def codes(self) -> list[str]:
        """Every theme and sub-theme."""
        return [*self._labelled.get("Theme", ()), *self._labelled.get("SubTheme", ())]

    def chain(self, code: str) -> tuple[str, ...]:
        """The code itself and every code above it, nearest first; the theme is last."""
        if code not in self._chains:
            chain = [code]
            while parents := out(self.g, chain[-1], "PART_OF"):
                chain.append(parents[0])
            self._chains[code] = tuple(chain)
        return self._chains[code]

    @cached_property
    def _below(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for code in self.codes:
            for node in self.chain(code):
                found[node].append(code)
        return found

    def below(self, node: str) -> list[str]:
        """The codes at or below `node`."""
        return self._below.get(node, [])

    def at_level(self, code: str, level: str) -> str | None:
        """The code a coding at `code` counts in at a level (graph.levels): its theme, or the code
        one level below its theme (a theme without sub-themes itself); None for a coding at a
        theme that has sub-themes, at the sub-theme level."""
        chain = self.chain(code)
        if level == "theme":
            return chain[-1]
        if len(chain) >= 2:
            return chain[-2]
        return code if len(self.below(code)) == 1 else None

    def is_at_level(self, code: str, level: str) -> bool:
        """Whether the code is one of a level's codes (see `at_level`)."""
        return self.at_level(code, level) == code

    def nodes_in(self, label: str, scope: tuple[str, ...] | None) -> list[tuple[str, dict]]:
        """`nodes(label)` of the studies in `scope` (None: of every study)."""
        if scope is None:
            return self.nodes(label)
        return [x for study in scope for x in self.nodes(label, study)]

    def quotes_at(self, code: str) -> frozenset[str]:
        """The quotes coded at `code` itself."""
        if code not in self._coded:
            self._coded[code] = frozenset([q for q, keys in self.g._pred[code].items() if "CODED_AS" in keys])
        return self._coded[code]

    def theme_only(self, themes: Iterable[str]) -> int:
        """How many quotes are coded to one of these themes itself and to no code below it (graph.levels)."""
        found: set[str] = set()
        for theme in themes:
            below = [c for c in self.below(theme) if c != theme]
            if below:
                found.update(self.quotes_at(theme).difference(*(self.quotes_at(c) for c in below)))
        return len(found)

    def quote_ids(self, study: str | None) -> frozenset[str]:
        """Every quote (of `study`, if given)."""
        if study not in self._quote_ids:
            self._quote_ids[study] = frozenset(self._quotes_of(study))
        return self._quote_ids[study]

    def said_under(self, codes: frozenset[str], study: str | None = None, speakers: Speakers | None = None) -> Said:
        """The quotes coded at any of `codes` (of `study`, if given) and who said them, taken
        from `speakers` if given (they must cover those quotes)."""
        def compute() -> Said:
            quotes = frozenset().union(*map(self.quotes_at, codes))
            if study is not None:
                quotes &= self.quote_ids(study)
            said = speakers or self._speakers_of(quotes)
            return Said(quotes, Counter(map(said.first.get, quotes)), said.several.keys() & quotes, said)

        return self.kept("said", (codes, study), compute, most=256)

    def _speakers_of(self, quotes: frozenset[str]) -> Speakers:
        if "speakers" in self.__dict__ or len(quotes) * 4 > len(self._labelled.get("Quote", ())):
            return self.speakers
        # a few quotes: looking them up in each expert's edges is cheaper than mapping them all
        return self._said_by(quotes)

    @cached_property
    def speakers(self) -> Speakers:
        """Who said every quote."""
        return self._said_by(None)

    def _said_by(self, among: frozenset[str] | None) -> Speakers:
        first: dict[str, str] = {}
        told = 0
        succ = self.g._succ
        for e in self._labelled.get("Expert", ()):
            edges = succ[e]
            quotes = ([q for q, keys in edges.items() if "SAID" in keys] if among is None
                      else [q for q in among.intersection(edges) if "SAID" in edges[q]])
            first.update(dict.fromkeys(quotes, e))
            told += len(quotes)
        several: dict[str, list[str]] = {}
        if told > len(first):  # some quote was said by more than one expert
            pred = self.g._pred
            for q in first:
                said = [e for e, keys in pred[q].items() if "SAID" in keys]
                if len(said) > 1:
                    several[q] = said
                    first[q] = said[0]
        return Speakers(first, several)

    @cached_property
    def tokens(self) -> TokenIndex:
        """The search index of every quote's text (the store builds it when it takes the graph)."""
        return TokenIndex((n, a["text"]) for n, a in self.nodes("Quote"))
