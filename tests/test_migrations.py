"""The migrations build exactly the tables the models describe, both ways."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from db.base import Base
from db.migrate import alembic_config, current_revision, head_revision
from db.session import Database


async def test_migrated_schema_matches_the_models(db: Database) -> None:
    def diff(connection: Any) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    async with db.engine.connect() as connection:
        assert await connection.run_sync(diff) == []
    assert await current_revision(db.engine) == head_revision()


async def test_downgrade_to_base_and_back(db: Database) -> None:
    from alembic import command

    def run(connection: Any, action: str, target: str) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        getattr(command, action)(config, target)

    async with db.engine.begin() as connection:
        await connection.run_sync(run, "downgrade", "base")
    assert await current_revision(db.engine) is None
    async with db.engine.begin() as connection:
        await connection.run_sync(run, "upgrade", "head")
    assert await current_revision(db.engine) == head_revision()
