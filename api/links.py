"""The links the API hands out: the graph returns filters, this module turns them into requests."""

from __future__ import annotations

from urllib.parse import urlencode

from pydantic import Field

from graph.results import Matrix

__all__ = ["quotes_href", "MatrixPublic", "public_matrix"]


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
