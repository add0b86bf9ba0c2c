"""One settings class, read from the environment at start-up and passed down."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "load_settings"]


class Settings(BaseSettings):
    """THEMEGRAPH_* variables, plus Neo4j's own NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE."""

    model_config = SettingsConfigDict(env_prefix="THEMEGRAPH_", extra="ignore", populate_by_name=True)

    store: Literal["auto", "memory", "neo4j"] = "auto"
    data_dir: Path = Path(".themegraph")
    api_key: SecretStr | None = None
    read_timeout: float = Field(30.0, gt=0, le=600)
    neo4j_tx_quotes: int = Field(20_000, ge=1, description="Files with more quotes are written to Neo4j in a "
                                 "transaction per chunk (staged) instead of one.")
    neo4j_load_lease: float = Field(20.0, ge=1, le=3600, description="Seconds without a heartbeat after which a "
                                    "staged Neo4j load or delete is taken for dead and undone or finished.")
    neo4j_warm: bool = Field(True, description="After each load into Neo4j, and for every stored study when the "
                             "API starts, run the study's first reads in the background so that Neo4j has "
                             "planned them before a person asks.")
    cors_origins: list[str] = []
    max_upload_mb: int = Field(100, ge=1, le=10_000)
    suggest_seconds: float = Field(120.0, gt=0, le=3600, description="Seconds a suggester may train before the "
                                   "request is refused (422).")
    heavy_requests: int = Field(2, ge=1, le=64, description="Suggestion and brief requests computed at once; more "
                                "wait a moment, then get 503 with Retry-After.")
    body_timeout: float = Field(120.0, gt=0, le=3600, description="Seconds a request body may take to arrive.")
    spacy_model: str | None = Field(None, description="An installed pretrained spaCy pipeline for concepts.")
    neo4j_uri: str | None = Field(None, validation_alias="NEO4J_URI")
    neo4j_username: str | None = Field(None, validation_alias="NEO4J_USERNAME")
    neo4j_password: SecretStr | None = Field(None, validation_alias="NEO4J_PASSWORD")
    neo4j_database: str | None = Field(None, validation_alias="NEO4J_DATABASE")

    @model_validator(mode="after")
    def _consistent(self) -> Settings:
        if self.store == "neo4j" and not self.neo4j_uri:
            raise ValueError("--store neo4j needs NEO4J_URI (for example bolt://127.0.0.1:7687)")
        if self.neo4j_username and self.neo4j_password is None:
            raise ValueError("NEO4J_USERNAME is set but NEO4J_PASSWORD is not")
        if self.api_key is not None and len(self.api_key.get_secret_value()) < 16:
            raise ValueError("THEMEGRAPH_API_KEY must be at least 16 characters")
        return self

    @property
    def store_kind(self) -> Literal["memory", "neo4j"]:
        if self.store == "auto":
            return "neo4j" if self.neo4j_uri else "memory"
        return self.store


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment, with command-line values (not None) taking precedence."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
