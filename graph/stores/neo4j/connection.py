"""The store's connection to a Neo4j server: the driver, sessions, and driver errors translated.

Reads retry for `read_retry_time` (short, so that a request answers 503 within a couple of
seconds when Neo4j is down), writes for `write_retry_time` (longer, since a load should survive
a blip); the driver reconnects by itself when Neo4j returns. Errors that mean "the server is not
there" become StoreUnavailable at this edge, with what to do about it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import (
    AuthError,
    ClientError,
    DriverError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graph.errors import StoreUnavailable

__all__ = ["Connection"]

# The driver logs each retry as a warning. Where the application configured logging (the API
# server) they reach its handlers; a bare command line would print them through Python's
# last-resort handler and bury the one-line message it ends with.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


class Connection:
    def __init__(self, uri: str, auth: tuple[str, str] | None, database: str | None, read_timeout: float,
                 connect_timeout: float, read_retry_time: float, write_retry_time: float) -> None:
        self.uri = uri
        self.database = database or None
        self.read_timeout = read_timeout
        self._read_retry_time = read_retry_time
        self._driver = GraphDatabase.driver(
            uri, auth=auth, connection_timeout=connect_timeout,
            connection_acquisition_timeout=connect_timeout, max_transaction_retry_time=write_retry_time,
        )

    def session(self, read: bool = False) -> neo4j.Session:
        """A session; a read session fails fast (a request should answer 503 in a second or two,
        not after 10+ s of retries) and the server refuses writes in it."""
        if read:
            return self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS,
                                        max_transaction_retry_time=self._read_retry_time, initial_retry_delay=0.1)
        return self._driver.session(database=self.database, default_access_mode=neo4j.WRITE_ACCESS)

    @contextmanager
    def translated(self) -> Iterator[None]:
        """Driver errors that mean 'the server is not there' become StoreUnavailable."""
        try:
            yield
        except AuthError as exc:
            raise StoreUnavailable(
                f"Neo4j at {self.uri} refused the credentials; check NEO4J_USERNAME and NEO4J_PASSWORD"
            ) from exc
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise StoreUnavailable(
                f"Neo4j at {self.uri} does not answer ({type(exc).__name__}); "
                "start it (scripts/neo4j-dev.sh start) or check NEO4J_URI"
            ) from exc
        except TransientError as exc:  # e.g. the database is starting or stopping, a lock wait timed out
            raise StoreUnavailable(
                f"Neo4j at {self.uri} cannot serve this now ({exc.code}); try again in a few seconds"
            ) from exc
        except ClientError as exc:
            if "TransactionTimedOut" not in (exc.code or ""):
                raise
            raise StoreUnavailable(
                f"Neo4j took longer than {self.read_timeout:g} s (THEMEGRAPH_READ_TIMEOUT) to answer; "
                "narrow the request (a study, a category) or raise the timeout"
            ) from exc
        except DriverError as exc:
            raise StoreUnavailable(f"Neo4j driver error talking to {self.uri}: {exc}") from exc

    def verify(self) -> None:
        with self.translated():
            self._driver.verify_connectivity()

    def close(self) -> None:
        self._driver.close()
