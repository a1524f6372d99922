"""Engine and the one place transactions are opened.

Repositories and services receive a session and never commit; the caller
opens ``async with db.transaction() as session`` once per update or job run,
which commits on success and rolls back on any error.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from db.cache import ReferenceCache
from db.sqlite_driver import one_trip_dbapi


def _prepare_sqlite_file(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    if url.startswith("sqlite"):
        _prepare_sqlite_file(url)
        if make_url(url).get_driver_name() == "aiosqlite" and (dbapi := one_trip_dbapi()):
            kwargs.setdefault("module", dbapi)  # one trip to SQLite's thread per statement
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")  # WAL: safe, no fsync per commit
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_async_engine(url, pool_pre_ping=True, **kwargs)


CACHE_KEY = "reference_cache"


class Database:
    def __init__(self, url: str, *, cache_ttl_s: float = 0.0, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = create_engine(url, **engine_kwargs)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        # schedules and holidays, read on every check-in; 0 = always read afresh
        self.cache = ReferenceCache(cache_ttl_s)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        async with self.sessionmaker() as session, session.begin():
            session.info[CACHE_KEY] = self.cache
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()


def dialect_insert(session: AsyncSession) -> Any:
    """``insert`` with ON CONFLICT for the session's database (both dialects
    have ``on_conflict_do_nothing`` and ``returning``)."""
    bind = session.bind
    return postgresql.insert if bind is not None and bind.dialect.name == "postgresql" else (
        sqlite.insert)
