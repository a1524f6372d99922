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
from sqlalchemy.orm import Session
from sqlalchemy.util.concurrency import await_

from db.cache import ReferenceCache
from db.models import Holiday, ScheduleRule
from db.sqlite_driver import one_trip_dbapi


def _prepare_sqlite_file(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    # a statement's values (names, NIPs, coordinates) never reach a log line or an
    # error's text (which may go to the admin chat): only the SQL with its placeholders
    kwargs.setdefault("hide_parameters", True)
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
    engine = create_async_engine(url, pool_pre_ping=True, **kwargs)
    if engine.dialect.driver == "asyncpg":
        engine.dialect.do_ping = _ping_by_beginning  # type: ignore[method-assign]
    return engine


def _ping_by_beginning(dbapi_connection: Any) -> bool:
    """The pool's pre-ping on asyncpg, in one round trip that is also the BEGIN.

    SQLAlchemy's own ping opens a transaction, sends an empty query and rolls
    back (three round trips); the first statement then sends BEGIN (a fourth).
    A BEGIN that succeeds proves the connection alive as well: the adapter
    keeps that transaction for the statements that follow, and a checkout
    that runs none ends it with the pool's rollback on return. A dead
    connection fails here, is replaced, and the update goes on (a PostgreSQL
    restart costs no update)."""
    if dbapi_connection._transaction is None and dbapi_connection.isolation_level != "autocommit":
        await_(dbapi_connection._start_transaction())  # maps asyncpg's errors itself
    else:
        dbapi_connection.ping()
    return True


CACHE_KEY = "reference_cache"
CACHED_MODELS = (ScheduleRule, Holiday)  # what bot.services.employees caches
REFERENCE_CHANGED = "reference_changed"  # session.info: this transaction wrote cached data


@event.listens_for(Session, "after_flush")
def _note_reference_changes(session: Session, _flush_context: Any) -> None:
    """A flush that writes what the ReferenceCache holds (schedules, holidays)
    marks its transaction: once it commits, this process reads them afresh
    instead of waiting out the time to live (an admin's import in the bot)."""
    if any(isinstance(obj, CACHED_MODELS)
           for obj in (*session.new, *session.dirty, *session.deleted)):
        session.info[REFERENCE_CHANGED] = True


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
        async with self.sessionmaker() as session:
            async with session.begin():
                session.info[CACHE_KEY] = self.cache
                yield session
            if session.info.get(REFERENCE_CHANGED):  # committed: no stale schedule or holiday
                self.cache.clear()

    async def dispose(self) -> None:
        await self.engine.dispose()


def dialect_insert(session: AsyncSession) -> Any:
    """``insert`` with ON CONFLICT for the session's database (both dialects
    have ``on_conflict_do_nothing`` and ``returning``)."""
    bind = session.bind
    return postgresql.insert if bind is not None and bind.dialect.name == "postgresql" else (
        sqlite.insert)
