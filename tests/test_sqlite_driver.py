"""The one-trip SQLite cursor answers like the stock aiosqlite adapter."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from db.session import create_engine
from db.sqlite_driver import OneTripCursor


async def test_rows_counts_and_ids_come_back_in_one_trip(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'd.db'}")
    try:
        async with engine.begin() as conn:
            raw = await conn.get_raw_connection()
            assert isinstance(raw.dbapi_connection.cursor(), OneTripCursor)  # type: ignore[union-attr]
            await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
            inserted = await conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
            assert inserted.lastrowid == 1
            await conn.execute(text("INSERT INTO t (v) VALUES (:v)"), [{"v": "b"}, {"v": "c"}])
            updated = await conn.execute(text("UPDATE t SET v = 'x' WHERE id > 1"))
            assert updated.rowcount == 2
            returned = await conn.execute(text("INSERT INTO t (v) VALUES ('d') RETURNING id"))
            assert returned.scalar_one() == 4
            rows = (await conn.execute(text("SELECT id, v FROM t ORDER BY id"))).all()
            assert [tuple(r) for r in rows] == [(1, "a"), (2, "x"), (3, "x"), (4, "d")]
            assert (await conn.execute(text("SELECT v FROM t WHERE id = 9"))).first() is None
        async with engine.connect() as conn:  # committed
            assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar_one() == 4
            assert (await conn.execute(text("PRAGMA journal_mode"))).scalar_one() == "wal"
    finally:
        await engine.dispose()
