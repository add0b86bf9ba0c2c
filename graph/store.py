"""The one seam between the front (loaders, API, command line) and a graph store.

`GraphStore` is what routes and commands call; `Neo4jStore` and `MemoryStore` implement it,
and `tests/contract/` demands identical answers from both.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from graph.agreement.spans import StudySpans
from graph.codebook import Codebook
from graph.concepts import ConceptCount
from graph.cooccurrence import Cooccurrence, CooccurrenceQuery
from graph.experts import ExpertProfile, ExpertSummary
from graph.model import GraphBatch
from graph.neighborhood import Subgraph
from graph.quotes import QuotePage, QuoteQuery
from graph.results import (
    GraphDump,
    Matrix,
    MatrixQuery,
    Stats,
    StudySummary,
    ThemeNode,
    WriteSummary,
)
from graph.saturation import Saturation
from graph.stores.write_rules import EntryId

__all__ = ["GraphStore"]


@runtime_checkable
class GraphStore(Protocol):
    name: str

    def ping(self) -> None:
        """Return when the store answers; raise StoreUnavailable otherwise."""

    def close(self) -> None: ...

    def version(self) -> str:
        """A token that changes whenever a write changes what reads answer (from any process),
        so that answers computed elsewhere (briefs, suggesters) can be kept until then."""

    # writes
    def write(self, batch: GraphBatch) -> WriteSummary:
        """Upsert one file's records atomically: all of them or none. Idempotent."""

    def write_chunks(self, chunks: Iterable[GraphBatch], quotes: int, more: bool = False) -> WriteSummary:
        """`write` for a file read in chunks (re-iterable; `quotes` in all): all of them or none.

        The embedded store applies them to one copy of its graph; Neo4j writes up to a limit in
        one transaction, above it one per chunk, undoing the load if one fails. `more`: another
        file into the same study follows in this load (Neo4j counts the study's summary once,
        after the last; until then it is counted when read).
        """

    def delete_study(self, study: str) -> None:
        """Remove a study with its experts, sources, quotes and codes; raise NotFound."""

    def clear(self) -> None: ...

    # reads
    def codebook(self, study: str) -> Codebook:
        """The study's themes and sub-themes (an empty Codebook if it has none yet)."""

    def studies(self) -> list[StudySummary]: ...

    def themes(self, study: str | None = None, by: str | None = None) -> list[ThemeNode]:
        """The theme tree with experts and quotes counted at every node, split by `by`
        (profession or an attribute) on request; raises NotFound, BadInput."""

    def matrix(self, query: MatrixQuery) -> Matrix:
        """Rows (profession, expert, study or an attribute) by codes at a level (graph.levels) of
        the studies in `query.scope()` (None: every study pooled; `graph.studies.scoped_matrix`
        applies the one-study rule first); raises BadInput, NotFound."""

    def quotes(self, query: QuoteQuery) -> QuotePage:
        """One page of the quotes matching every filter; raises BadInput (cursor), NotFound (study)."""

    def experts(self, study: str | None = None, profession: str | None = None) -> list[ExpertSummary]: ...

    def expert(self, uid: str) -> ExpertProfile:
        """An expert's attributes, codes raised with counts, and quotes; raises NotFound."""

    def cooccurrence(self, query: CooccurrenceQuery) -> Cooccurrence: ...

    def neighborhood(self, uid: str, depth: int = 1, limit: int = 200, study: str | None = None) -> Subgraph:
        """Nodes within `depth` steps of the node with that uid (or name), keeping to one study:
        the node's own, or for a node shared by studies (a profession, a concept) `study`, which
        may be left out when one study is loaded. Raises NotFound, BadInput (several studies
        loaded and none named, or a study other than the node's)."""

    def concepts(self, study: str | None = None, by: str | None = None) -> list[ConceptCount]:
        """Concepts mentioned, most widely first, split by profession, an attribute, 'subtheme' or
        'theme' on request; raises NotFound, BadInput."""

    def saturation(self, study: str | None = None, level: str = "subtheme") -> Saturation:
        """New codes per successive interview (source), at a level (graph.levels)."""

    def stats(self, study: str | None = None) -> Stats:
        """Counts of every kind (codings: distinct quote-code pairs) in one study, or in the whole
        store; raises NotFound for an unknown study."""

    def coded_spans(self, study: str) -> StudySpans:
        """Every coding of the study with its quote's source, start, end and coders, the sources'
        lengths and the study's coders (for intercoder agreement); raises NotFound."""

    def stored(self, ids: list[EntryId]) -> dict[EntryId, dict]:
        """What the graph holds of those entries (graph.stores.write_rules: nodes named 'Label|key',
        codings by their (quote node, code node) pair), with their properties as in `dump`."""

    def dump(self) -> GraphDump:
        """The whole graph in canonical form, for export, checksums and store comparisons."""
