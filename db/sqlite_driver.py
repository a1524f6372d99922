"""SQLAlchemy's aiosqlite adapter, with one trip to the SQLite thread per statement.

aiosqlite runs the sqlite3 connection in its own thread, and the stock adapter
goes there four times for every statement (make a cursor, execute, fetch the
rows, close the cursor). Each trip is a hand-over between threads, and on a
busy machine each hand-over waits for a CPU: the check-in path paid more for
those than for SQLite itself. This cursor does the four steps in one function
run in that thread and keeps what it returns (the rows, the description, the
row count and the last row id), so a statement costs one hand-over.

Only the plain (buffered) cursor changes; server-side cursors, commits,
rollbacks and connecting are aiosqlite's own. It uses ``Connection._execute``
(aiosqlite's "run this in the connection's thread"), as SQLAlchemy's adapter
itself uses aiosqlite's internals; without it the stock cursor is used.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Sequence
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util.concurrency import await_

_Outcome = tuple[Any, int, int | None, list[Any] | None]


def _run(conn: sqlite3.Connection, operation: str, parameters: Any, many: bool) -> _Outcome:
    """In the SQLite thread: the whole life of one cursor."""
    cursor = conn.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        rows = cursor.fetchall() if cursor.description else None
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ("_outcome",)

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        # no aiosqlite cursor (that would be a trip of its own): _run makes one
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = {}  # type: ignore[assignment]
        self._rows: collections.deque[Any] = collections.deque()
        self._outcome: _Outcome = (None, -1, None, None)

    @property
    def description(self) -> Any:
        return self._outcome[0]

    @property
    def rowcount(self) -> int:
        return self._outcome[1]

    @property
    def lastrowid(self) -> int:
        return self._outcome[2]  # type: ignore[return-value]  # sqlite3's, None before any

    async def _async_soft_close(self) -> None:
        return None  # nothing is left open in the thread

    def close(self) -> None:
        self._rows.clear()

    def setinputsizes(self, *inputsizes: Any) -> None:
        return None  # sqlite3 ignores them too

    def _trip(self, operation: Any, parameters: Any, many: bool) -> Any:
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        try:
            outcome: _Outcome = await_(connection._execute(
                _run, connection._conn, operation, parameters, many))
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        self._outcome = outcome
        self._rows = collections.deque(outcome[3] or ())
        return None

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        return self._trip(operation, parameters, many=False)

    def executemany(self, operation: Any, seq_of_parameters: Sequence[Any]) -> Any:
        return self._trip(operation, seq_of_parameters, many=True)


class _Connection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneTripCursor  # type: ignore[assignment]  # a subclass of it


class OneTripDbapi(AsyncAdapt_aiosqlite_dbapi):
    """The ``module`` to give ``create_async_engine`` for sqlite+aiosqlite URLs."""

    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        stock = super().connect(*arg, **kw)
        return _Connection(self, stock._connection)


def one_trip_dbapi() -> AsyncAdapt_aiosqlite_dbapi | None:
    """The adapter when this aiosqlite has what it needs, else None (stock adapter)."""
    if not hasattr(aiosqlite.Connection, "_execute"):
        return None
    return OneTripDbapi(aiosqlite, sqlite3)
