"""Which study a read means: the one named, or the only one loaded; one message for a study that is not there.

Every read that needs one study (CLI, HTTP, views, briefs) takes it through `resolve_study`, so
they all refuse alike when several are loaded and none is named.
"""

from __future__ import annotations

from graph.errors import BadInput, NotFound
from graph.results import StudySummary
from graph.store import GraphStore

__all__ = ["no_study", "resolve_study", "study_summary"]

LISTED = "`themegraph studies` or GET /v1/studies lists them"


def no_study(study: str, loaded: list[str] | None = None) -> NotFound:
    """The error for a study the store does not hold; names the loaded ones when given."""
    if loaded is not None:
        return NotFound(f"no study {study!r}; loaded: {', '.join(loaded) or 'none'}")
    return NotFound(f"no study {study!r}; {LISTED}")


def study_summary(store: GraphStore, study: str | None) -> StudySummary:
    """The study named, or the only one loaded, with its counts.

    Raises NotFound for an unknown study or an empty store, and BadInput when several studies
    are loaded and none is named.
    """
    studies = store.studies()
    uids = [s.uid for s in studies]
    if study is not None:
        found = next((s for s in studies if s.uid == study), None)
        if found is None:
            raise no_study(study, uids)
        return found
    if not studies:
        raise NotFound("no study is loaded yet; load one with `themegraph load` or `themegraph demo`")
    if len(studies) > 1:
        raise BadInput(f"{len(studies)} studies are loaded ({', '.join(uids)}); name one with --study on the "
                       "command line or study= over HTTP", "study")
    return studies[0]


def resolve_study(store: GraphStore, study: str | None) -> str:
    """The uid of `study_summary(store, study)`; raises as it does."""
    return study_summary(store, study).uid
