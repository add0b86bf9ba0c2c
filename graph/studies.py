"""Which study a read means: the one named, or the only one loaded; one message for a study that is not there.

Every read that needs one study (CLI, HTTP, views, briefs) takes it through `resolve_study`, so
they all refuse alike when several are loaded and none is named.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from graph.errors import BadInput, NotFound
from graph.results import MatrixQuery, StudySummary

if TYPE_CHECKING:  # graph.store imports the reads that import this module
    from graph.store import GraphStore

__all__ = ["no_study", "pick_study", "resolve_study", "study_summary", "scoped_matrix"]

LISTED = "`themegraph studies` or GET /v1/studies lists them"


def no_study(study: str, loaded: list[str] | None = None) -> NotFound:
    """The error for a study the store does not hold; names the loaded ones when given."""
    if loaded is not None:
        return NotFound(f"no study {study!r}; loaded: {', '.join(loaded) or 'none'}")
    return NotFound(f"no study {study!r}; {LISTED}")


def pick_study(loaded: Sequence[str], study: str | None) -> str:
    """The rule itself, over the uids of the studies loaded: the study named, or the only one.

    Raises NotFound for an unknown study or an empty store, and BadInput when several studies
    are loaded and none is named (listing them).
    """
    if study is not None:
        if study not in loaded:
            raise no_study(study, list(loaded))
        return study
    if not loaded:
        raise NotFound("no study is loaded yet; load one with `themegraph load` or `themegraph demo`")
    if len(loaded) > 1:
        raise BadInput(f"{len(loaded)} studies are loaded ({', '.join(loaded)}); name one with --study on the "
                       "command line or study= over HTTP", "study")
    return loaded[0]


def study_summary(store: GraphStore, study: str | None) -> StudySummary:
    """The study named, or the only one loaded, with its counts; raises as `pick_study` does."""
    studies = store.studies()
    uid = pick_study([s.uid for s in studies], study)
    return next(s for s in studies if s.uid == uid)


def resolve_study(store: GraphStore, study: str | None) -> str:
    """The uid of `study_summary(store, study)`; raises as it does."""
    return study_summary(store, study).uid


def scoped_matrix(store: GraphStore, query: MatrixQuery) -> MatrixQuery:
    """The matrix query as a store answers it, by the one rule: rows=study compares the studies
    named (`studies`, and `study`), or every study loaded; any other rows count one study, the
    one named or the only one loaded. Raises NotFound for an unknown study, BadInput when
    several are loaded and none is named, or several are named for rows other than study.
    """
    named = list(dict.fromkeys((*query.studies, *([query.study] if query.study else []))))
    loaded = [s.uid for s in store.studies()]
    for uid in named:
        pick_study(loaded, uid)
    if query.rows == "study":
        return query.model_copy(update={"study": None, "studies": tuple(named or loaded)})
    if len(named) > 1:
        raise BadInput(f"{len(named)} studies are named ({', '.join(named)}); compare studies with --rows study "
                       "(rows=study over HTTP), or name one", "study")
    return query.model_copy(update={"study": pick_study(loaded, named[0] if named else None), "studies": ()})
