"""Durability tests run the production server set-up (bench/server.py) against a database of their own, chosen by
DATABASE_URL as the rest of the suite is: PostgreSQL when it names one, SQLite otherwise. They kill processes and
restart PostgreSQL, so `make test` runs them on their own, after everything else (-m durability)."""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest

from bench.server import database_url, have_postgres, sqlite_path

NAME = "durability"
PORT = 8791


@dataclass(frozen=True)
class StoredResponse:
    token: str
    answers: dict[str, Any]

    def mentions(self, marker: str) -> bool:
        return marker in json.dumps(self.answers)


@pytest.fixture
def database() -> str:
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        if not have_postgres():
            pytest.fail("DATABASE_URL names PostgreSQL but none answers on 127.0.0.1:5432")
        return "postgresql"
    return "sqlite"


def stored_responses(database: str) -> list[StoredResponse]:
    """Every response in the durability database, read straight from it (not through the server)."""
    query = "SELECT idempotency_token, answers FROM responses_response"
    if database == "sqlite":
        with sqlite3.connect(sqlite_path(NAME)) as connection:
            rows = connection.execute(query).fetchall()
    else:
        with psycopg.connect(
            database_url(database, NAME).replace("postgres://", "postgresql://")
        ) as connection:
            rows = connection.execute(query).fetchall()
    return [
        StoredResponse(
            token=str(token).replace("-", ""),
            answers=answers if isinstance(answers, dict) else json.loads(answers),
        )
        for token, answers in rows
    ]
