"""The links the API hands out: the graph returns filters, this module turns them into requests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode

from pydantic import Field

from graph.results import Matrix
from graph.views.page import ServedLinks

__all__ = ["quotes_href", "MatrixPublic", "public_matrix", "ExplorerLinks", "ViewLinks"]

Params = Mapping[str, str | int | Sequence[str] | None]


def quotes_href(filters: dict[str, str] | None) -> str:
    """The /v1/quotes request for those filters ('' when there are none to select by)."""
    return f"/v1/quotes?{urlencode(filters)}" if filters else ""


class MatrixPublic(Matrix):
    cell_quotes: list[list[str]] = Field(
        description="For each cell, the /v1/quotes request that lists the quotes behind it.")


def public_matrix(m: Matrix) -> MatrixPublic:
    """The matrix as the API and the command line give it: with the request behind every cell."""
    return MatrixPublic(**dict(m), cell_quotes=[[quotes_href(m.cell_filter(i, j)) for j in range(len(m.cols))]
                                                for i in range(len(m.rows))])


def _query(params: Params) -> str:
    """A query string of the params that have a value (lists repeat their key), or ''."""
    pairs = [(k, v) for k, v in params.items() if v not in (None, "", [], ())]
    return "?" + urlencode(pairs, doseq=True) if pairs else ""


@dataclass(frozen=True)
class ExplorerLinks:
    """The explorer's pages (/explore/...) of one study, under the app's root path."""

    study: str
    root: str = ""

    @property
    def home(self) -> str:
        return f"{self.root}/explore"

    @property
    def base(self) -> str:
        return f"{self.root}/explore/{quote(self.study, safe='')}"

    def page(self, name: str = "", **params: str | int | Sequence[str] | None) -> str:
        """A page of the study ('' the study itself, 'matrix', 'graph', 'cooccurrence'...) with its params."""
        return self.base + (f"/{name}" if name else "") + _query(params)

    def quotes(self, filters: Params | None = None) -> str:
        """The quotes page for /v1/quotes filters (a study among them is this page's own)."""
        return self.page("quotes", **{k: v for k, v in (filters or {}).items() if k != "study"})

    def expert(self, uid: str) -> str:
        return f"{self.base}/experts/{quote(uid, safe='')}"

    def code(self, uid: str) -> str:
        return f"{self.base}/codes/{quote(uid, safe='')}"

    def api(self, path: str, **params: str | int | Sequence[str] | None) -> str:
        """A request to the JSON API (path from /v1/...) of this study."""
        return f"{self.root}{path}" + _query({"study": self.study, **params})


@dataclass(frozen=True)
class ViewLinks(ServedLinks):
    """The served /views/ pages' links, with the quotes behind a node or an edge opening in the
    explorer (for the view's study) instead of as JSON."""

    study: str | None = None

    def href(self, path: str) -> str:
        route, _, query = path.partition("?")
        if route != "/v1/quotes":
            return super().href(path)
        filters = dict(parse_qsl(query))
        study = filters.get("study") or self.study
        if not study:
            return super().href(path)
        return ExplorerLinks(study, self.root).quotes(filters)
