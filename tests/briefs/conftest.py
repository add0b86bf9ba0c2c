"""Stores holding the known dataset or the bundled sample, on each store kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.store import GraphStore
from loaders.pipeline import LoadOptions, load_paths
from tests.factories import SAMPLE, STUDY, load_known


@pytest.fixture
def known(store: GraphStore, tmp_path: Path) -> GraphStore:
    """The hand-worked dataset of tests/factories.known_rows (study 'known')."""
    load_known(store, tmp_path)
    return store


@pytest.fixture
def sample(store: GraphStore) -> GraphStore:
    """The bundled illustrative sample (study llm-mental-health-2024)."""
    load_paths(store, [SAMPLE], LoadOptions(study=STUDY, codebook="reference"))
    return store
