"""Schemathesis against the app's own /openapi.json, in process (ASGI, no network).

Every operation gets generated requests that fit its declared schema (positive) and requests
that break it (negative); every response must be no 5xx, a status the document declares, a
declared content type and a body matching the declared schema (problem+json for errors), and
write operations must refuse requests without the key. A counting wrapper around the app
counts what really reached it. Writes run with the key, and the sample is loaded again after
any write that changed the graph, so reads keep being fuzzed against real data.

THEMEGRAPH_FUZZ_EXAMPLES sets the examples per operation and mode (default 40: over 1,000
requests); THEMEGRAPH_FUZZ_SEED makes a run differ from the fixed default.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import Unsatisfiable

from api.app import create_app
from api.settings import Settings
from graph.checksum import store_checksum
from graph.store import GraphStore
from graph.stores.memory import MemoryStore
from loaders.pipeline import LoadOptions, load_paths
from tests.conftest import open_neo4j
from tests.factories import SAMPLE, STUDY

KEY = "fuzz-key-0123456789abcdef"
EXAMPLES = int(os.environ.get("THEMEGRAPH_FUZZ_EXAMPLES", "40"))
SEED = int(os.environ.get("THEMEGRAPH_FUZZ_SEED", "9"))
MODES = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)

# A 400 is the documented answer for schema-valid values the data makes wrong (an attribute the
# experts do not have, a cursor the API did not hand out, reset without confirm=everything).
CONFIG = schemathesis.Config.from_dict({
    "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404"]}},
})


class CountingApp:
    """ASGI wrapper counting the responses the app really sent, by status."""

    def __init__(self, app: Callable) -> None:
        self.app = app
        self.statuses: Counter[int] = Counter()

    async def __call__(self, scope, receive, send) -> None:
        async def counted(message) -> None:
            if message["type"] == "http.response.start":
                self.statuses[message["status"]] += 1
            await send(message)

        await self.app(scope, receive, counted if scope["type"] == "http" else send)


@dataclass
class FuzzRun:
    cases: Counter[str] = field(default_factory=Counter)
    failures: dict[str, str] = field(default_factory=dict)
    restored: int = 0
    no_negative: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    def summary(self) -> str:
        by_class = Counter(f"{s // 100}xx" for s in self.statuses.elements())
        operations = len({k.rsplit(" [", 1)[0] for k in self.cases})
        return (f"{sum(self.cases.values())} cases over {operations} operations ({len(self.cases)} operation-modes; "
                f"no negative mode for {len(self.no_negative)}), {self.requests} requests "
                f"({dict(sorted(by_class.items()))}), store reloaded {self.restored}x after writes")


def load_sample(store: GraphStore) -> None:
    load_paths(store, [SAMPLE], LoadOptions(study=STUDY, codebook="reference"))


def fuzz(store: GraphStore, examples: int) -> FuzzRun:
    """Fuzz every operation of an app over `store` (holding the sample) in both modes."""
    app = CountingApp(create_app(Settings(store="memory", api_key=KEY, max_upload_mb=1), store=store))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=CONFIG)
    run = FuzzRun()
    baseline = store_checksum(store)
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in MODES:
            _fuzz_operation(operation, mode, store, baseline, examples, run)
    run.statuses = app.statuses
    return run


def _fuzz_operation(operation, mode, store: GraphStore, baseline: str, examples: int, run: FuzzRun) -> None:
    label = f"{operation.label} [{mode.value}]"
    writes = operation.method.upper() != "GET"

    @seed(SEED)
    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(mode))
    def one(case: schemathesis.Case) -> None:
        run.cases[label] += 1
        try:
            case.call_and_validate(headers={"X-API-Key": KEY} if writes else None)
        except (AssertionError, BaseExceptionGroup) as exc:  # FailureGroup is a BaseExceptionGroup
            run.failures.setdefault(label, str(exc)[:3000])
        if writes and store_checksum(store) != baseline:
            store.clear()
            load_sample(store)
            run.restored += 1

    try:
        one()
    except Unsatisfiable:
        if mode is not schemathesis.GenerationMode.NEGATIVE:
            raise
        run.no_negative.append(operation.label)  # nothing to break: no parameters, no body


def test_fuzz_every_operation_on_the_embedded_store(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "store")
    load_sample(store)
    run = fuzz(store, EXAMPLES)
    print(f"\nfuzz, embedded store: {run.summary()}")
    assert not run.failures, "\n\n".join(f"== {k}\n{v}" for k, v in run.failures.items())
    assert not [s for s in run.statuses if s >= 500], run.statuses
    positive = {k for k in run.cases if k.endswith("[positive]")}
    assert len(positive) >= 15 and len(run.cases) + len(run.no_negative) == 2 * len(positive)
    if EXAMPLES >= 40:
        assert run.requests >= 1000, run.summary()


@pytest.mark.neo4j
def test_fuzz_every_operation_on_neo4j(neo4j_uri: str) -> None:
    store = open_neo4j(neo4j_uri)
    store.clear()
    try:
        load_sample(store)
        run = fuzz(store, max(3, EXAMPLES // 4))
        print(f"\nfuzz, Neo4j: {run.summary()}")
        assert not run.failures, "\n\n".join(f"== {k}\n{v}" for k, v in run.failures.items())
        assert not [s for s in run.statuses if s >= 500], run.statuses
    finally:
        store.clear()
        store.close()
