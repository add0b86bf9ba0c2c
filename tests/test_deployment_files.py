"""No Docker engine runs here: the compose file and Dockerfile are checked for structure."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_compose_runs_neo4j_with_healthcheck_and_volume_and_api_waits_for_it() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    neo4j = compose["services"]["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    volume = neo4j["volumes"][0].split(":")
    assert volume[1] == "/data" and volume[0] in compose["volumes"]
    api = compose["services"]["api"]
    assert api["build"] == "."
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert api["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert api["environment"]["NEO4J_PASSWORD"] == neo4j["environment"]["NEO4J_AUTH"].split("/", 1)[1]


def test_dockerfile_installs_the_packages_and_serves() -> None:
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    assert lines[0].startswith("FROM python:3.11")
    copied = {line.split()[1] for line in lines if line.startswith("COPY")}
    assert {"graph", "api", "loaders", "examples", "scripts/install.sh"} <= copied
    assert any("requirements.lock" in line for line in lines if line.startswith("COPY"))
    assert any(line.startswith("RUN bash scripts/install.sh") for line in lines), "the image installs the lock"
    assert lines[-1] == 'CMD ["themegraph", "serve", "--host", "0.0.0.0", "--port", "8000"]'


def test_the_lock_pins_every_package_with_hashes() -> None:
    lock = (ROOT / "requirements.lock").read_text()
    pins = [line for line in lock.splitlines() if line[:1].isalnum()]
    assert len(pins) > 50 and all("==" in pin for pin in pins), pins[:5]
    assert lock.count("--hash=sha256:") >= len(pins)
    names = {pin.split("==")[0].lower() for pin in pins}
    assert {"fastapi", "neo4j", "networkx", "spacy", "typer", "pytest", "uv", "hatchling"} <= names
