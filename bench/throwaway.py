"""A throwaway PostgreSQL database for a benchmark run, dropped at the end."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.engine import make_url

from db.session import create_engine

PG_SERVER = os.environ.get("HADIR_BENCH_POSTGRES_URL",
                           "postgresql+asyncpg://postgres@127.0.0.1:5432/test")


async def _admin(sql: str) -> None:
    engine = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


@asynccontextmanager
async def throwaway_database(prefix: str) -> AsyncIterator[str]:
    """The URL of a new empty database ``{prefix}_{pid}`` on the test server."""
    name = f"{prefix}_{os.getpid()}"
    url = make_url(PG_SERVER).set(database=name).render_as_string(hide_password=False)
    await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await _admin(f'CREATE DATABASE "{name}"')
    try:
        yield url
    finally:
        await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
